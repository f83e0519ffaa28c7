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


class _Names:
    """Names of related rows asked for while reading a history, fetched afterwards in one
    query per related model (a task force's trail names agencies, regions, plans...)."""

    def __init__(self) -> None:
        self.wanted: dict[type, set] = {}
        self.found: dict[tuple[type, object], str] = {}
        self.order: dict[tuple[type, object], int] = {}  # the model's own ordering

    def ask(self, model, ids) -> None:
        self.wanted.setdefault(model, set()).update(i for i in ids if i is not None)

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            # With the required parents: a name often needs one (a task force's region).
            parents = [f.name for f in model._meta.concrete_fields if f.many_to_one and not f.null]
            rows = model._default_manager.filter(pk__in=ids)
            if parents:
                rows = rows.select_related(*parents)
            for index, row in enumerate(rows):
                self.found[model, row.pk] = str(row)
                self.order[model, row.pk] = index

    def name(self, model, pk) -> str:
        if pk is None:
            return ""
        return self.found.get((model, pk), f"#{pk}")

    def names(self, model, ids) -> str:
        """Those of ``ids`` that still exist, in the model's order."""
        ids = sorted(
            (i for i in ids if (model, i) in self.found), key=lambda i: self.order[model, i]
        )
        return ", ".join(self.found[model, i] for i in ids)


def _raw(record, model_field):
    return getattr(record, model_field.attname, None)


def _m2m_ids(model_field, rows) -> list:
    """The ids of a many-to-many value as simple-history stores it (through-row dicts)."""
    column = model_field.m2m_reverse_field_name()
    return [row[column] for row in rows or [] if column in row]


def _value(names: _Names, model_field, raw):
    """A deferred display of one value: text now, or a related row's name after fetch."""
    if model_field.many_to_many:
        names.ask(model_field.related_model, raw)
        return lambda: names.names(model_field.related_model, raw)
    if model_field.is_relation:
        names.ask(model_field.related_model, [raw])
        return lambda: names.name(model_field.related_model, raw)
    text = figures.display(raw, model_field)
    return lambda: text


def history_for(obj: models.Model, limit: int = 50) -> list[HistoryEntry]:
    """The object's changes, newest first, each with the fields that changed; a fixed
    number of queries whatever the number of records (the names of related rows are
    fetched together at the end)."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    names = _Names()
    entries, deferred = [], []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                model_field = obj._meta.get_field(change.field)
                if model_field.many_to_many:
                    old = _m2m_ids(model_field, change.old)
                    new = _m2m_ids(model_field, change.new)
                else:
                    old, new = _raw(previous, model_field), _raw(record, model_field)
                changes.append(
                    (model_field, _value(names, model_field, old), _value(names, model_field, new))
                )
        elif record.history_type != "-":
            # The oldest record we have (rows loaded by migration have none before it):
            # show what it set.
            for model_field in obj._meta.concrete_fields:
                if not model_field.primary_key:
                    value = _value(names, model_field, _raw(record, model_field))
                    changes.append((model_field, None, value))
        who = record.history_user.get_username() if record.history_user else "—"
        entry = HistoryEntry(record.history_date, who, record.history_type)
        entries.append(entry)
        deferred.append((entry, changes))
    names.fetch()
    for entry, changes in deferred:
        for model_field, old, new in changes:
            label, new_text = str(model_field.verbose_name), new()
            if old is None and not new_text:
                continue  # the oldest record lists only what it set
            entry.changes.append(Change(label, old() if old else "", new_text))
    return entries
