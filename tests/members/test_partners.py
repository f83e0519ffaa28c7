import datetime
import io
import logging
import re

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gugustugas.models import Role
from members.models import MoU, Partner, PartnerContact
from members.models.partners import COMPONENTS, MoUStatus
from members.reminders import send_mou_reminders
from tests.access.rows_partners import make_mou, make_partner
from tests.conftest import PDF_BYTES, make_member

PDF = PDF_BYTES
TODAY = datetime.date(2025, 6, 2)


@pytest.fixture
def english(client):
    """Pages in English, so assertions read the msgids."""
    client.cookies["django_language"] = "en"
    return client


def partner_data(**overrides):
    data = {
        "name": "Yayasan Anak Bangsa",
        "kind": Partner.Kind.NGO,
        "prevention": "on",
        "protection": "on",
        "description": "Pendampingan korban dan sosialisasi migrasi aman",
        "phone": "022-123456",
        "email": "info@anakbangsa.or.id",
    }
    data.update(overrides)
    return data


def complete_mou_data(**overrides):
    data = {field: f"Isi {label}" for field, label in COMPONENTS if field != "start_date"}
    data.update(
        title="MoU Perlindungan Pekerja Migran",
        number="119/PKS/2025",
        duration="Tiga tahun",
        start_date="2025-01-01",
        end_date="2027-12-31",
    )
    data.update(overrides)
    return data


def complete_mou(task_force, **fields) -> MoU:
    values = {field: f"Isi {label}" for field, label in COMPONENTS if field != "start_date"}
    values.update(title="MoU lengkap", start_date=datetime.date(2025, 1, 1))
    values.update(fields)
    return MoU.objects.create(task_force=task_force, **values)


def completeness_html(response) -> str:
    content = response.content.decode()
    match = re.search(r'id="completeness".*?</div>\s*</div>', content, re.S)
    assert match, "the MoU page has no completeness check"
    return match.group(0)


@pytest.mark.django_db
class TestPartners:
    def test_secretariat_creates_a_partner_through_the_form(self, login, users, tree):
        client = login(users["province_secretariat"])
        data = partner_data(works_with=[tree["district"].pk])
        response = client.post(reverse("members:partner_create", args=[tree["province"].pk]), data)
        partner = Partner.objects.get(name="Yayasan Anak Bangsa")
        assert response.status_code == 302
        assert response.url == partner.get_absolute_url()
        assert partner.task_force == tree["province"]
        assert partner.areas == ["prevention", "protection"]
        assert list(partner.works_with.all()) == [tree["district"]]

    def test_works_with_may_name_a_task_force_of_another_province(self, login, users, tree):
        # An origin province works with a transit city elsewhere: any task force may be named.
        client = login(users["province_secretariat"])
        data = partner_data(works_with=[tree["outsider"].pk])
        response = client.post(reverse("members:partner_create", args=[tree["province"].pk]), data)
        assert response.status_code == 302
        partner = Partner.objects.get(name="Yayasan Anak Bangsa")
        assert list(partner.works_with.all()) == [tree["outsider"]]

    def test_an_out_of_range_id_is_a_form_error(self, login, users, tree):
        client = login(users["province_secretariat"])
        data = partner_data(works_with=["9" * 30])
        response = client.post(reverse("members:partner_create", args=[tree["province"].pk]), data)
        assert response.status_code == 200
        assert "works_with" in response.context["form"].errors

    def test_contact_persons_are_added_and_removed_on_the_partner_page(self, login, users, tree):
        partner = make_partner(tree["province"])
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:partner_contact_add", args=[partner.pk]),
            {"name": "Siti Aminah", "position": "Direktur", "email": "siti@example.id"},
        )
        assert response.status_code == 302
        contact = partner.contacts.get()
        assert "Siti Aminah" in client.get(partner.get_absolute_url()).content.decode()
        response = client.post(reverse("members:partner_contact_remove", args=[contact.pk]))
        assert response.status_code == 302
        assert not PartnerContact.objects.filter(pk=contact.pk).exists()

    def test_partner_map_groups_by_area_and_shows_an_empty_one(self, english, users, tree):
        province = tree["province"]
        Partner.objects.create(
            task_force=province, name="LBH Bandung", kind="legal_aid", prosecution=True
        )
        Partner.objects.create(
            task_force=province, name="Pesantren Al-Ikhlas", kind="faith_based", prevention=True
        )
        helper = Partner.objects.create(
            task_force=tree["district"], name="Polmas Sukabumi", kind="community_police"
        )
        helper.prosecution = True
        helper.save()
        helper.works_with.add(province)
        english.force_login(users["province_member"])
        response = english.get(reverse("members:partner_map", args=[province.pk]))
        assert response.status_code == 200
        areas = {
            area["key"]: [p.name for p in area["partners"]] for area in response.context["areas"]
        }
        assert areas == {
            "prevention": ["Pesantren Al-Ikhlas"],
            "protection": [],
            "prosecution": ["LBH Bandung", "Polmas Sukabumi"],
        }
        content = response.content.decode()
        protection = re.search(r'id="area-protection".*?</ul>', content, re.S).group(0)
        assert "No partner yet" in protection
        kinds = {
            str(k["label"]): [p.name for p in k["partners"]] for k in response.context["kinds"]
        }
        assert kinds["Legal aid institute"] == ["LBH Bandung"]
        assert kinds["Media"] == []


