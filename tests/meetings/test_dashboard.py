"""Meeting cadence flags and overdue action points on the dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gugustugas.models import FormationStatus, Role, TaskForce
from meetings.cadence import cadence_flags, months_before
from meetings.models import ActionPointStatus, Kind
from members.models import Membership
from tests.conftest import make_member
from tests.meetings.builders import make_action_point, make_meeting

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_months_before_clamps_to_the_end_of_the_month():
    tz = timezone.get_current_timezone()
    moment = datetime.datetime(2026, 7, 31, 9, tzinfo=tz)
    assert months_before(moment, 4) == datetime.datetime(2026, 3, 31, 9, tzinfo=tz)
    assert months_before(moment, 1) == datetime.datetime(2026, 6, 30, 9, tzinfo=tz)
    assert months_before(datetime.datetime(2026, 2, 15, tzinfo=tz), 4).year == 2025


class TestCadence:
    def test_a_task_force_without_meetings_is_flagged_for_everything(self, tree):
        cadence = cadence_flags([tree["province"]])[tree["province"].pk]
        assert cadence.overall_overdue and cadence.yearly_missing
        assert len(cadence.subgts_without) == tree["province"].subgts.count()
        assert len(cadence.flags) == 3
        assert cadence.behind

    def test_recent_meetings_clear_the_flags(self, tree):
        province = tree["province"]
        make_meeting(province, Kind.OVERALL, starts_in=-30 * DAY)
        this_year = timezone.localtime().replace(month=1, day=15, hour=9)
        make_meeting(province, Kind.PROVINCIAL, starts_at=this_year)
        for subgt in province.subgts.all():
            make_meeting(province, Kind.SUBGT, starts_in=-10 * DAY, sub_task_force=subgt)
        cadence = cadence_flags([province])[province.pk]
        assert cadence.flags == []
        assert not cadence.behind

    def test_old_cancelled_and_future_meetings_do_not_count(self, tree):
        province = tree["province"]
        make_meeting(province, Kind.OVERALL, starts_in=-200 * DAY)
        cancelled = make_meeting(province, Kind.OVERALL, starts_in=-20 * DAY)
        cancelled.cancelled_at = timezone.now()
        cancelled.save()
        make_meeting(province, Kind.OVERALL, starts_in=10 * DAY)
        subgt = province.subgts.first()
        make_meeting(province, Kind.SUBGT, starts_in=-45 * DAY, sub_task_force=subgt)
        cadence = cadence_flags([province])[province.pk]
        assert cadence.overall_overdue
        assert subgt in cadence.subgts_without

    def test_districts_have_no_yearly_meeting_of_their_own(self, tree):
        cadence = cadence_flags([tree["district"]])[tree["district"].pk]
        assert not cadence.yearly_missing

    def test_many_task_forces_in_constant_queries(self, tree, django_assert_max_num_queries):
        all_tfs = list(TaskForce.objects.select_related("region"))
        with django_assert_max_num_queries(3):
            flags = cadence_flags(all_tfs)
        assert len(flags) == 553

    def test_the_province_dashboard_lists_its_lagging_districts(self, login, users, tree):
        district, sibling = tree["district"], tree["sibling"]
        TaskForce.objects.filter(pk__in=[district.pk, sibling.pk]).update(
            formation_status=FormationStatus.FORMED
        )
        not_formed = TaskForce.objects.get(region__code="32.03")  # Kabupaten Cianjur
        make_meeting(sibling, Kind.OVERALL, starts_in=-20 * DAY)
        for subgt in sibling.subgts.all():
            make_meeting(sibling, Kind.SUBGT, starts_in=-5 * DAY, sub_task_force=subgt)
        page = login(users["province_member"]).get(reverse("dashboard")).content.decode()
        panel = page.split('data-test="meeting-cadence"')[1].split("</div></div>")[0]
        assert district.region.name in panel
        assert sibling.region.name not in panel
        assert not_formed.region.name not in panel  # not formed yet: no meetings expected

    def test_the_district_dashboard_shows_its_own_flags(self, login, users):
        page = login(users["district_member"]).get(reverse("dashboard")).content.decode()
        assert 'data-test="meeting-cadence"' in page
        assert "4" in page.split('data-test="meeting-cadence"')[1]


class TestOverdueActionPoints:
    def setup_meeting(self, tree, users):
        province = tree["province"]
        chair = Membership.objects.get(person__user=users["province_daily_chair"])
        return make_meeting(province, Kind.OVERALL, starts_in=-40 * DAY, chair=chair)

    def test_the_owner_and_the_chair_see_an_overdue_point(self, login, users, tree, client):
        meeting = self.setup_meeting(tree, users)
        owner = Membership.objects.get(person__user=users["province_member"])
        point = make_action_point(
            meeting,
            description="Kirim data PMI nonprosedural",
            owner_agency=owner.agency,
            owner_person=owner.person,
            due_date=timezone.localdate() - 3 * DAY,
        )
        for who in ("province_member", "province_daily_chair"):
            page = login(users[who]).get(reverse("dashboard")).content.decode()
            assert "Kirim data PMI nonprosedural" in page, who
        page = login(users["province_secretariat"]).get(reverse("dashboard")).content.decode()
        assert "Kirim data PMI nonprosedural" not in page
        point.status = ActionPointStatus.DONE
        point.closing_note = "Terkirim."
        point.save()
        page = login(users["province_member"]).get(reverse("dashboard")).content.decode()
        assert "Kirim data PMI nonprosedural" not in page

    def test_without_a_named_person_the_owning_agency_sees_it(self, login, users, tree):
        meeting = self.setup_meeting(tree, users)
        agency = Membership.objects.get(person__user=users["province_subgt_head"]).agency
        make_action_point(
            meeting,
            description="Rapikan data sekolah sasaran",
            owner_agency=agency,
            due_date=timezone.localdate() - DAY,
        )
        page = login(users["province_subgt_head"]).get(reverse("dashboard")).content.decode()
        assert "Rapikan data sekolah sasaran" in page

    def test_not_yet_due_is_not_overdue(self, login, users, tree):
        meeting = self.setup_meeting(tree, users)
        owner = make_member(tree["province"], Role.MEMBER)
        make_action_point(
            meeting,
            description="Belum jatuh tempo",
            owner_agency=owner.agency,
            due_date=timezone.localdate(),
        )
        page = login(users["province_daily_chair"]).get(reverse("dashboard")).content.decode()
        assert "Belum jatuh tempo" not in page
