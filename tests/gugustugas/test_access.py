import pytest
from django.contrib.auth.models import AnonymousUser

from gugustugas import access
from gugustugas.access import Action
from gugustugas.models import Role, TaskForce
from members.models import Membership
from tests.conftest import make_member


@pytest.mark.django_db
class TestReadScope:
    def test_national_users_read_every_task_force(self, users):
        assert access.readable_task_forces(users["national_member"]).count() == 553

    def test_a_province_reads_itself_and_its_districts_only(self, users, tree):
        readable = access.readable_task_forces(users["province_member"])
        codes = set(readable.values_list("region__code", flat=True))
        assert "32" in codes and "32.02" in codes and "32.73" in codes
        assert "ID" not in codes and "21" not in codes and "21.71" not in codes

    def test_a_district_reads_only_itself(self, users, tree):
        readable = access.readable_task_forces(users["district_secretariat"])
        assert list(readable) == [tree["district"]]

    def test_anonymous_reads_nothing(self, tree):
        assert not access.readable_task_forces(AnonymousUser()).exists()

    def test_former_members_lose_their_access(self, tree):
        membership = make_member(tree["province"], Role.SECRETARIAT, username="leaver")
        membership.end_date = membership.start_date
        membership.save()
        user = membership.person.user
        assert not access.readable_task_forces(user).exists()

    def test_visible_scopes_any_model_through_its_task_force(self, users, tree):
        make_member(tree["outsider"], Role.MEMBER)
        visible = access.visible(users["province_secretariat"], Membership)
        assert not visible.filter(task_force=tree["outsider"]).exists()
        assert visible.filter(task_force=tree["district"]).exists()

    def test_read_scope_costs_one_query_however_many_seats(
        self, users, tree, django_assert_num_queries
    ):
        user = users["province_member"]
        with django_assert_num_queries(2):  # the user's seats, then the scoped rows
            list(access.visible(user, TaskForce).values_list("pk", flat=True)[:5])


@pytest.mark.django_db
class TestActions:
    @pytest.mark.parametrize(
        ("actor", "allowed"),
        [
            ("province_secretariat", True),
            ("province_daily_chair", True),
            ("province_chair", False),
            ("province_subgt_head", False),
            ("province_member", False),
            ("national_secretariat", False),  # oversight reads, never edits
            ("superuser", True),
        ],
    )
    def test_who_may_edit_a_province(self, users, tree, actor, allowed):
        assert access.can(users[actor], Action.EDIT, tree["province"]) is allowed

    def test_only_the_chair_approves(self, users, tree):
        assert access.can(users["province_chair"], Action.APPROVE_REPORT, tree["province"])
        assert not access.can(
            users["province_secretariat"], Action.APPROVE_REPORT, tree["province"]
        )

    def test_the_steering_chair_submits_and_reviews(self, users, tree):
        for action in (Action.SUBMIT_REPORT, Action.REVIEW_SUBMISSION):
            assert access.can(users["province_daily_chair"], action, tree["province"])
            assert not access.can(users["province_secretariat"], action, tree["province"])
