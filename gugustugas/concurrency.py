"""No lost updates: optimistic locking with a version column.

A model that mixes in ``VersionedModel`` carries ``version``. A form built on
``gugustugas.forms.TaskForceModelForm`` sends the version it was opened with as a hidden
field; saving then runs ``UPDATE ... SET version = version + 1 WHERE pk = ... AND
version = <that>`` first. Zero rows updated means someone saved in between: ``StaleEdit``
is raised, nothing is written, and the generic edit view shows the other person's values
beside the user's own, with the form ready to save again (a merge, never a silent
overwrite). The conditional update also takes the row lock, so of two saves at the same
moment exactly one wins.
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    """The row changed since the form was opened."""

    def __init__(self, instance: models.Model):
        super().__init__("stale edit")
        self.instance = instance


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        expected = getattr(self, "_expected_version", None)
        if self.pk is None or expected is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        with transaction.atomic():
            updated = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=expected)
                .update(version=F("version") + 1)
            )
            if not updated:
                raise StaleEdit(self)
            self.version = expected + 1
            self._expected_version = None
            return super().save(*args, **kwargs)


def changed_fields(form, current: models.Model) -> list[dict]:
    """The fields where the saved row (``current``) differs from what the user sent:
    label, the other person's value and the user's, for the conflict page."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        mine = form.cleaned_data[name]
        try:
            theirs = field.prepare_value(getattr(current, name))
            theirs_raw = getattr(current, name)
        except (AttributeError, ValueError):
            continue
        if hasattr(theirs_raw, "all"):  # many-to-many
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
        rows.append({"label": field.label, "theirs": _display(theirs_raw), "mine": _display(mine)})
    return rows


def _display(value) -> str:
    from django.template.defaultfilters import date as date_filter
    from django.utils import formats
    from django.utils.translation import gettext

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if hasattr(value, "year") and hasattr(value, "day"):
        return date_filter(value, "j F Y")
    return str(formats.localize(value, use_l10n=True))
