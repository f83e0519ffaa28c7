import datetime
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from gugustugas.models import Role
from members.models import Agency, Membership, Person, create_default_agencies
from tests.conftest import AgencyFactory, make_member


def member_data(agency, **overrides):
    data = {
        "full_name": "Ratna Sari Dewi",
        "honorific": "S.H.",
        "email": "ratna@example.id",
        "phone": "0812-3456-7890",
        "role": Role.MEMBER,
        "agency": agency.pk,
        "position_title": "Kepala Seksi Perlindungan Anak",
        "decree_number": "Kep. 463/12/2024",
        "decree_date": "2024-02-01",
        "start_date": "2024-02-01",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestAddMember:
    def test_secretariat_adds_a_new_person_as_member(self, login, users, tree):
        agency = AgencyFactory(task_force=tree["province"])
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:membership_create", args=[tree["province"].pk]), member_data(agency)
        )
        assert response.status_code == 302
        membership = Membership.objects.get(person__full_name="Ratna Sari Dewi")
        assert membership.task_force == tree["province"]
        assert membership.person.task_force == tree["province"]
        page = client.get(tree["province"].get_absolute_url())
        assert "Ratna Sari Dewi" in page.content.decode()

    def test_an_existing_person_can_take_a_second_seat(self, login, users, tree):
        existing = make_member(tree["province"], Role.MEMBER)
        client = login(users["province_secretariat"])
        data = member_data(existing.agency, full_name="", existing_person=existing.person_id)
        data["role"] = Role.SUBGT_HEAD
        data["sub_task_force"] = tree["province"].subgts.first().pk
        response = client.post(
            reverse("members:membership_create", args=[tree["province"].pk]), data
        )
        assert response.status_code == 302
        assert existing.person.memberships.count() == 2

    def test_a_nameless_member_is_a_field_error_in_the_page_language(self, login, users, tree):
        agency = AgencyFactory(task_force=tree["province"])
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:membership_create", args=[tree["province"].pk]),
            member_data(agency, full_name="", start_date="bukan tanggal"),
        )
        assert response.status_code == 200
        assert set(response.context["form"].errors) >= {"full_name", "start_date"}
        assert "Masukkan tanggal yang valid" in response.content.decode()
        assert not Person.objects.filter(task_force=tree["province"], email="ratna@example.id")

    def test_another_task_forces_agency_cannot_be_chosen(self, login, users, tree):
        foreign = AgencyFactory(task_force=tree["outsider"])
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:membership_create", args=[tree["province"].pk]), member_data(foreign)
        )
        assert response.status_code == 200
        assert "agency" in response.context["form"].errors
        assert not Membership.objects.filter(agency=foreign).exists()

    def test_a_subgt_head_needs_a_subgt(self, login, users, tree):
        agency = AgencyFactory(task_force=tree["province"])
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:membership_create", args=[tree["province"].pk]),
            member_data(agency, role=Role.SUBGT_HEAD),
        )
        assert "sub_task_force" in response.context["form"].errors

    def test_a_second_active_chair_is_refused_by_form_and_database(self, login, users, tree):
        # users fixture already gave the province a chair
        agency = AgencyFactory(task_force=tree["province"])
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:membership_create", args=[tree["province"].pk]),
            member_data(agency, role=Role.CHAIR),
        )
        assert response.status_code == 200
        assert (
            "ketua aktif" in response.content.decode().lower()
            or response.context["form"].non_field_errors()
        )
        assert Membership.objects.filter(task_force=tree["province"], role=Role.CHAIR).count() == 1
        with pytest.raises(IntegrityError), transaction.atomic():
            make_member(tree["province"], Role.CHAIR)