@pytest.mark.django_db
class TestMoUs:
    def test_completeness_names_exactly_the_missing_components(self, english, users, tree):
        mou = complete_mou(tree["province"], funding="", dispute_settlement="")
        english.force_login(users["province_member"])
        response = english.get(mou.get_absolute_url())
        assert response.status_code == 200
        assert response.context["missing"] == ["funding", "dispute settlement"]
        check = completeness_html(response)
        assert "Funding" in check and "Dispute settlement" in check
        for field, label in COMPONENTS:
            if field not in ("funding", "dispute_settlement"):
                assert str(label).capitalize() not in check

    def test_complete_mou_with_its_document_is_signed(self, login, users, tree):
        client = login(users["province_secretariat"])
        partner = make_partner(tree["province"])
        data = complete_mou_data(
            partners=[partner.pk],
            other_task_forces=[tree["district"].pk],
            document=SimpleUploadedFile("mou.pdf", PDF, content_type="application/pdf"),
        )
        response = client.post(reverse("members:mou_create", args=[tree["province"].pk]), data)
        assert response.status_code == 302
        mou = MoU.objects.get(title="MoU Perlindungan Pekerja Migran")
        assert mou.status == MoUStatus.DRAFT
        assert mou.missing_components() == []
        assert mou.document.read().startswith(b"%PDF")
        response = client.post(
            reverse("members:mou_sign", args=[mou.pk]), {"signed_on": "2025-01-02"}
        )
        assert response.status_code == 302
        mou.refresh_from_db()
        assert mou.status == MoUStatus.SIGNED
        assert mou.signed_on == datetime.date(2025, 1, 2)
        document = client.get(reverse("members:mou_document", args=[mou.pk]))
        assert document.status_code == 200
        assert b"".join(document.streaming_content).startswith(b"%PDF")

    def test_signing_is_refused_while_components_are_missing(self, english, users, tree):
        mou = complete_mou(tree["province"], funding="")
        mou.document.save("mou.pdf", ContentFile(PDF), save=True)
        english.force_login(users["province_secretariat"])
        response = english.post(
            reverse("members:mou_sign", args=[mou.pk]), {"signed_on": "2025-01-02"}, follow=True
        )
        assert response.status_code == 200
        mou.refresh_from_db()
        assert mou.status == MoUStatus.DRAFT
        assert mou.signed_on is None
        assert "The MoU does not cover yet: funding." in response.content.decode()

    def test_signing_is_refused_without_the_signed_document(self, login, users, tree):
        mou = complete_mou(tree["province"])
        client = login(users["province_secretariat"])
        client.post(reverse("members:mou_sign", args=[mou.pk]), {"signed_on": "2025-01-02"})
        mou.refresh_from_db()
        assert mou.status == MoUStatus.DRAFT

    def test_an_mou_ending_before_it_starts_is_a_form_error(self, login, users, tree):
        client = login(users["province_secretariat"])
        data = complete_mou_data(start_date="2025-06-01", end_date="2025-05-31")
        response = client.post(reverse("members:mou_create", args=[tree["province"].pk]), data)
        assert response.status_code == 200
        assert "end_date" in response.context["form"].errors
        assert not MoU.objects.filter(task_force=tree["province"]).exists()

    @pytest.mark.parametrize(
        "name, content",
        [
            ("mou.exe", b"MZ\x90\x00"),
            ("mou.docx", b"PK\x03\x04"),
            ("mou.pdf", b"\x89PNG\r\n\x1a\n"),
        ],
    )
    def test_a_signed_document_of_the_wrong_type_is_a_form_error(
        self, login, users, tree, name, content
    ):
        mou = complete_mou(tree["province"])
        client = login(users["province_secretariat"])
        data = complete_mou_data(title=mou.title, document=SimpleUploadedFile(name, content))
        response = client.post(reverse("members:mou_edit", args=[mou.pk]), data)
        assert response.status_code == 200
        assert "document" in response.context["form"].errors
        mou.refresh_from_db()
        assert not mou.document

    def test_a_signed_document_over_the_limit_is_a_form_error(self, login, users, tree, settings):
        settings.EVIDENCE_MAX_BYTES = 10
        client = login(users["province_secretariat"])
        data = complete_mou_data(document=SimpleUploadedFile("mou.pdf", PDF))
        response = client.post(reverse("members:mou_create", args=[tree["province"].pk]), data)
        assert response.status_code == 200
        assert "document" in response.context["form"].errors

    def test_a_signed_mou_is_not_edited(self, login, users, tree):
        mou = make_mou(tree["province"], MoUStatus.SIGNED)
        client = login(users["province_secretariat"])
        response = client.post(
            reverse("members:mou_edit", args=[mou.pk]), complete_mou_data(title="Diubah")
        )
        assert response.status_code == 302
        assert response.url == mou.get_absolute_url()
        mou.refresh_from_db()
        assert mou.title != "Diubah"

    def test_workflow_from_signed_to_expired(self, login, users, tree):
        mou = make_mou(tree["province"], MoUStatus.SIGNED)
        client = login(users["province_secretariat"])
        client.post(reverse("members:mou_activate", args=[mou.pk]))
        mou.refresh_from_db()
        assert mou.status == MoUStatus.ACTIVE
        client.post(reverse("members:mou_expire", args=[mou.pk]))
        mou.refresh_from_db()
        assert mou.status == MoUStatus.EXPIRED
        client.post(reverse("members:mou_terminate", args=[mou.pk]))
        mou.refresh_from_db()
        assert mou.status == MoUStatus.EXPIRED  # refused: an expired MoU is not terminated

    def test_renewing_creates_a_linked_draft(self, login, users, tree):
        mou = make_mou(tree["province"], MoUStatus.ACTIVE)
        partner = make_partner(tree["province"])
        mou.partners.add(partner)
        client = login(users["province_secretariat"])
        response = client.post(reverse("members:mou_renew", args=[mou.pk]))
        renewal = MoU.objects.get(renews=mou)
        assert response.status_code == 302
        assert response.url == renewal.get_absolute_url()
        assert renewal.status == MoUStatus.DRAFT
        assert renewal.start_date == mou.end_date + datetime.timedelta(days=1)
        assert list(renewal.partners.all()) == [partner]
        client.post(reverse("members:mou_renew", args=[mou.pk]))
        assert MoU.objects.filter(renews=mou).count() == 1

    def test_parties_may_be_partners_of_task_forces_below(self, login, users, tree):
        own = make_partner(tree["province"])
        below = make_partner(tree["district"])
        foreign = make_partner(tree["outsider"])
        client = login(users["province_secretariat"])
        url = reverse("members:mou_create", args=[tree["province"].pk])
        choices = set(client.get(url).context["form"].fields["partners"].queryset)
        assert {own, below} <= choices
        assert foreign not in choices


