import datetime

import pytest
from django.urls import reverse

from gugustugas.models import FormationStatus, Role, SubTaskForce
from tests.conftest import make_member


@pytest.mark.django_db
class TestTaskForcePage:
    def test_shows_region_decree_subgts_and_current_and_former_members(self, login, users, tree):
        province = tree["province"]
        province.decree_number = "Kep. 463/2023"
        province.save()
        leaver = make_member(
            province,
            Role.SECRETARIAT,
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2023, 12, 31),
            handover_note="Arsip ada di lemari B.",
        )
        response = login(users["province_member"]).get(province.get_absolute_url())
        assert response.status_code == 200
        body = response.content.decode()
        assert "Kep. 463/2023" in body
        assert "Jawa Barat" in body
        assert str(leaver.person) in body and "Arsip ada di lemari B." in body
        for subgt in province.subgts.all():
            assert subgt.name in body
        assert response.context["current_members"]
        assert [m.pk for m in response.context["former_members"]] == [leaver.pk]

    def test_query_count_does_not_grow_with_members(
        self, login, users, tree, django_assert_max_num_queries
    ):
        province = tree["province"]
        client = login(users["province_member"])
        client.get(province.get_absolute_url())  # warm the session
        with django_assert_max_num_queries(30) as few:
            client.get(province.get_absolute_url())
        for _ in range(30):
            make_member(province, Role.MEMBER, sub_task_force=province.subgts.first())
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(province.get_absolute_url())

    def test_province_page_lists_its_districts(self, login, users, tree):
        response = login(users["province_member"]).get(tree["province"].get_absolute_url())
        below = {tf.region.code for tf in response.context["below"]}
        assert "32.02" in below and "32.73" in below and "21.71" not in below


@pytest.mark.django_db
class TestDashboard:
    def test_national_dashboard_lists_the_38_provinces(self, login, users):
        response = login(users["national_secretariat"]).get(reverse("dashboard"))
        (card,) = response.context["cards"]
        assert len(card["below"]) == 38

    def test_province_dashboard_lists_its_districts_with_status(self, login, users, tree):
        tree["district"].formation_status = FormationStatus.FORMED
        tree["district"].save()
        response = login(users["province_chair"]).get(reverse("dashboard"))
        (card,) = response.context["cards"]
        rows = {tf.region.code: tf for tf in card["below"]}
        assert rows["32.02"].formation_status == FormationStatus.FORMED
        assert "Kabupaten Sukabumi" in response.content.decode()

    def test_dashboard_queries_do_not_grow_with_task_forces(
        self, login, users, django_assert_max_num_queries
    ):
        # 38 provinces and their 514 districts in a handful of queries (the meeting
        # panels add five: overdue action points, and the cadence of 39 task forces;
        # "Tugas saya" about ten, a fixed number whatever the items, see tests/gugustugas/
        # test_inbox.py).
        client = login(users["national_member"])
        client.get(reverse("dashboard"))
        with django_assert_max_num_queries(26):
            client.get(reverse("dashboard"))

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("dashboard"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
class TestTaskForceList:
    def test_filters_by_level_and_province(self, login, users):
        client = login(users["national_member"])
        response = client.get(reverse("taskforce_list"), {"level": "province"})
        assert response.context["paginator"].count == 38
        jabar = response.context["filter"].filters["province"].queryset.get(region__code="32")
        response = client.get(reverse("taskforce_list"), {"province": jabar.pk})
        codes = {tf.region.code for tf in response.context["object_list"]}
        assert "32" in codes and "32.73" in codes and "21" not in codes

    def test_a_district_lists_only_itself(self, login, users):
        response = login(users["district_member"]).get(reverse("taskforce_list"))
        assert [tf.region.code for tf in response.context["object_list"]] == ["32.02"]


@pytest.mark.django_db
class TestTaskForceEdit:
    def test_secretariat_records_the_founding_decree_with_history(self, login, users, tree):
        client = login(users["province_secretariat"])
        url = reverse("taskforce_edit", args=[tree["province"].pk])
        response = client.post(
            url,
            {
                "formation_status": FormationStatus.FORMED,
                "decree_number": "Kep. Gub. 463/2024",
                "decree_date": "2024-03-14",
                "decree_signed_by": "Gubernur Jawa Barat",
                "email": "gt@jabarprov.go.id",
            },
        )
        assert response.status_code == 302
        tree["province"].refresh_from_db()
        assert tree["province"].decree_date == datetime.date(2024, 3, 14)
        history = client.get(reverse("taskforce_history", args=[tree["province"].pk]))
        assert "Kep. Gub. 463/2024" in history.content.decode()
        assert history.context["history"][0].who == "province_secretariat"

    def test_formed_without_a_decree_is_refused_with_field_errors_in_indonesian(
        self, login, users, tree
    ):
        client = login(users["province_secretariat"])
        url = reverse("taskforce_edit", args=[tree["province"].pk])
        response = client.post(url, {"formation_status": FormationStatus.FORMED, "email": "x"})
        assert response.status_code == 200
        form = response.context["form"]
        assert set(form.errors) >= {"decree_number", "decree_date", "email"}
        assert "Wajib diisi" in response.content.decode() or "wajib" in response.content.decode()
        tree["province"].refresh_from_db()
        assert tree["province"].formation_status == FormationStatus.NOT_FORMED


@pytest.mark.django_db
class TestSubTaskForces:
    def test_secretariat_adds_a_local_subgt(self, login, users, tree):
        client = login(users["district_secretariat"])
        response = client.post(
            reverse("subgt_create", args=[tree["district"].pk]),
            {"kind": "other", "custom_name": "Tim Inti", "order": 7},
        )
        assert response.status_code == 302
        assert tree["district"].subgts.filter(custom_name="Tim Inti").exists()

    def test_a_second_subgt_of_the_same_kind_is_a_field_error(self, login, users, tree):
        client = login(users["district_secretariat"])
        response = client.post(
            reverse("subgt_create", args=[tree["district"].pk]), {"kind": "prevention", "order": 1}
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        assert tree["district"].subgts.filter(kind="prevention").count() == 1

    def test_a_subgt_with_members_cannot_be_removed(self, login, users, tree):
        subgt = tree["province"].subgts.get(kind="prevention")
        make_member(tree["province"], Role.MEMBER, sub_task_force=subgt)
        client = login(users["province_secretariat"])
        client.post(reverse("subgt_delete", args=[subgt.pk]))
        assert SubTaskForce.objects.filter(pk=subgt.pk).exists()

    def test_an_empty_subgt_is_removed(self, login, users, tree):
        subgt = SubTaskForce.objects.create(task_force=tree["province"], kind="other")
        login(users["province_secretariat"]).post(reverse("subgt_delete", args=[subgt.pk]))
        assert not SubTaskForce.objects.filter(pk=subgt.pk).exists()


@pytest.mark.django_db
def test_overview_counts_members_subgts_and_formed_districts(tree, without_shared_users):
    from gugustugas.models import TaskForce
    from gugustugas.views import overview_rows, with_below_counts

    make_member(tree["province"], Role.MEMBER)
    make_member(tree["province"], Role.MEMBER, end_date=datetime.date(2024, 6, 1))  # former
    tree["district"].formation_status = FormationStatus.FORMED
    tree["district"].save()
    (row,) = with_below_counts(overview_rows(TaskForce.objects.filter(pk=tree["province"].pk)))
    assert (row.member_count, row.subgt_count, row.below_count, row.below_formed) == (1, 6, 27, 1)
