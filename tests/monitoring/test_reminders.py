"""The daily round reminds the secretariat owing a quarter once before and once after
its deadline; submitting stops the reminders."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from gugustugas.models import FormationStatus, TaskForce
from monitoring import services
from monitoring.models import SubmissionState
from monitoring.models.statistics import deadline, quarter_label
from monitoring.reminders import send_statistics_reminders
from tests.monitoring.builders import make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter(tree, users):
    TaskForce.objects.update(formation_status=FormationStatus.NOT_FORMED)
    TaskForce.objects.filter(pk__in=[tree["district"].pk, tree["sibling"].pk]).update(
        formation_status=FormationStatus.FORMED
    )
    today = datetime.date(2026, 10, 1)
    year, q = services.recent_quarters(1, today)[0]
    return year, q, deadline("regency", year, q)


def test_once_before_and_once_after_the_deadline(tree, users, quarter):
    year, q, due = quarter
    make_submission(tree["sibling"], SubmissionState.SUBMITTED, year=year, quarter=q)
    assert send_statistics_reminders(due - datetime.timedelta(days=10)) == 0
    assert send_statistics_reminders(due - datetime.timedelta(days=3)) == 1
    told = mail.outbox[-1]
    assert users["district_secretariat"].person.email in told.to
    assert users["district_daily_chair"].person.email in told.to
    assert users["district_member"].person.email not in told.to
    assert send_statistics_reminders(due - datetime.timedelta(days=2)) == 0  # once
    assert send_statistics_reminders(due + datetime.timedelta(days=1)) == 1
    with translation.override(settings.LANGUAGE_CODE):  # e-mails speak the default language
        overdue = gettext("Statistics %(period)s overdue") % {"period": quarter_label(year, q)}
    assert mail.outbox[-1].subject == overdue
    assert send_statistics_reminders(due + datetime.timedelta(days=2)) == 0


def test_a_submitted_quarter_is_not_reminded(tree, users, quarter):
    year, q, due = quarter
    make_submission(tree["district"], SubmissionState.SUBMITTED, year=year, quarter=q)
    make_submission(tree["sibling"], SubmissionState.ACCEPTED, year=year, quarter=q)
    assert send_statistics_reminders(due + datetime.timedelta(days=1)) == 0