@pytest.mark.django_db
class TestExpiry:
    def test_reminder_goes_once_to_the_current_secretariat(self, users, tree, mailoutbox):
        province = tree["province"]
        secretariat_email = users["province_secretariat"].person.email
        make_member(province, Role.SECRETARIAT, end_date=datetime.date(2024, 12, 31))  # former
        mou = make_mou(province, MoUStatus.ACTIVE)
        mou.end_date = TODAY + datetime.timedelta(days=60)
        mou.save()
        assert send_mou_reminders(TODAY) == 1
        assert len(mailoutbox) == 1
        assert mailoutbox[0].to == [secretariat_email]
        assert mou.title in mailoutbox[0].subject
        mou.refresh_from_db()
        assert mou.reminder_sent_on == TODAY
        assert send_mou_reminders(TODAY) == 0
        assert send_mou_reminders(TODAY + datetime.timedelta(days=1)) == 0
        assert len(mailoutbox) == 1

    def test_mous_ending_later_or_not_in_force_get_no_reminder(self, users, tree, mailoutbox):
        later = make_mou(tree["province"], MoUStatus.ACTIVE)
        later.end_date = TODAY + datetime.timedelta(days=91)
        later.save()
        draft = make_mou(tree["province"], MoUStatus.DRAFT)
        draft.end_date = TODAY + datetime.timedelta(days=10)
        draft.save()
        assert send_mou_reminders(TODAY) == 0
        assert mailoutbox == []

    def test_a_failing_send_is_logged_and_does_not_stop_the_others(
        self, users, tree, mailoutbox, monkeypatch, caplog
    ):
        from members import reminders

        first = make_mou(tree["province"], MoUStatus.SIGNED)
        second = make_mou(tree["district"], MoUStatus.ACTIVE)
        for days, mou in enumerate((first, second), start=10):
            mou.end_date = TODAY + datetime.timedelta(days=days)
            mou.save()
        real_send_mail = reminders.send_mail

        def flaky_send_mail(subject, body, sender, recipients):
            if first.title in subject:
                raise ConnectionRefusedError("SMTP down")
            return real_send_mail(subject, body, sender, recipients)

        monkeypatch.setattr(reminders, "send_mail", flaky_send_mail)
        with caplog.at_level(logging.ERROR, logger="members.reminders"):
            assert send_mou_reminders(TODAY) == 1
        assert "could not be sent" in caplog.text
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.reminder_sent_on is None
        assert second.reminder_sent_on == TODAY
        assert [m.to for m in mailoutbox] == [[users["district_secretariat"].person.email]]

    def test_the_command_prints_the_count(self, users, tree, mailoutbox):
        mou = make_mou(tree["province"], MoUStatus.ACTIVE)
        mou.end_date = TODAY + datetime.timedelta(days=5)
        mou.save()
        out = io.StringIO()
        call_command("send_reminders", today=TODAY.isoformat(), stdout=out)
        assert "1" in out.getvalue()
        assert len(mailoutbox) == 1

    def test_dashboard_shows_a_districts_expiring_mou_to_the_province(self, login, users, tree):
        today = timezone.localdate()
        mou = make_mou(tree["district"], MoUStatus.ACTIVE)
        mou.title = "MoU Polres Sukabumi"
        mou.end_date = today + datetime.timedelta(days=30)
        mou.save()
        later = make_mou(tree["district"], MoUStatus.ACTIVE)
        later.title = "MoU masih lama"
        later.end_date = today + datetime.timedelta(days=200)
        later.save()
        client = login(users["province_member"])
        content = client.get("/").content.decode()
        assert "MoU Polres Sukabumi" in content
        assert "MoU masih lama" not in content
        outsider = login(users["outsider_secretariat"])
        assert "MoU Polres Sukabumi" not in outsider.get("/").content.decode()


