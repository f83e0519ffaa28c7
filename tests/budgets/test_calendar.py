"""The subnational budget calendar: working days, the nine deadlines of a fiscal year,
their milestone rows, and the upcoming list."""

import datetime

import holidays
import pytest

from budgets import calendar
from budgets.models import Milestone
from gugustugas.models import TaskForce

D = datetime.date


# --- working days -------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2026, 12, 24), True),  # Thursday
        (D(2026, 12, 25), False),  # Friday, Christmas
        (D(2026, 12, 26), False),  # Saturday
        (D(2026, 12, 27), False),  # Sunday
        (D(2025, 3, 31), False),  # Monday, Idul Fitri
    ],
)
def test_working_day_is_a_weekday_that_is_not_a_public_holiday(day, working):
    assert calendar.is_working_day(day) is working


def test_previous_working_day_of_a_working_day_is_the_day_itself():
    assert calendar.previous_working_day(D(2026, 11, 30)) == D(2026, 11, 30)


def test_previous_working_day_skips_weekend_and_holiday():
    # Sunday 31 May 2026 is also Waisak; Saturday 30 May is no working day either.
    assert calendar.previous_working_day(D(2026, 5, 31)) == D(2026, 5, 29)
    assert calendar.previous_working_day(D(2026, 12, 25)) == D(2026, 12, 24)


def test_add_working_days_counts_from_the_next_day():
    assert calendar.add_working_days(D(2026, 11, 30), 3) == D(2026, 12, 3)
    assert calendar.add_working_days(D(2026, 11, 30), 0) == D(2026, 11, 30)


def test_add_working_days_skips_christmas_and_the_weekend():
    assert calendar.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)


def test_add_working_days_skips_idul_fitri():
    # Friday 28 March 2025; Monday 31 March and Tuesday 1 April 2025 are Idul Fitri.
    assert calendar.add_working_days(D(2025, 3, 28), 1) == D(2025, 4, 2)


def test_working_days_follow_the_documented_policy_on_every_day_of_2025_to_2027():
    """Monday to Friday minus the public holidays of the ``holidays`` package; a
    datetime counts as its calendar day; crossing a year end finds the next year's."""
    public = set(holidays.Indonesia(years=range(2025, 2029)))
    day = D(2025, 1, 1)
    while day <= D(2027, 12, 31):
        working = day.weekday() < 5 and day not in public
        assert calendar.is_working_day(day) is working, day
        moment = datetime.datetime.combine(day, datetime.time(10))
        assert calendar.is_working_day(moment) is working, moment
        before = day
        while not (before.weekday() < 5 and before not in public):
            before -= datetime.timedelta(days=1)
        assert calendar.previous_working_day(moment) == before, day
        day += datetime.timedelta(days=1)
    assert calendar.add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError):
        calendar.add_working_days(D(2026, 1, 5), -1)


# --- the schedule ---------------------------------------------------------------------


def test_schedule_of_2027_is_prepared_in_2026():
    dues = {d.kind: d.due for d in calendar.schedule(2027, "regency")}
    assert dues == {
        "rkpd_renja": D(2026, 5, 29),  # 31 May is a Sunday (and Waisak)
        "kua_ppas": D(2026, 7, 31),
        "rka": D(2026, 9, 30),
        "draft_to_dprd": D(2026, 10, 7),
        "dprd_approval": D(2026, 11, 30),  # a Monday
        "sent_for_evaluation": D(2026, 12, 3),  # 3 working days later
        "evaluation": D(2026, 12, 24),  # 15 working days after 3 December
        # 7 working days after 24 December: skips Christmas, New Year's Day and
        # Isra Mikraj (5 January 2027).
        "corrections": D(2027, 1, 7),
        "enactment": D(2026, 12, 31),
    }


def test_fixed_deadline_on_a_saturday_moves_to_friday():
    approval = next(d for d in calendar.schedule(2025, "province") if d.kind == "dprd_approval")
    assert D(2024, 11, 30).weekday() == 5
    assert approval.due == D(2024, 11, 29)
    assert approval.rule.startswith("Paling lambat 30 November")
    assert "hari kerja sebelumnya" in approval.rule


def test_deadline_on_a_working_day_says_nothing_about_moving():
    approval = next(d for d in calendar.schedule(2027, "province") if d.kind == "dprd_approval")
    assert "sebelumnya" not in approval.rule


