"""Readable audit trail from django-simple-history: who changed what, and when."""

from dataclasses import dataclass, field

from django.db import models

from gugustugas import figures


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: str
    kind: str
    changes: list[Change] = field(default_factory=list)


def _display(record, field_name: str) -> str:
    model_field = record.instance._meta.get_field(field_name)
    value = getattr(record, field_name + ("_id" if model_field.is_relation else ""), None)
    if model_field.is_relation:
        if value is None:
            return ""
        target = model_field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else f"#{value}"
    return figures.display(value, model_field)


def _names(model_field, rows) -> str:
    """A many-to-many value as simple-history stores it (a list of through-row dicts)."""
    target = model_field.related_model
    column = model_field.m2m_reverse_field_name()
    ids = [row[column] for row in rows or [] if column in row]
    return ", ".join(str(o) for o in target._default_manager.filter(pk__in=ids))


def history_for(obj: models.Model, limit: int = 50) -> list[HistoryEntry]:
    """The object's changes, newest first, each with the fields that changed."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                model_field = obj._meta.get_field(change.field)
                if model_field.many_to_many:
                    old, new = _names(model_field, change.old), _names(model_field, change.new)
                else:
                    old, new = _display(previous, change.field), _display(record, change.field)
                changes.append(Change(str(model_field.verbose_name), old, new))
        elif record.history_type != "-":
            # The oldest record we have (rows loaded by migration have none before it):
            # show what it set.
            for model_field in obj._meta.concrete_fields:
                value = "" if model_field.primary_key else _display(record, model_field.name)
                if value:
                    changes.append(Change(str(model_field.verbose_name), "", value))
        who = record.history_user.get_username() if record.history_user else "—"
        entries.append(HistoryEntry(record.history_date, who, record.history_type, changes))
    return entries
