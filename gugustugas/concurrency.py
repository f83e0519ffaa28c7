"""No lost updates: optimistic locking with a version column.

A model that mixes in ``VersionedModel`` carries ``version`` (or the column its
``version_field`` names, where ``version`` already means something else, like a report's
edition). A form with ``VersionedFormMixin`` (every ``gugustugas.forms.TaskForceModelForm``
has it) sends the version it was opened with as a hidden field; saving then runs ``UPDATE
... SET version = version + 1 WHERE pk = ... AND version = <that>`` first. Zero rows
updated means someone saved in between: ``StaleEdit`` is raised, nothing is written (the
caller's transaction rolls back, related rows included), and the edit page shows the other
person's values beside the user's own, with the form ready to save again (a merge, never a
silent overwrite). The conditional update also takes the row lock, so of two saves at the
same moment exactly one wins. A workflow step bumps the version too
(``gugustugas.workflow``), so a form opened before a step is stale after it.

Writes that are not a model form (the quarterly figures, a report's narrative) check the
version under their own row lock with ``check_version`` and list their conflicts with
``conflict_row`` (a form's ``conflicts(current)`` method).

Every edit page answers a refused save the same way, through ``refused_save``: the row
read again, the table of where it differs from what the user sent, the posted form again
on the new version, status 409. ``ScopedUpdateView`` does it for the generic edit pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The hidden form field that carries the version the form was opened with.
FORM_FIELD = "version"


class StaleEdit(Exception):
    """The row changed since the form was opened."""

    def __init__(self, instance: models.Model):
        super().__init__("stale edit")
        self.instance = instance


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    version_field = "version"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        expected = getattr(self, "_expected_version", None)
        if self.pk is None or expected is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        field = self.version_field
        with transaction.atomic():
            updated = (
                type(self)
                ._base_manager.filter(pk=self.pk, **{field: expected})
                .update(**{field: F(field) + 1})
            )
            if not updated:
                raise StaleEdit(self)
            setattr(self, field, expected + 1)
            self._expected_version = None
            return super().save(*args, **kwargs)


def version_of(obj: models.Model) -> int:
    return getattr(obj, obj.version_field)


def bump(obj: models.Model) -> None:
    """Count one more change of a row the caller holds locked (``select_for_update``)."""
    if isinstance(obj, VersionedModel):
        setattr(obj, obj.version_field, version_of(obj) + 1)


def check_version(locked: models.Model, expected: int | None) -> None:
    """Under the row lock: refuse a write from a form opened at another version, and count
    this one. ``expected`` None (a script, a test) writes without the check."""
    if expected is not None and version_of(locked) != expected:
        raise StaleEdit(locked)
    bump(locked)


def version_field(initial: int) -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, initial=initial, required=False)


class VersionedFormMixin:
    """A model form of a ``VersionedModel`` carries the version it was opened with and
    hands it to the instance, whose save is then conditional on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.instance, VersionedModel):
            self.fields[FORM_FIELD] = version_field(version_of(self.instance))

    def clean(self):
        cleaned = super().clean()
        if FORM_FIELD in self.fields and self.instance.pk is not None:
            posted = cleaned.get(FORM_FIELD)
            self.instance._expected_version = (
                posted if posted is not None else version_of(self.instance)
            )
        return cleaned


def changed_fields(form, current: models.Model) -> list[dict]:
    """The fields where the saved row (``current``) differs from what the user sent:
    label, the other person's value and the user's, for the conflict page."""
    rows = []
    for name, field in form.fields.items():
        if name == FORM_FIELD or name not in form.cleaned_data:
            continue
        mine = form.cleaned_data[name]
        try:
            theirs = field.prepare_value(getattr(current, name))
            theirs_raw = getattr(current, name)
        except (AttributeError, ValueError):
            continue
        if hasattr(theirs_raw, "all"):  # many-to-many, or a form-only field (a file)
            if not isinstance(field, forms.ModelMultipleChoiceField):
                continue
            theirs_raw = list(theirs_raw.all())
            mine = list(mine)
            if {getattr(o, "pk", o) for o in theirs_raw} == {getattr(o, "pk", o) for o in mine}:
                continue
        elif (
            str(theirs_raw if theirs_raw is not None else "")
            == str(mine if mine is not None else "")
            or theirs == mine
        ):
            continue
        rows.append(conflict_row(field.label, theirs_raw, mine))
    return rows


def conflict_row(label, theirs, mine) -> dict:
    """One row of the conflict table (``includes/conflicts.html``)."""
    return {"label": label, "theirs": _display(theirs), "mine": _display(mine)}


def form_again(request, form_class, current: models.Model, **form_kwargs):
    """The posted form again, bound to the saved row and carrying its new version, so that
    saving it keeps the user's values over the other person's (the merge), and the
    warning that says so."""
    data = request.POST.copy()
    data[FORM_FIELD] = str(version_of(current))
    again = form_class(data, request.FILES or None, **form_kwargs)
    again.is_valid()
    warn_stale(request)
    return again


def refused_save(
    request,
    form,
    row: models.Model,
    page: Callable,
    *,
    bind: str = "instance",
    conflicts: Callable | None = None,
    **form_kwargs,
):
    """The answer to a save refused with ``StaleEdit``, the same on every edit page.

    ``row`` is the edited row (any copy: it is read again here). ``conflicts(form,
    current)`` lists where the saved row differs from what the user sent (default: the
    form's own ``conflicts(current)`` when it has one, else ``changed_fields``). The posted
    form is built again by its class on the saved row (passed as ``bind``: ``instance`` for
    a model form) and its new version, with ``form_kwargs``, so that saving it keeps the
    user's values (the merge). ``page(again, current, conflicts)`` renders the edit page
    with the conflict table (``includes/conflicts.html``); its answer is a 409 Conflict.
    """
    current = type(row)._default_manager.get(pk=row.pk)
    if conflicts is None:
        conflicts = getattr(type(form), "conflicts", changed_fields)
    rows = conflicts(form, current)  # before the new form writes into current
    again = form_again(request, type(form), current, **{bind: current}, **form_kwargs)
    response = page(again, current, rows)
    response.status_code = 409
    return response


def warn_stale(request) -> None:
    messages.warning(
        request,
        gettext(
            "Someone else saved this record while you were editing it. Their values are "
            "shown beside yours; check them and save again to keep yours."
        ),
    )


def _display(value) -> str:
    from django.template.defaultfilters import date as date_filter
    from django.utils import formats

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if hasattr(value, "year") and hasattr(value, "day"):
        return date_filter(value, "j F Y")
    return str(formats.localize(value, use_l10n=True))