def test_schedule_has_the_nine_milestones_in_order():
    deadlines = calendar.schedule(2027, "province")
    assert [d.kind for d in deadlines] == list(Milestone.Kind.values)
    assert [d.order for d in deadlines] == list(range(1, 10))
    assert all(d.rule for d in deadlines)


def test_regency_draft_is_evaluated_by_the_governor():
    rules = {d.kind: d.rule for d in calendar.schedule(2027, "regency")}
    assert rules["sent_for_evaluation"].startswith("3 hari kerja setelah persetujuan bersama")
    assert rules["evaluation"].startswith("15 hari kerja setelah dikirim untuk dievaluasi")
    for kind in ("sent_for_evaluation", "evaluation", "corrections"):
        assert "gubernur" in rules[kind]
        assert "Kemendagri" not in rules[kind]


def test_province_draft_is_evaluated_by_the_ministry_of_home_affairs():
    rules = {d.kind: d.rule for d in calendar.schedule(2027, "province")}
    for kind in ("sent_for_evaluation", "evaluation", "corrections"):
        assert "Kemendagri" in rules[kind]
        assert "gubernur" not in rules[kind]


def test_national_budget_has_no_subnational_schedule():
    assert calendar.schedule(2027, "national") == []


def test_unknown_level_is_refused():
    with pytest.raises(ValueError):
        calendar.schedule(2027, "village")


# --- milestone rows -------------------------------------------------------------------


def test_ensure_milestones_creates_the_nine_rows(tree):
    milestones = calendar.ensure_milestones(tree["district"], 2027)
    expected = calendar.schedule(2027, "regency")
    assert [(m.kind, m.order, m.due, m.rule) for m in milestones] == [
        (d.kind, d.order, d.due, d.rule) for d in expected
    ]
    assert Milestone.objects.filter(task_force=tree["district"], fiscal_year=2027).count() == 9


def test_ensure_milestones_twice_creates_nothing_and_keeps_done_on(tree):
    first = calendar.ensure_milestones(tree["province"], 2027)
    Milestone.objects.filter(pk=first[0].pk).update(done_on=D(2026, 5, 20))

    second = calendar.ensure_milestones(tree["province"], 2027)

    assert [m.pk for m in second] == [m.pk for m in first]
    assert second[0].done_on == D(2026, 5, 20)
    assert Milestone.objects.filter(task_force=tree["province"]).count() == 9


def test_ensure_milestones_recreates_only_the_missing_row(tree):
    first = calendar.ensure_milestones(tree["province"], 2027)
    first[6].delete()
    second = calendar.ensure_milestones(tree["province"], 2027)
    assert [m.kind for m in second] == list(Milestone.Kind.values)
    assert [m.pk for m in second if m.kind != "evaluation"] == [
        m.pk for m in first if m.kind != "evaluation"
    ]


def test_ensure_milestones_of_the_national_task_force_creates_none(tree):
    assert calendar.ensure_milestones(tree["national"], 2027) == []
    assert not Milestone.objects.exists()


def test_upcoming_lists_open_milestones_soonest_first_in_one_query(tree, django_assert_num_queries):
    for key in ("province", "district", "outsider"):
        calendar.ensure_milestones(tree[key], 2027)
    Milestone.objects.filter(task_force=tree["province"], kind="dprd_approval").update(
        done_on=D(2026, 11, 20)
    )
    task_forces = TaskForce.objects.filter(pk__in=[tree["province"].pk, tree["district"].pk])

    with django_assert_num_queries(1):
        found = calendar.upcoming(task_forces, D(2026, 11, 1), limit=4)
        regions = [m.task_force.region.code for m in found]

    # Past deadlines, done ones and other task forces' are left out; same-day deadlines
    # follow the tree (province before its districts).
    assert [(m.kind, m.due) for m in found] == [
        ("dprd_approval", D(2026, 11, 30)),
        ("sent_for_evaluation", D(2026, 12, 3)),
        ("sent_for_evaluation", D(2026, 12, 3)),
        ("evaluation", D(2026, 12, 24)),
    ]
    assert regions == ["32.02", "32", "32.02", "32"]


def test_upcoming_includes_a_deadline_due_today(tree):
    calendar.ensure_milestones(tree["district"], 2027)
    found = calendar.upcoming(TaskForce.objects.filter(pk=tree["district"].pk), D(2026, 11, 30))
    assert found[0].kind == "dprd_approval"
    assert len(found) == 5