@pytest.mark.django_db
class TestEndMembership:
    def test_a_leaving_member_stays_visible_as_former_with_the_handover_note(
        self, login, users, tree
    ):
        membership = make_member(tree["province"], Role.MEMBER)
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:membership_end", args=[membership.pk]),
            {"end_date": "2025-06-30", "handover_note": "Berkas kasus di map biru."},
        )
        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.end_date == datetime.date(2025, 6, 30)
        page = client.get(tree["province"].get_absolute_url())
        assert membership in page.context["former_members"]
        assert "Berkas kasus di map biru." in page.content.decode()
        detail = client.get(membership.get_absolute_url())
        assert detail.status_code == 200
        assert any(entry.changes for entry in detail.context["history"])

    def test_an_end_before_the_start_is_refused_by_form_and_database(self, login, users, tree):
        membership = make_member(
            tree["province"], Role.MEMBER, start_date=datetime.date(2024, 5, 1)
        )
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:membership_end", args=[membership.pk]),
            {"end_date": "2024-04-30", "handover_note": "x"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        membership.refresh_from_db()
        assert membership.end_date is None
        membership.end_date = datetime.date(2024, 4, 30)
        with pytest.raises(IntegrityError), transaction.atomic():
            membership.save()

    def test_a_handover_note_is_required(self, login, users, tree):
        membership = make_member(tree["province"], Role.MEMBER)
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:membership_end", args=[membership.pk]), {"end_date": "2025-01-01"}
        )
        assert "handover_note" in response.context["form"].errors

    def test_the_successor_sees_the_chain_of_holders(self, login, users, tree):
        agency = AgencyFactory(task_force=tree["province"])
        first = make_member(
            tree["province"],
            Role.MEMBER,
            agency=agency,
            position_title="Kabid PPA",
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2023, 12, 31),
        )
        second = make_member(
            tree["province"], Role.MEMBER, agency=agency, position_title="Kabid PPA"
        )
        response = login(users["province_member"]).get(second.get_absolute_url())
        assert list(response.context["position_holders"]) == [first]


@pytest.mark.django_db
class TestMemberList:
    def test_filters_current_and_former(self, login, users, tree):
        make_member(tree["province"], Role.MEMBER, end_date=datetime.date(2024, 6, 1))
        client = login(users["province_member"])
        url = reverse("members:membership_list", args=[tree["province"].pk])
        current = client.get(url, {"status": "current"}).context["object_list"]
        former = client.get(url, {"status": "former"}).context["object_list"]
        assert len(former) == 1 and all(m.end_date is None for m in current)


@pytest.mark.django_db
class TestContactList:
    def test_csv_lists_current_members_and_neutralises_formulas(self, login, users, tree):
        make_member(tree["province"], Role.MEMBER).person.__class__.objects.filter(
            task_force=tree["province"]
        ).update(phone="=HYPERLINK(1)")
        response = login(users["province_member"]).get(
            reverse("members:contact_csv", args=[tree["province"].pk])
        )
        assert response["Content-Type"].startswith("text/csv")
        body = response.content.decode("utf-8-sig")
        assert "'=HYPERLINK(1)" in body
        assert body.count("\n") == 1 + tree["province"].memberships.current().count()

    def test_vcard_has_one_card_per_current_member(self, login, users, tree):
        response = login(users["province_member"]).get(
            reverse("members:contact_vcard", args=[tree["province"].pk])
        )
        body = response.content.decode()
        assert body.count("BEGIN:VCARD") == tree["province"].memberships.current().count()
        assert "ORG:" in body and "TITLE:" in body


@pytest.mark.django_db
class TestAgencies:
    def test_default_agencies_follow_the_level_and_are_added_once(self, tree):
        added = create_default_agencies(tree["district"])
        assert added == 24
        assert create_default_agencies(tree["district"]) == 0
        assert Agency.objects.filter(
            task_force=tree["district"], name="Dinas Sosial Kabupaten Sukabumi"
        ).exists()

    def test_default_agencies_are_named_in_indonesian_whatever_the_language(self, tree):
        # Stored names, as a secretariat types them; an English session added them as
        # "Dinas Sosial Province of Jawa Barat", and the Indonesian one again.
        with translation.override("en"):
            added = create_default_agencies(tree["province"])
        with translation.override("id"):
            assert create_default_agencies(tree["province"]) == 0
        names = set(tree["province"].agencies.values_list("name", flat=True))
        assert "Dinas Sosial Provinsi Jawa Barat" in names
        assert added and not any("Province" in name for name in names)

    def test_duplicate_agency_name_is_a_field_error(self, login, users, tree):
        AgencyFactory(task_force=tree["province"], name="Dinas Sosial")
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:agency_create", args=[tree["province"].pk]),
            {"name": "Dinas Sosial", "kind": "government"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors


@pytest.mark.django_db
def test_seed_demo_is_idempotent(demo_rows):
    counts = (Person.objects.count(), Membership.objects.count(), Agency.objects.count())
    history = Membership.history.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert (Person.objects.count(), Membership.objects.count(), Agency.objects.count()) == counts
    assert Membership.history.count() == history
    assert counts[1] > 20
