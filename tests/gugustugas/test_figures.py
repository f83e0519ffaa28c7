"""Figures shown the same way everywhere (``gugustugas.figures``): the quarter of a date
and its label, percentages rounded half up, rupiah."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from actionplans.forms import default_quarter
from actionplans.models import PlanStatus, ProgressReport, ReviewState
from actionplans.services import activity_progress
from budgets.models import Realisation
from gugustugas.figures import percent, quarter_end, quarter_label, quarter_of, round_half_up
from tests.actionplans.builders import make_activity, make_plan


@pytest.mark.parametrize(
    ("month", "quarter"),
    [(1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4)],
)
def test_quarter_of_a_date(month, quarter):
    assert quarter_of(datetime.date(2026, month, 15)) == quarter


@pytest.mark.parametrize(
    ("quarter", "end"),
    [
        (1, datetime.date(2026, 3, 31)),
        (2, datetime.date(2026, 6, 30)),
        (3, datetime.date(2026, 9, 30)),
        (4, datetime.date(2026, 12, 31)),
    ],
)
def test_quarter_end(quarter, end):
    assert quarter_end(2026, quarter) == end
    assert quarter_of(end) == quarter
    assert quarter_of(end + datetime.timedelta(days=1)) == quarter % 4 + 1


def test_quarter_labels_are_tw_in_indonesian_and_q_in_english():
    with translation.override("id"):
        assert [quarter_label(q) for q in range(1, 5)] == ["TW I", "TW II", "TW III", "TW IV"]
    with translation.override("en"):
        assert [quarter_label(q) for q in range(1, 5)] == ["Q1", "Q2", "Q3", "Q4"]


def test_percentages_round_half_up():
    assert percent(49, 400) == Decimal("12.3")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(5, 0) is None
    assert round_half_up(Decimal("0.05")) == Decimal("0.1")


@pytest.mark.django_db
class TestQuartersOnPagesAndRecords:
    def test_overdue_quarters_are_labelled_tw_on_the_indonesian_page(self, login, users, tree):
        """They were "Q1, Q2" whatever the language."""
        plan = make_plan(tree["province"], PlanStatus.ENACTED, start_year=2020)
        activity = plan.activities().get()
        client = login(users["province_secretariat"])
        page = client.get(activity.get_absolute_url(), {"year": 2021}).content.decode()
        assert "TW I, TW II, TW III, TW IV" in page
        assert not re.search(r"\bQ[1-4]\b", page)  # a word, not inside the CSRF token

    def test_records_name_their_quarter_with_the_label(self, tree):
        plan = make_plan(tree["province"], PlanStatus.ENACTED, start_year=2020)
        report = ProgressReport(activity=plan.activities().get(), year=2021, quarter=3)
        realisation = Realisation(quarter=2)
        with translation.override("id"):
            assert str(report).endswith("2021 TW III")
            assert quarter_label(realisation.quarter) == realisation.get_quarter_display()

    def test_the_progress_form_and_the_upload_default_to_the_same_quarter(self, login, users, tree):
        """The progress form offered no quarter at all before: its default sat on the
        field, where the unsaved report's empty quarter in the form's initial hid it."""
        today = datetime.date.today()
        plan = make_plan(tree["province"], PlanStatus.ENACTED, start_year=today.year - 1)
        activity = plan.activities().get()
        client = login(users["province_secretariat"])
        page = client.get(reverse("actionplans:progress_create", args=[activity.pk]))
        assert page.context["form"]["quarter"].initial == default_quarter(today.year)
        assert page.context["form"]["year"].initial == today.year
        assert default_quarter(today.year) == quarter_of(today)


@pytest.mark.django_db
def test_activity_progress_rounds_half_up(tree):
    plan = make_plan(tree["province"], PlanStatus.ENACTED, start_year=2020, activities=0)
    activity = make_activity(plan)
    activity.targets.filter(year=2021).update(target=Decimal(400))
    ProgressReport.objects.create(
        activity=activity,
        year=2021,
        quarter=2,
        achieved=Decimal(49),
        status="on_track",
        review_state=ReviewState.ACCEPTED,
    )
    assert activity_progress(activity, 2021).percent == Decimal("12.3")
