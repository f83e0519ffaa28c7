"""E-mails of the quarterly statistics, sent from the task queue, never from a request.

Every step of a submission tells the other side (``on_step``, connected to
``gugustugas.workflow.step_taken``): a submission goes to the steering chair of the
level above, who reviews it; an acceptance, a return or a reopening goes to the
secretariat and steering chair of the task force that submitted. A failed e-mail is
logged and tried again later, up to ``MAIL_RETRIES`` times; the submission is never
touched by it."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import formats, translation
from django.utils.translation import gettext as _

from gugustugas.access import ROLE_ACTIONS, Action
from gugustugas.tasks import retry_later
from monitoring.models import QuarterlySubmission
from monitoring.models.statistics import parent_path

logger = logging.getLogger(__name__)

TO_REVIEWERS = {"submit", "resubmit"}


def roles_with(action: Action) -> list[str]:
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]


def addresses(region_path: str, action: Action) -> list[str]:
    """E-mail addresses of the current members whose role allows ``action`` on the task
    force of ``region_path``."""
    from members.models import Membership

    return sorted(
        set(
            Membership.objects.current()
            .filter(task_force__region__path=region_path, role__in=roles_with(action))
            .exclude(person__email="")
            .values_list("person__email", flat=True)
        )
    )


def recipients(submission: QuarterlySubmission, step: str) -> list[str]:
    path = submission.task_force.region.path
    if step in TO_REVIEWERS:
        return addresses(parent_path(path), Action.REVIEW_SUBMISSION)
    return addresses(path, Action.EDIT)


def _message(submission: QuarterlySubmission, step: str, note: str, actor: str) -> tuple[str, str]:
    subjects = {
        "submit": _("Statistics %(period)s submitted by %(task_force)s"),
        "resubmit": _("Statistics %(period)s submitted again by %(task_force)s"),
        "accept": _("Statistics %(period)s of %(task_force)s accepted"),
        "return": _("Statistics %(period)s of %(task_force)s returned for correction"),
        "reopen": _("Statistics %(period)s of %(task_force)s reopened"),
    }
    context = {"period": submission.period_label, "task_force": submission.task_force}
    lines = [subjects[step] % context, ""]
    lines.append(_("By: %(actor)s") % {"actor": actor})
    if note:
        lines.append(_("Reason or note: %(note)s") % {"note": note})
    if step in TO_REVIEWERS:
        lines.append(_("Please review the figures and accept them or return them with a reason."))
    elif step in ("return", "reopen"):
        lines.append(_("Please correct the figures and submit them again."))
    lines += ["", settings.SITE_URL.rstrip("/") + submission.get_absolute_url()]
    return subjects[step] % context, "\n".join(lines)


@task()
def send_step_email(submission_id: int, step: str, note: str, actor: str, attempt: int = 1) -> int:
    """Tell the other side of a step; returns how many were told."""
    submission = (
        QuarterlySubmission.objects.select_related("task_force__region")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return 0
    to = recipients(submission, step)
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(submission, step, note, actor)
    try:
        send_mail(" ".join(subject.split()), body, None, to)
    except Exception:
        logger.exception("Statistics e-mail for submission %s (%s) failed.", submission_id, step)
        retry_later(send_step_email, attempt, submission_id, step, note, actor, logger=logger)
        return 0
    return len(to)


def on_step(sender, obj, step, record, user, **kwargs) -> None:
    """step_taken receiver: queue the e-mail (the transaction has committed)."""
    if sender is not QuarterlySubmission:
        return
    actor = (user.get_full_name() or user.username) if user.is_authenticated else _("system")
    send_step_email.enqueue(obj.pk, step.name, record.note, str(actor))


def format_date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")
