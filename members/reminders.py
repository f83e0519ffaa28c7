"""E-mail reminders for the secretariat, part of the daily round (``gugustugas.daily``)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gugustugas import daily
from gugustugas.models import Role, TaskForce
from members.models import Membership, MoU
from members.models.partners import expiring_mous

logger = logging.getLogger(__name__)

REMINDER_DAYS = 90


def secretariat_emails(task_force: TaskForce, today: datetime.date) -> list[str]:
    """The e-mail addresses of the task force's current secretariat members."""
    emails = (
        Membership.objects.current(today)
        .filter(task_force=task_force, role=Role.SECRETARIAT)
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )
    return sorted(set(emails))


@daily.register("MoU reminders")
def send_mou_reminders(today: datetime.date) -> int:
    """Tell each task force's secretariat, once, about its signed or active MoUs that end
    within 90 days; returns how many MoUs were reminded of.

    ``reminder_sent_on`` marks an MoU as done, so a second run the same day (or the next)
    sends nothing again. A failing send is logged and leaves that MoU unmarked, so the
    next run tries again; it does not stop the others.
    """
    due = expiring_mous(TaskForce.objects.all(), today, days=REMINDER_DAYS).filter(
        reminder_sent_on__isnull=True
    )
    sent = 0
    for mou in due:
        recipients = secretariat_emails(mou.task_force, today)
        if not recipients:
            logger.warning(
                "MoU %s ends on %s, but %s has no secretariat member with an e-mail address.",
                mou.pk,
                mou.end_date,
                mou.task_force,
            )
            continue
        try:
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = _reminder(mou, today)
            send_mail(subject, body, None, recipients)
        except Exception:
            logger.exception("The expiry reminder for MoU %s could not be sent.", mou.pk)
            continue
        # Bookkeeping, not an edit of the agreement: no entry in the MoU's change history.
        MoU.objects.filter(pk=mou.pk).update(reminder_sent_on=today)
        sent += 1
    return sent


def _reminder(mou: MoU, today: datetime.date) -> tuple[str, str]:
    days = mou.days_left(today)
    values = {
        "title": mou.title,
        "number": mou.number or "—",
        "task_force": mou.task_force,
        "end": formats.date_format(mou.end_date, "DATE_FORMAT"),
        "days": days,
    }
    subject = (
        ngettext(
            "MoU “%(title)s” ends in %(days)d day",
            "MoU “%(title)s” ends in %(days)d days",
            days,
        )
        % values
    )
    body = "\n\n".join(
        [
            _("To the secretariat of %(task_force)s,") % values,
            ngettext(
                "The MoU “%(title)s” (number %(number)s) ends on %(end)s, in %(days)d day.",
                "The MoU “%(title)s” (number %(number)s) ends on %(end)s, in %(days)d days.",
                days,
            )
            % values,
            _(
                "If the cooperation should go on, prepare the renewal in time: open the MoU "
                "in the MoU register of SIGT-PPTPPO and choose “Renew”, then agree the new "
                "text with the parties and have it signed before the current MoU ends."
            ),
            _("This reminder is sent once for each MoU."),
        ]
    )
    return subject, body
