"""Report operations beyond one workflow step: a corrected version of a signed report."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from gugustugas.workflow import TransitionError
from reports.models import Report


def new_version(report: Report, user, note: str) -> Report:
    """A draft that corrects a signed report and says so; the signed one stays as it is
    (readable and verifiable), shown as "replaced by" once the correction is published."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not locked.is_signed:
            raise TransitionError(
                _("Only a signed report is corrected by a new version; edit this one instead.")
            )
        if Report.objects.filter(replaces=locked).exists():
            raise TransitionError(_("A corrected version of this report exists already."))
        return Report.objects.create(
            task_force=locked.task_force,
            kind=locked.kind,
            year=locked.year,
            end_year=locked.end_year,
            plan=locked.plan,
            snapshot_date=locked.snapshot_date,
            version=locked.version + 1,
            replaces=locked,
            correction_note=note.strip(),
            narrative=dict(locked.narrative),
            internal_notes=dict(locked.internal_notes),
            created_by=user,
        )
