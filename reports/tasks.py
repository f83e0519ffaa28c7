"""Report work of the task queue (``manage.py db_worker``): building the PDFs and the
e-mail of every workflow step.

A build claims the report with a conditional update (queued -> building, with the time),
so two workers never build one report; a worker killed in the middle leaves it
"building" with an old ``building_since``, which ``Report.build_stale`` reads as dead and
the page offers to build again. A failed build keeps its reason for the page.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from gugustugas.models import Role, WorkflowRecord
from members.models import Membership
from reports import pdf, sections
from reports.models import BuildStatus, Edition, Report, sha256

logger = logging.getLogger(__name__)


def enqueue_build(report: Report) -> None:
    """Queue the build once the current transaction commits (the worker must see the
    queued state and the frozen figures)."""
    report_id = report.pk
    transaction.on_commit(lambda: build_report.enqueue(report_id))


def request_build(report: Report) -> bool:
    """Queue a new build unless one is running (and alive) or the report is signed."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not locked.build_retryable:
            return False
        locked.queue_build()
        locked.save(update_fields=["build_status", "build_queued_at", "build_error"])
        enqueue_build(locked)
    report.refresh_from_db()
    return True


def _claim(report_id: int):
    now = timezone.now()
    with transaction.atomic():
        report = (
            Report.objects.select_for_update()
            .select_related("task_force__region")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.is_signed:
            return None, None
        if report.build_status != BuildStatus.QUEUED and not report.build_stale:
            return None, None
        report.build_status = BuildStatus.BUILDING
        report.building_since = now
        report.save(update_fields=["build_status", "building_since"])
    return report, now


@task()
def build_report(report_id: int) -> dict:
    report, claimed_at = _claim(report_id)
    if report is None:
        return {"built": False}
    try:
        snapshot = report.snapshot
        if report.narrative_editable or snapshot is None:
            # A draft's preview: today's figures (they are frozen only on submission).
            snapshot = sections.build_snapshot(report)
        internal, pages = pdf.render(report, snapshot, Edition.INTERNAL)
        public, _pages = pdf.render(report, snapshot, Edition.PUBLIC)
    except Exception as error:  # any failure is shown on the page, with a retry
        logger.exception("Report %s: the build failed.", report_id)
        Report.objects.filter(pk=report_id, building_since=claimed_at).update(
            build_status=BuildStatus.FAILED,
            build_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return {"built": False, "error": str(error)}
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report_id)
        if locked.building_since != claimed_at or locked.is_signed:
            return {"built": False}  # a newer build took over, or it was signed meanwhile
        stem = locked.file_stem
        locked.internal_pdf.save(f"{stem}-internal.pdf", ContentFile(internal), save=False)
        locked.public_pdf.save(f"{stem}.pdf", ContentFile(public), save=False)
        locked.internal_sha256 = sha256(internal)
        locked.public_sha256 = sha256(public)
        locked.page_count = pages
        if locked.narrative_editable:
            locked.snapshot = snapshot
            locked.snapshot_taken_at = timezone.now()
        locked.build_status = BuildStatus.DONE
        locked.build_error = ""
        locked.built_at = timezone.now()
        locked.save()
    return {"built": True, "pages": pages}


NOTIFIED_ROLES = (Role.CHAIR, Role.DAILY_CHAIR, Role.SECRETARIAT)


def recipients(report: Report, actor_id: int | None) -> list[str]:
    """The chair, the steering chair and the secretariat of the report's task force."""
    rows = (
        Membership.objects.current()
        .filter(task_force=report.task_force, role__in=NOTIFIED_ROLES)
        .exclude(person__email="")
        .select_related("person")
    )
    return sorted(
        {m.person.email for m in rows if m.person.user_id != actor_id or actor_id is None}
    )


@task()
def send_step_mail(report_id: int, record_id: int) -> dict:
    """One e-mail about one workflow step to the people who act on reports."""
    report = Report.objects.select_related("task_force__region").filter(pk=report_id).first()
    record = WorkflowRecord.objects.select_related("user").filter(pk=record_id).first()
    if report is None or record is None:
        return {"sent": 0}
    to = recipients(report, record.user_id)
    if not to:
        return {"sent": 0}
    context = {
        "report": report,
        "record": record,
        "report_url": settings.SITE_URL.rstrip("/") + report.get_absolute_url(),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("reports/email/subject.txt", context).split())
        body = render_to_string("reports/email/body.txt", context)
    EmailMessage(subject, body, to=to).send()
    return {"sent": len(to)}


def on_step_taken(sender, obj, step, record, user, **kwargs) -> None:
    """``gugustugas.workflow.step_taken`` (already after commit): queue the e-mail."""
    send_step_mail.enqueue(obj.pk, record.pk)
