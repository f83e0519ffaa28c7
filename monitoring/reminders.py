"""Reminders of quarterly statistics, part of the daily round (``gugustugas.daily``).

The secretariat (and steering chair) of a task force that owes the last ended quarter
is told once before its deadline (``MONITORING_REMINDER_DAYS_BEFORE`` days ahead) and
once after it, if it still has not submitted; ``SubmissionReminder`` keeps each from
being sent twice. A failed e-mail is logged and not recorded, so the next round tries
again."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats, translation
from django.utils.translation import gettext as _

from gugustugas import daily
from gugustugas.access import Action
from gugustugas.models import FormationStatus, Level, TaskForce
from monitoring import services
from monitoring.models import QuarterlySubmission, SubmissionReminder
from monitoring.models.statistics import deadline, quarter_label
from monitoring.tasks import roles_with

logger = logging.getLogger(__name__)
Kind = SubmissionReminder.Kind


def due_reminders(today: datetime.date) -> list[tuple[TaskForce, int, int, str]]:
    """(task force, year, quarter, kind) of the reminders to send today."""
    year, quarter = services.recent_quarters(1, today)[0]
    result = []
    for level in (Level.REGENCY, Level.PROVINCE):
        due = deadline(level, year, quarter)
        if today > due:
            kind = Kind.AFTER
        elif today >= due - datetime.timedelta(days=settings.MONITORING_REMINDER_DAYS_BEFORE):
            kind = Kind.BEFORE
        else:
            continue
        submitted = QuarterlySubmission.objects.filter(
            year=year, quarter=quarter, submitted_at__isnull=False
        ).values("task_force_id")
        sent = SubmissionReminder.objects.filter(year=year, quarter=quarter, kind=kind).values(
            "task_force_id"
        )
        owing = (
            TaskForce.objects.filter(region__level=level, formation_status=FormationStatus.FORMED)
            .exclude(pk__in=submitted)
            .exclude(pk__in=sent)
            .select_related("region")
        )
        result += [(tf, year, quarter, kind) for tf in owing]
    return result


@daily.register("Quarterly statistics reminders")
def send_statistics_reminders(today: datetime.date) -> int:
    """Returns how many task forces were reminded."""
    from members.models import Membership

    due = due_reminders(today)
    if not due:
        return 0
    emails = defaultdict(set)
    for tf_id, email in (
        Membership.objects.current(today)
        .filter(task_force__in=[tf for tf, *_rest in due], role__in=roles_with(Action.EDIT))
        .exclude(person__email="")
        .values_list("task_force_id", "person__email")
    ):
        emails[tf_id].add(email)
    told = 0
    for tf, year, quarter, kind in due:
        if not emails[tf.pk]:
            continue
        try:
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = _message(tf, year, quarter, kind)
            send_mail(subject, body, None, sorted(emails[tf.pk]))
        except Exception:
            logger.exception("The statistics reminder to task force %s failed.", tf.pk)
            continue
        SubmissionReminder.objects.get_or_create(
            task_force=tf, year=year, quarter=quarter, kind=kind, defaults={"sent_on": today}
        )
        told += 1
    return told


def _message(tf: TaskForce, year: int, quarter: int, kind: str) -> tuple[str, str]:
    period = quarter_label(year, quarter)
    due = formats.date_format(deadline(tf.level, year, quarter), "DATE_FORMAT")
    if kind == Kind.BEFORE:
        subject = _("Statistics %(period)s due by %(deadline)s") % {
            "period": period,
            "deadline": due,
        }
        first = _(
            "The quarterly statistics of %(task_force)s for %(period)s are due by %(deadline)s."
        )
    else:
        subject = _("Statistics %(period)s overdue") % {"period": period}
        first = _(
            "The quarterly statistics of %(task_force)s for %(period)s were due by "
            "%(deadline)s and have not been submitted."
        )
    url = settings.SITE_URL.rstrip("/") + f"/taskforces/{tf.pk}/statistics/"
    body = "\n".join(
        [
            first % {"task_force": tf, "period": period, "deadline": due},
            "",
            _("Enter the figures and submit them to the level above:"),
            url,
            "",
            _("This reminder is sent once before and once after the deadline."),
        ]
    )
    return subject, body
