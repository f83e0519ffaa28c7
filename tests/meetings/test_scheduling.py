"""Scheduling meetings: the kinds and who may schedule them, the case conference, agenda,
materials, invitations and their e-mails, attendance, the checklist and cancelling."""

import datetime
import html
import logging
import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gugustugas.models import Role
from meetings import services, tasks
from meetings.models import (
    CASE_CONFERENCE_TOPICS,
    AgendaItem,
    Attendance,
    ChecklistTick,
    Invitation,
    Kind,
    Material,
    Meeting,
    MinutesStatus,
)
from members.models import Membership
from tests.conftest import PDF_BYTES, make_member
from tests.meetings.builders import invite, invite_new_member, make_meeting, member_of, run_tasks

PDF = PDF_BYTES


@pytest.fixture
def english(client):
    """Pages in English, so assertions read the msgids."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def as_user(english, users):
    def login(username):
        english.force_login(users[username])
        return english

    return login


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def meeting_data(kind=Kind.OVERALL, starts_in=datetime.timedelta(days=20), **overrides):
    starts = (timezone.now() + starts_in).replace(second=0, microsecond=0)
    data = {
        "kind": kind,
        "title": "Rapat koordinasi",
        "starts_at": local(starts),
        "ends_at": local(starts + datetime.timedelta(hours=2)),
        "place": "Aula Dinas PPPA",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def create_url(task_force, **query):
    url = reverse("meetings:meeting_create", args=[task_force.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def errors_of(response) -> dict:
    return response.context["form"].errors


@pytest.mark.django_db
class TestScheduling:
    @pytest.mark.parametrize(
        ("level", "kind"),
        [
            ("national", Kind.NATIONAL),
            ("national", Kind.OVERALL),
            ("province", Kind.PROVINCIAL),
            ("province", Kind.SPECIAL),
            ("district", Kind.OVERALL),
            ("district", Kind.SUBGT),
            ("district", Kind.SPECIAL),
        ],
    )
    def test_secretariat_schedules_each_kind_its_level_holds(self, as_user, tree, level, kind):
        client = as_user(f"{level}_secretariat")
        task_force = tree[level]
        data = meeting_data(kind)
        if kind == Kind.SUBGT:
            data["sub_task_force"] = task_force.subgts.first().pk
        response = client.post(create_url(task_force), data)
        meeting = Meeting.objects.get(task_force=task_force)
        assert response.status_code == 302
        assert response.url == meeting.get_absolute_url()
        assert meeting.kind == kind
        # The chair left empty: the guideline's chair of the kind is named.
        assert meeting.chair == meeting.default_chair()
        assert meeting.chair is not None

    def test_national_kind_refused_at_a_province(self, as_user, tree):
        client = as_user("province_secretariat")
        response = client.post(create_url(tree["province"]), meeting_data(Kind.NATIONAL))
        assert response.status_code == 200
        assert "kind" in errors_of(response)
        assert not Meeting.objects.exists()
        form = client.get(create_url(tree["province"])).context["form"]
        assert Kind.NATIONAL not in dict(form.fields["kind"].choices)
        assert Kind.PROVINCIAL in dict(form.fields["kind"].choices)

    def test_meeting_ending_before_it_starts_is_refused(self, as_user, tree):
        client = as_user("province_secretariat")
        data = meeting_data()
        data["ends_at"] = data["starts_at"]
        response = client.post(create_url(tree["province"]), data)
        assert response.status_code == 200
        assert errors_of(response)["ends_at"] == ["The meeting must end after it starts."]
        assert "The meeting must end after it starts." in response.content.decode()
        assert not Meeting.objects.exists()

    def test_kind_and_subgt_must_match(self, as_user, tree):
        client = as_user("province_secretariat")
        subgt = tree["province"].subgts.first()
        response = client.post(
            create_url(tree["province"]), meeting_data(Kind.OVERALL, sub_task_force=subgt.pk)
        )
        assert "sub_task_force" in errors_of(response)
        response = client.post(create_url(tree["province"]), meeting_data(Kind.SUBGT))
        assert "sub_task_force" in errors_of(response)
        other = tree["district"].subgts.first()
        response = client.post(
            create_url(tree["province"]), meeting_data(Kind.SUBGT, sub_task_force=other.pk)
        )
        assert "sub_task_force" in errors_of(response)
        assert not Meeting.objects.exists()

    def test_place_or_link_required_and_chair_from_the_task_force(self, as_user, tree):
        client = as_user("province_secretariat")
        response = client.post(create_url(tree["province"]), meeting_data(place=""))
        assert "place" in errors_of(response)
        foreign = make_member(tree["district"], Role.MEMBER)
        response = client.post(create_url(tree["province"]), meeting_data(chair=foreign.pk))
        assert "chair" in errors_of(response)
        assert not Meeting.objects.exists()
        response = client.post(
            create_url(tree["province"]),
            meeting_data(place="", online_link="https://zoom.us/j/123", title=""),
        )
        meeting = Meeting.objects.get()
        assert meeting.title == str(Kind.OVERALL.label)
        assert meeting.online_link == "https://zoom.us/j/123"

    def test_subgt_head_schedules_only_his_own_subgt(self, as_user, tree, users):
        client = as_user("province_subgt_head")
        task_force = tree["province"]
        own = member_of(task_force, "province_subgt_head").sub_task_force
        other = task_force.subgts.exclude(pk=own.pk).first()
        assert client.get(create_url(task_force, kind="subgt", subgt=own.pk)).status_code == 200

        response = client.post(
            create_url(task_force), meeting_data(Kind.SUBGT, sub_task_force=other.pk)
        )
        assert response.status_code == 200
        assert errors_of(response)["kind"] == [
            "You may only schedule coordination meetings of your own sub-GT."
        ]
        response = client.post(create_url(task_force), meeting_data(Kind.OVERALL))
        assert "kind" in errors_of(response)
        assert not Meeting.objects.exists()

        response = client.post(
            create_url(task_force), meeting_data(Kind.SUBGT, sub_task_force=own.pk)
        )
        meeting = Meeting.objects.get()
        assert response.status_code == 302
        assert meeting.sub_task_force == own
        assert meeting.chair == member_of(task_force, "province_subgt_head")

    def test_members_and_oversight_may_not_schedule(self, as_user, tree):
        assert as_user("province_member").get(create_url(tree["province"])).status_code == 403
        assert as_user("province_chair").get(create_url(tree["province"])).status_code == 403
        assert as_user("national_secretariat").get(create_url(tree["province"])).status_code == 403
        assert as_user("outsider_secretariat").get(create_url(tree["province"])).status_code == 404


@pytest.mark.django_db
class TestCaseConference:
    def test_form_warns_that_no_identity_may_be_entered(self, as_user, tree):
        content = as_user("province_secretariat").get(create_url(tree["province"])).content
        assert b'data-test="no-identity-warning"' in content
        assert b"Never enter a victim" in content

    def test_case_conference_gets_the_topics_as_agenda(self, as_user, tree):
        client = as_user("province_secretariat")
        referral = (timezone.now() - datetime.timedelta(hours=30)).replace(second=0, microsecond=0)
        data = meeting_data(
            Kind.SPECIAL,
            starts_in=datetime.timedelta(hours=2),
            case_reference="PPT-32-2026-014",
            referral_at=local(referral),
        )
        response = client.post(create_url(tree["province"]), data)
        meeting = Meeting.objects.get()
        assert response.status_code == 302
        assert meeting.case_reference == "PPT-32-2026-014"
        titles = list(meeting.agenda_items.values_list("title", flat=True))
        assert titles == [str(t) for t in CASE_CONFERENCE_TOPICS]
        assert meeting.chair == member_of(tree["province"], "province_daily_chair")
        assert not meeting.referral_late
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert 'data-test="case-conference"' in page
        assert "PPT-32-2026-014" in page
        assert 'data-test="referral-late"' not in page

    def test_late_case_conference_is_flagged(self, as_user, tree):
        meeting = make_meeting(
            tree["province"],
            Kind.SPECIAL,
            starts_in=datetime.timedelta(hours=3),
            case_reference="PPT-32-2026-015",
            referral_at=timezone.now() - datetime.timedelta(hours=50),
        )
        page = as_user("province_member").get(meeting.get_absolute_url()).content.decode()
        assert 'data-test="referral-late"' in page
        assert "53 hours" in page

    def test_a_name_is_refused_as_case_reference(self, as_user, tree):
        client = as_user("province_secretariat")
        data = meeting_data(
            Kind.SPECIAL,
            case_reference="Siti Aminah",
            referral_at=local(timezone.now() - datetime.timedelta(hours=2)),
        )
        response = client.post(create_url(tree["province"]), data)
        assert response.status_code == 200
        message = errors_of(response)["case_reference"][0]
        assert "never a name" in message
        assert "no victim's name or identity may be stored" in html.unescape(
            response.content.decode()
        )
        assert not Meeting.objects.exists()
        assert "Siti Aminah" not in "".join(AgendaItem.objects.values_list("title", flat=True))

    def test_start_before_referral_is_refused(self, as_user, tree):
        client = as_user("province_secretariat")
        data = meeting_data(Kind.SPECIAL, starts_in=datetime.timedelta(hours=2))
        data["case_reference"] = "PPT-32-2026-016"
        data["referral_at"] = local(timezone.now() + datetime.timedelta(hours=5))
        response = client.post(create_url(tree["province"]), data)
        assert errors_of(response)["starts_at"] == [
            "A case conference cannot start before the referral was received."
        ]
        assert not Meeting.objects.exists()

    def test_reference_and_referral_go_together_and_only_for_special(self, as_user, tree):
        client = as_user("province_secretariat")
        url = create_url(tree["province"])
        response = client.post(url, meeting_data(Kind.SPECIAL, case_reference="PPT-1"))
        assert "referral_at" in errors_of(response)
        referral = local(timezone.now() - datetime.timedelta(hours=1))
        response = client.post(url, meeting_data(Kind.SPECIAL, referral_at=referral))
        assert "case_reference" in errors_of(response)
        response = client.post(
            url, meeting_data(Kind.OVERALL, case_reference="PPT-1", referral_at=referral)
        )
        assert "case_reference" in errors_of(response)
        assert not Meeting.objects.exists()


@pytest.mark.django_db
class TestEditAndCancel:
    def test_edit_keeps_the_kind_and_reschedules_after_sending(self, as_user, tree):
        task_force = tree["province"]
        meeting = make_meeting(task_force)
        invitation = invite_new_member(meeting)
        client = as_user("province_secretariat")
        client.post(reverse("meetings:invitations_send", args=[meeting.pk]))
        run_tasks()
        invitation.refresh_from_db()
        meeting.refresh_from_db()
        assert invitation.sent_at is not None
        assert len(mail.outbox) == 1
        sequence = meeting.sequence

        new_start = meeting.starts_at.replace(second=0) + datetime.timedelta(days=1)
        data = meeting_data(
            Kind.NATIONAL,  # disabled: ignored
            title=meeting.title,
            starts_at=local(new_start),
            ends_at=local(new_start + datetime.timedelta(hours=2)),
        )
        response = client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), data)
        assert response.status_code == 302
        meeting.refresh_from_db()
        invitation.refresh_from_db()
        assert meeting.kind == Kind.OVERALL
        assert meeting.starts_at == new_start
        assert meeting.sequence == sequence + 1
        assert invitation.sent_at is None
        run_tasks()
        assert len(mail.outbox) == 2
        assert "SEQUENCE:" in mail.outbox[1].attachments[0][1]
        invitation.refresh_from_db()
        assert invitation.sent_at is not None

    def test_edit_of_title_only_sends_nothing(self, as_user, tree):
        meeting = make_meeting(
            tree["province"],
            starts_at=timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=10),
        )
        invite_new_member(meeting)
        client = as_user("province_secretariat")
        client.post(reverse("meetings:invitations_send", args=[meeting.pk]))
        run_tasks()
        data = meeting_data(
            title="Judul baru",
            starts_at=local(meeting.starts_at),
            ends_at=local(meeting.ends_at),
            place=meeting.place,
        )
        client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), data)
        meeting.refresh_from_db()
        assert meeting.title == "Judul baru"
        assert not DBTaskResult.objects.filter(
            task_path__endswith="send_invitations", status="READY"
        ).exists()

    def test_correcting_the_time_of_a_past_meeting_sends_nothing(self, as_user, tree):
        meeting = make_meeting(tree["province"], starts_in=-datetime.timedelta(days=3))
        invite_new_member(meeting, sent_at=meeting.starts_at - datetime.timedelta(days=14))
        Meeting.objects.filter(pk=meeting.pk).update(invitations_sent_at=meeting.starts_at)
        data = meeting_data(
            title=meeting.title,
            starts_at=local(meeting.starts_at - datetime.timedelta(hours=1)),
            ends_at=local(meeting.ends_at),
            place=meeting.place,
        )
        as_user("province_secretariat").post(
            reverse("meetings:meeting_edit", args=[meeting.pk]), data
        )
        meeting.refresh_from_db()
        assert meeting.starts_at < meeting.ends_at - datetime.timedelta(hours=2)
        assert not DBTaskResult.objects.filter(
            task_path__endswith="send_invitations", status="READY"
        ).exists()

    def test_edit_refused_for_cancelled_or_final(self, as_user, tree):
        client = as_user("province_secretariat")
        cancelled = make_meeting(tree["province"], cancelled_at=timezone.now())
        final = make_meeting(
            tree["province"], starts_in=-datetime.timedelta(days=3), minutes_status="final"
        )
        for meeting in (cancelled, final):
            response = client.get(reverse("meetings:meeting_edit", args=[meeting.pk]))
            assert response.status_code == 302
            assert response.url == meeting.get_absolute_url()

    def test_cancel_needs_a_reason_and_tells_the_invitees(self, as_user, tree):
        meeting = make_meeting(tree["province"])
        invite_new_member(meeting)
        client = as_user("province_secretariat")
        client.post(reverse("meetings:invitations_send", args=[meeting.pk]))
        run_tasks()
        url = reverse("meetings:meeting_cancel", args=[meeting.pk])
        response = client.post(url, {"reason": ""})
        meeting.refresh_from_db()
        assert response.status_code == 302
        assert not meeting.is_cancelled
        client.post(url, {"reason": "Bentrok dengan rapat gubernur"})
        meeting.refresh_from_db()
        assert meeting.is_cancelled
        assert meeting.cancel_reason == "Bentrok dengan rapat gubernur"
        run_tasks()
        assert len(mail.outbox) == 2
        assert "METHOD:CANCEL" in mail.outbox[1].attachments[0][1]
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert 'data-test="cancelled-notice"' in page
        response = client.post(url, {"reason": "lagi"}, follow=True)
        assert "already cancelled" in response.content.decode()

    def test_subgt_head_may_not_cancel_an_overall_meeting(self, as_user, tree):
        meeting = make_meeting(tree["province"])
        response = as_user("province_subgt_head").post(
            reverse("meetings:meeting_cancel", args=[meeting.pk]), {"reason": "x"}
        )
        assert response.status_code == 403
        meeting.refresh_from_db()
        assert not meeting.is_cancelled


@pytest.mark.django_db
class TestAgendaAndMaterials:
    def test_agenda_items_are_added_in_order_and_removed(self, as_user, tree):
        meeting = make_meeting(tree["province"])
        client = as_user("province_secretariat")
        url = reverse("meetings:agenda_add", args=[meeting.pk])
        client.post(
            url, {"title": "Pembukaan", "presenter": "Ketua Harian", "minutes_allotted": 10}
        )
        client.post(url, {"title": "Tindak lanjut", "minutes_allotted": 45})
        response = client.post(url, {"title": "Terlalu lama", "minutes_allotted": 601})
        assert "minutes_allotted" in response.context["form"].errors
        items = list(meeting.agenda_items.all())
        assert [(i.title, i.order) for i in items] == [("Pembukaan", 1), ("Tindak lanjut", 2)]
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "55 min." in page
        client.post(reverse("meetings:agenda_remove", args=[items[0].pk]))
        assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Tindak lanjut"]

    def test_nothing_changes_once_the_minutes_are_final(self, as_user, tree):
        meeting = make_meeting(
            tree["province"], starts_in=-datetime.timedelta(days=2), minutes_status="final"
        )
        item = AgendaItem.objects.create(meeting=meeting, title="Pembukaan")
        client = as_user("province_secretariat")
        client.post(reverse("meetings:agenda_add", args=[meeting.pk]), {"title": "Baru"})
        client.post(reverse("meetings:agenda_remove", args=[item.pk]))
        response = client.post(
            reverse("meetings:checklist_tick", args=[meeting.pk]), {"item": "room"}, follow=True
        )
        assert "final and locked" in response.content.decode()
        assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Pembukaan"]
        assert not ChecklistTick.objects.exists()

    def test_material_upload_is_checked_and_downloadable(self, as_user, tree):
        meeting = make_meeting(tree["province"])
        client = as_user("province_secretariat")
        url = reverse("meetings:material_add", args=[meeting.pk])
        fake = SimpleUploadedFile("paparan.pdf", b"MZ not a pdf", content_type="application/pdf")
        response = client.post(url, {"title": "Paparan", "file": fake})
        assert "file" in response.context["form"].errors
        exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
        response = client.post(url, {"title": "Paparan", "file": exe})
        assert "file" in response.context["form"].errors
        assert not Material.objects.exists()
        pdf = SimpleUploadedFile("paparan.pdf", PDF, content_type="application/pdf")
        response = client.post(url, {"title": "Paparan", "file": pdf})
        material = Material.objects.get()
        assert response.status_code == 302
        download = as_user("national_member").get(
            reverse("meetings:material_download", args=[material.pk])
        )
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert "attachment" in download["Content-Disposition"]
        assert (
            as_user("outsider_secretariat")
            .get(reverse("meetings:material_download", args=[material.pk]))
            .status_code
            == 404
        )
        as_user("province_secretariat").post(
            reverse("meetings:material_remove", args=[material.pk])
        )
        assert not Material.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL): SQLite has no row locks, so "
    "select_for_update is a no-op there and the race cannot be shown",
)
def test_two_agenda_items_added_at_once_take_two_places(committed_tree, monkeypatch):
    """Two organisers add an item at the same moment, on two connections: the meeting's
    row lock makes the second read the last place after the first took it."""
    meeting = make_meeting(committed_tree["province"])
    save = AgendaItem.save

    def slow_save(item, *args, **kwargs):
        time.sleep(0.3)  # between reading the last place and taking the next
        save(item, *args, **kwargs)

    monkeypatch.setattr(AgendaItem, "save", slow_save)
    barrier = threading.Barrier(2)

    def add(title):
        try:
            item = AgendaItem(meeting=Meeting.objects.get(pk=meeting.pk), title=title)
            barrier.wait()
            services.add_agenda_item(item)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(title,)) for title in ("Satu", "Dua")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(meeting.agenda_items.values_list("order", flat=True)) == [1, 2]


@pytest.mark.django_db
class TestInvitations:
    def url(self, meeting):
        return reverse("meetings:invitations", args=[meeting.pk])

    def test_invite_by_subgt_role_and_hand_idempotently(self, as_user, tree):
        task_force = tree["province"]
        meeting = make_meeting(task_force)
        subgt = task_force.subgts.first()
        in_subgt = make_member(task_force, Role.MEMBER, sub_task_force=subgt)
        by_hand = make_member(task_force, Role.MEMBER)
        former = make_member(task_force, Role.MEMBER, sub_task_force=subgt)
        former.end_date = datetime.date(2024, 6, 1)
        former.save()
        client = as_user("province_secretariat")

        response = client.post(self.url(meeting), {"subgts": [subgt.pk]}, follow=True)
        invited = set(meeting.invitations.values_list("membership_id", flat=True))
        head = member_of(task_force, "province_subgt_head")
        assert invited == {in_subgt.pk, head.pk}
        assert "2 member(s) were invited" in response.content.decode()

        client.post(self.url(meeting), {"roles": [Role.SECRETARIAT, Role.DAILY_CHAIR]})
        client.post(self.url(meeting), {"members": [by_hand.pk, in_subgt.pk]})
        invited = set(meeting.invitations.values_list("membership_id", flat=True))
        assert invited == {
            in_subgt.pk,
            head.pk,
            by_hand.pk,
            member_of(task_force, "province_secretariat").pk,
            member_of(task_force, "province_daily_chair").pk,
        }
        response = client.post(self.url(meeting), {"members": [by_hand.pk]}, follow=True)
        assert "already invited" in response.content.decode()
        assert meeting.invitations.count() == 5

    def test_crafted_non_member_is_refused_and_nothing_saved(self, as_user, tree):
        meeting = make_meeting(tree["province"])
        own = make_member(tree["province"], Role.MEMBER)
        outsider = make_member(tree["outsider"], Role.MEMBER)
        district = make_member(tree["district"], Role.SECRETARIAT)
        client = as_user("province_secretariat")
        for bad in ([own.pk, outsider.pk], [district.pk], ["abc"], ["9" * 30]):
            response = client.post(self.url(meeting), {"members": bad, "roles": [Role.CHAIR]})
            assert response.status_code == 200
            assert (
                "not a member of this task force" in response.context["form"].errors["members"][0]
            )
        assert (
            f"#{outsider.pk}"
            in client.post(self.url(meeting), {"members": [outsider.pk]}).content.decode()
        )
        assert not Invitation.objects.exists()

    def test_provincial_meeting_invites_the_districts_leaders(self, as_user, tree):
        meeting = make_meeting(tree["province"], Kind.PROVINCIAL)
        district_member = make_member(tree["district"], Role.MEMBER)
        client = as_user("province_secretariat")
        client.post(self.url(meeting), {"districts": "on"})
        invited = set(meeting.invitations.values_list("membership_id", flat=True))
        assert invited == {
            member_of(None, "district_daily_chair").pk,
            member_of(None, "district_secretariat").pk,
        }
        # A district's member may be invited by hand to a provincial meeting, but not an
        # outsider province's.
        client.post(self.url(meeting), {"members": [district_member.pk]})
        assert meeting.invitations.filter(membership=district_member).exists()
        form = client.get(self.url(meeting)).context["form"]
        assert "provinces" not in form.fields

    def test_national_meeting_invites_provinces_and_districts(self, as_user, tree):
        meeting = make_meeting(tree["national"], Kind.NATIONAL)
        client = as_user("national_secretariat")
        client.post(self.url(meeting), {"provinces": "on"})
        invited = set(meeting.invitations.values_list("membership_id", flat=True))
        expected = set(
            Membership.objects.filter(
                task_force__region__level="province", role__in=["daily_chair", "secretariat"]
            ).values_list("pk", flat=True)
        )
        assert invited == expected
        assert member_of(None, "outsider_secretariat").pk in invited
        client.post(self.url(meeting), {"districts": "on"})
        assert meeting.invitations.filter(
            membership=member_of(None, "district_secretariat")
        ).exists()

    def test_overall_meeting_offers_no_leaders_below(self, as_user, tree):
        meeting = make_meeting(tree["province"])
        client = as_user("province_secretariat")
        form = client.get(self.url(meeting)).context["form"]
        assert "districts" not in form.fields
        response = client.post(
            self.url(meeting), {"members": [member_of(None, "district_secretariat").pk]}
        )
        assert "members" in response.context["form"].errors
        assert not Invitation.objects.exists()

    def test_remove_an_invitation(self, as_user, tree):
        meeting = make_meeting(tree["province"])
        invitation = invite_new_member(meeting)
        as_user("province_secretariat").post(
            reverse("meetings:invitation_remove", args=[invitation.pk])
        )
        assert not Invitation.objects.exists()

    def test_sending_queues_the_mails_and_the_worker_delivers_them(self, as_user, tree):
        meeting = make_meeting(tree["province"])
        with_email = invite_new_member(meeting)
        no_email = invite_new_member(meeting)
        no_email.membership.person.email = ""
        no_email.membership.person.save()
        client = as_user("province_secretariat")
        page = client.get(self.url(meeting)).content.decode()
        assert 'data-test="no-email"' in page

        response = client.post(reverse("meetings:invitations_send", args=[meeting.pk]), follow=True)
        assert "1 invitation(s) are being sent" in response.content.decode()
        assert mail.outbox == []  # not from the request: from the queue
        assert DBTaskResult.objects.filter(task_path__endswith="send_invitations").exists()
        assert DBTaskResult.objects.filter(task_path__endswith="send_reminder").exists()
        run_tasks()
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [with_email.membership.person.email]
        name, content, mimetype = message.attachments[0]
        assert name.endswith(".ics") and mimetype == "text/calendar"
        assert "BEGIN:VEVENT" in content
        with_email.refresh_from_db()
        meeting.refresh_from_db()
        assert with_email.sent_at is not None
        assert meeting.invitations_sent_at is not None

        response = client.post(reverse("meetings:invitations_send", args=[meeting.pk]), follow=True)
        assert "has been sent already" in response.content.decode()
        invite_new_member(meeting)
        client.post(reverse("meetings:invitations_send", args=[meeting.pk]))
        run_tasks()
        assert len(mail.outbox) == 2  # only the new one

    def test_failed_mail_is_logged_kept_and_retried(self, as_user, tree, caplog):
        meeting = make_meeting(tree["province"])
        invitation = invite_new_member(meeting)
        client = as_user("province_secretariat")
        client.post(reverse("meetings:invitations_send", args=[meeting.pk]))
        with (
            mock.patch(
                "django.core.mail.EmailMessage.send", side_effect=OSError("SMTP server down")
            ),
            caplog.at_level(logging.ERROR, logger="meetings.tasks"),
        ):
            run_tasks()
        assert "failed" in caplog.text
        invitation.refresh_from_db()
        assert invitation.sent_at is None
        assert invitation.send_attempts == 1
        assert invitation.send_error == "SMTP server down"
        retry = DBTaskResult.objects.filter(
            task_path__endswith="send_invitations", status="READY"
        ).get()
        assert retry.run_after > timezone.now()
        meeting.refresh_from_db()
        assert not meeting.is_cancelled and meeting.title.startswith("Rapat uji")
        page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
        assert 'data-test="send-failed"' in page
        assert "SMTP server down" in page

        # The organiser's button resends it at once too; the queued retry also delivers.
        client.post(reverse("meetings:invitations_send", args=[meeting.pk]))
        run_tasks()
        invitation.refresh_from_db()
        assert invitation.sent_at is not None
        assert invitation.send_error == ""
        assert len(mail.outbox) == 1

    def test_sending_refused_for_a_meeting_that_has_begun(self, as_user, tree):
        meeting = make_meeting(tree["province"], starts_in=-datetime.timedelta(hours=1))
        invite_new_member(meeting)
        as_user("province_secretariat").post(
            reverse("meetings:invitations_send", args=[meeting.pk])
        )
        assert not DBTaskResult.objects.filter(task_path__startswith="meetings.").exists()


@pytest.mark.django_db
class TestAttendance:
    def test_attendance_is_taken_on_the_day(self, as_user, tree):
        meeting = make_meeting(tree["province"])
        response = as_user("province_secretariat").get(
            reverse("meetings:attendance", args=[meeting.pk]), follow=True
        )
        assert "Attendance is taken on the day" in response.content.decode()

    def formset_data(self, rows):
        data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows)}
        for n, (invitation, attendance, represented_by) in enumerate(rows):
            data[f"form-{n}-id"] = invitation.pk
            data[f"form-{n}-attendance"] = attendance
            data[f"form-{n}-represented_by"] = represented_by
        return data

    def test_represented_requires_a_name(self, as_user, tree):
        meeting = make_meeting(tree["province"], starts_in=-datetime.timedelta(hours=1))
        a, b, c = (invite_new_member(meeting) for _ in range(3))
        url = reverse("meetings:attendance", args=[meeting.pk])
        client = as_user("province_secretariat")
        ordered = sorted((a, b, c), key=lambda i: (i.membership.person.full_name, i.pk))
        bad = self.formset_data(
            [
                (ordered[0], "present", ""),
                (ordered[1], "represented", ""),
                (ordered[2], "absent", "Budi"),
            ]
        )
        response = client.post(url, bad)
        assert response.status_code == 200
        content = response.content.decode()
        assert "Name who came instead of the member." in content
        assert "Name a representative only for a member who was represented." in content
        assert not Invitation.objects.exclude(attendance="").exists()

        good = self.formset_data(
            [
                (ordered[0], "present", ""),
                (ordered[1], "represented", "Budi, Kasi Perlindungan"),
                (ordered[2], "absent", ""),
            ]
        )
        assert client.post(url, good).status_code == 302
        ordered[1].refresh_from_db()
        assert ordered[1].attendance == Attendance.REPRESENTED
        assert ordered[1].represented_by == "Budi, Kasi Perlindungan"
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert 'data-test="attendance-summary"' in page

    def test_note_taker_takes_attendance_other_members_do_not(self, as_user, tree):
        meeting = make_meeting(
            tree["province"],
            starts_in=-datetime.timedelta(hours=1),
            note_taker=member_of(None, "province_member"),
        )
        url = reverse("meetings:attendance", args=[meeting.pk])
        assert as_user("province_member").get(url).status_code == 200
        assert as_user("province_chair").get(url).status_code == 403

    def test_crafted_extra_row_creates_nothing(self, as_user, tree):
        meeting = make_meeting(tree["province"], starts_in=-datetime.timedelta(hours=1))
        invitation = invite_new_member(meeting)
        other = invite_new_member(
            make_meeting(tree["province"], starts_in=-datetime.timedelta(hours=1))
        )
        data = self.formset_data([(invitation, "present", "")])
        data.update({"form-TOTAL_FORMS": 2, "form-1-id": other.pk, "form-1-attendance": "absent"})
        client = as_user("province_secretariat")
        client.post(reverse("meetings:attendance", args=[meeting.pk]), data)
        other.refresh_from_db()
        assert other.attendance == ""
        assert Invitation.objects.count() == 2


@pytest.mark.django_db
class TestChecklistAndPages:
    def test_manual_items_toggle(self, as_user, tree, users):
        meeting = make_meeting(tree["province"])
        url = reverse("meetings:checklist_tick", args=[meeting.pk])
        client = as_user("province_secretariat")
        client.post(url, {"item": "room"})
        tick = ChecklistTick.objects.get(meeting=meeting)
        assert tick.item == "room" and tick.ticked_by == users["province_secretariat"]
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert 'data-test="tick-room"' in page
        assert "pct-" in page
        client.post(url, {"item": "room"})
        assert not ChecklistTick.objects.exists()
        for item in ("agenda", "bogus", ""):
            response = client.post(url, {"item": item}, follow=True)
            assert "cannot be ticked by hand" in response.content.decode()
        assert not ChecklistTick.objects.exists()
        assert as_user("province_member").post(url, {"item": "room"}).status_code == 403

    def test_detail_page_shows_everything_in_constant_queries(
        self, as_user, tree, django_assert_max_num_queries
    ):
        meeting = make_meeting(tree["province"], facilitator=member_of(None, "province_member"))
        client = as_user("province_secretariat")
        client.get(meeting.get_absolute_url())
        with django_assert_max_num_queries(40) as few:
            client.get(meeting.get_absolute_url())
        for n in range(8):
            AgendaItem.objects.create(meeting=meeting, title=f"Agenda {n}")
            invite_new_member(meeting)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(meeting.get_absolute_url())
        assert response.status_code == 200
        assert response.context["can_organise"] is True

    def test_list_shows_meetings_and_cadence_in_constant_queries(
        self, as_user, tree, django_assert_max_num_queries
    ):
        task_force = tree["province"]
        client = as_user("province_member")
        url = reverse("meetings:meeting_list", args=[task_force.pk])
        make_meeting(task_force)
        make_meeting(task_force, starts_in=-datetime.timedelta(days=1))
        client.get(url)
        with django_assert_max_num_queries(30) as few:
            client.get(url)
        for n in range(6):
            past = make_meeting(task_force, Kind.SUBGT, starts_in=-datetime.timedelta(days=n + 1))
            invite(past, member_of(None, "province_member"))
            make_meeting(task_force, Kind.SPECIAL, starts_in=datetime.timedelta(days=n + 1))
        cancelled = make_meeting(task_force, cancelled_at=timezone.now())
        invite_new_member(cancelled, response="accepted")
        invite_new_member(cancelled)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url)
        content = response.content.decode()
        assert 'data-test="cancelled"' in content
        assert "1 of 2 accepted" in content
        assert 'data-test="cadence"' in content
        assert "without a meeting in the last month" in content
        assert 'data-test="schedule-meeting"' not in content
        assert len(response.context["upcoming"]) == 8
        filtered = client.get(url, {"kind": "subgt"})
        assert len(filtered.context["upcoming"]) == 0
        assert len(filtered.context["object_list"]) == 6
        assert len(client.get(url).context["object_list"]) == 7
        assert client.get(url, {"year": "abc"}).status_code == 200

    def test_task_force_page_links_to_meetings(self, as_user, tree):
        page = as_user("province_member").get(tree["province"].get_absolute_url())
        assert reverse("meetings:meeting_list", args=[tree["province"].pk]) in page.content.decode()

    def test_minutes_final_meeting_hides_changes(self, as_user, tree):
        meeting = make_meeting(
            tree["province"],
            starts_in=-datetime.timedelta(days=2),
            minutes_status=MinutesStatus.FINAL,
        )
        page = as_user("province_secretariat").get(meeting.get_absolute_url()).content.decode()
        assert 'data-test="meeting-edit"' not in page
        assert 'data-test="agenda-add"' not in page
        assert reverse("meetings:minutes_pdf", args=[meeting.pk]) in page

    def test_schedule_reminder_is_queued_two_days_before(self, as_user, tree):
        meeting = make_meeting(tree["province"])
        invite_new_member(meeting)
        as_user("province_secretariat").post(
            reverse("meetings:invitations_send", args=[meeting.pk])
        )
        reminder = DBTaskResult.objects.get(task_path__endswith="send_reminder")
        assert reminder.run_after == meeting.starts_at - tasks.REMINDER_BEFORE
