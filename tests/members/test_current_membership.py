"""One rule for "current membership": from the start date to the end date, both days
included. The task-force page, its sub-GT counts, the overview tables, the member list,
the contact export, the access module and the training records all follow it."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from gugustugas import access
from gugustugas.models import Role, TaskForce
from gugustugas.views import overview_rows
from members.models import Membership
from members.services import agency_on
from tests.conftest import make_member


@pytest.fixture
def tenures(tree):
    """On the district: a seat ending today (still current), one that ended yesterday
    (former), one starting tomorrow (not yet), one open-ended (current)."""
    tf = tree["district"]
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    subgt = tf.subgts.first()
    seats = {
        "ends_today": make_member(
            tf, Role.MEMBER, "ends_today", end_date=today, sub_task_force=subgt
        ),
        "ended": make_member(tf, Role.MEMBER, "ended", end_date=today - day, sub_task_force=subgt),
        "starts_tomorrow": make_member(
            tf, Role.MEMBER, "starts_tomorrow", start_date=today + day, sub_task_force=subgt
        ),
        "open": make_member(tf, Role.MEMBER, "open", sub_task_force=subgt),
    }
    return {"task_force": tf, "subgt": subgt, "today": today, **seats}


CURRENT = {"ends_today", "open"}


def names(tenures, keys):
    return {str(tenures[k].person) for k in keys}


@pytest.mark.django_db
class TestCurrentMembership:
    def test_the_queryset_and_the_row_agree(self, tenures):
        today = tenures["today"]
        current = set(Membership.objects.current(today).filter(task_force=tenures["task_force"]))
        for key in ("ends_today", "ended", "starts_tomorrow", "open"):
            seat = tenures[key]
            assert (seat in current) is seat.is_current(today) is (key in CURRENT)
            assert seat.is_former(today) is (key == "ended")

    def test_task_force_page_and_contact_export_list_the_same_people(self, login, users, tenures):
        client = login(users["province_secretariat"])
        tf = tenures["task_force"]
        page = client.get(tf.get_absolute_url())
        on_page = {str(m.person) for m in page.context["current_members"]}
        export = client.get(reverse("members:contact_csv", args=[tf.pk]))
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))[1:]
        exported = {row[0] for row in rows}
        assert on_page == exported
        assert names(tenures, CURRENT) <= on_page
        assert not names(tenures, {"ended", "starts_tomorrow"}) & on_page

    def test_sub_gt_count_and_overview_count_follow_the_rule(self, login, users, tenures):
        tf = tenures["task_force"]
        current = Membership.objects.current().filter(task_force=tf)
        page = login(users["province_secretariat"]).get(tf.get_absolute_url())
        subgt = next(s for s in page.context["subgts"] if s.pk == tenures["subgt"].pk)
        assert subgt.member_count == current.filter(sub_task_force=tenures["subgt"]).count()
        row = overview_rows(TaskForce.objects.filter(pk=tf.pk)).get()
        assert row.member_count == current.count() == len(page.context["current_members"])

    def test_only_current_seats_give_access(self, tenures):
        for key in ("ends_today", "ended", "starts_tomorrow", "open"):
            user = tenures[key].person.user
            assert bool(access.seats(user)) is (key in CURRENT)

    def test_member_list_marks_former_members(self, login, users, tenures):
        """It did not: the list compared the end date with a ``today`` it never had."""
        client = login(users["province_secretariat"])
        client.cookies["django_language"] = "en"
        response = client.get(reverse("members:membership_list", args=[tenures["task_force"].pk]))
        rows = {str(m.person): m.is_former() for m in response.context["object_list"]}
        assert rows[str(tenures["ended"].person)] is True
        text = response.content.decode()
        ended = text.split(str(tenures["ended"].person), 1)[1].split("</td>", 1)[0]
        assert "former" in ended
        open_seat = text.split(str(tenures["open"].person), 1)[1].split("</td>", 1)[0]
        assert "former" not in open_seat

    def test_training_names_the_agency_of_the_seat_held_that_day(self, tenures):
        seat = tenures["ended"]
        person = seat.person
        person.memberships.all()  # agency_on reads the person's seats, newest first
        assert agency_on(person, tenures["today"] - datetime.timedelta(days=1)) == seat.agency