@pytest.mark.django_db
class TestExports:
    def test_partner_list_exports_one_row_per_partner(self, login, users, tree):
        partner = make_partner(tree["province"])
        partner.prevention = True
        partner.save()
        PartnerContact.objects.create(partner=partner, name="Siti Aminah", phone="0812")
        make_partner(tree["province"])
        client = login(users["province_member"])
        response = client.get(reverse("members:partner_export", args=[tree["province"].pk]))
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 3
        assert rows[1][0] == partner.name
        assert "Siti Aminah" in rows[1][-1]

    def test_mou_register_exports_one_row_per_mou(self, login, users, tree):
        mou = complete_mou(tree["province"], funding="", end_date=datetime.date(2027, 12, 31))
        mou.partners.add(make_partner(tree["province"]))
        mou.other_task_forces.add(tree["district"])
        make_mou(tree["province"])
        client = login(users["province_member"])
        response = client.get(reverse("members:mou_export", args=[tree["province"].pk]))
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 3
        assert len(rows[0]) == 7
        row = next(r for r in rows[1:] if r[0] == mou.title)
        assert str(tree["district"]) in row[2]
        assert row[3].date() == datetime.date(2025, 1, 1)
        assert row[6] == 1


@pytest.mark.django_db
class TestAccess:
    def test_an_outsider_does_not_find_the_partners_or_mous(self, login, users, tree):
        partner = make_partner(tree["province"])
        mou = make_mou(tree["province"])
        client = login(users["outsider_secretariat"])
        assert client.get(partner.get_absolute_url()).status_code == 404
        assert client.get(mou.get_absolute_url()).status_code == 404
        map_url = reverse("members:partner_map", args=[tree["province"].pk])
        assert client.get(map_url).status_code == 404
        response = client.post(
            reverse("members:mou_sign", args=[mou.pk]), {"signed_on": "2025-01-02"}
        )
        assert response.status_code == 404

    def test_a_member_reads_but_may_not_create_or_edit(self, login, users, tree):
        partner = make_partner(tree["province"])
        mou = make_mou(tree["province"])
        client = login(users["province_member"])
        assert client.get(partner.get_absolute_url()).status_code == 200
        assert client.get(mou.get_absolute_url()).status_code == 200
        tf = tree["province"].pk
        assert client.get(reverse("members:partner_create", args=[tf])).status_code == 403
        assert client.get(reverse("members:mou_create", args=[tf])).status_code == 403
        assert client.get(reverse("members:partner_edit", args=[partner.pk])).status_code == 403
        assert client.get(reverse("members:mou_edit", args=[mou.pk])).status_code == 403
        response = client.post(
            reverse("members:partner_create", args=[tf]), partner_data(name="Tidak boleh")
        )
        assert response.status_code == 403
        assert not Partner.objects.filter(name="Tidak boleh").exists()

    def test_the_province_reads_but_does_not_edit_a_districts_mou(self, login, users, tree):
        mou = make_mou(tree["district"])
        client = login(users["province_secretariat"])
        assert client.get(mou.get_absolute_url()).status_code == 200
        assert client.get(reverse("members:mou_edit", args=[mou.pk])).status_code == 403
