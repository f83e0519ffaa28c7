"""A coordination meeting invites the task forces below: their invitees read its page,
calendar file and minutes and may request amendments, though the meeting belongs to a
task force above theirs. Anyone else there still gets 404."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from gugustugas import access
from meetings.models import (
    ActionPoint,
    AgendaItem,
    Amendment,
    CalendarKey,
    Decision,
    Invitation,
    Kind,
    Material,
    Meeting,
    MinutesStatus,
)
from members.models import Membership
from tests.meetings.builders import invite, make_action_point, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_meeting(tree, users):
    meeting = make_meeting(
        tree["national"],
        Kind.NATIONAL,
        starts_in=-datetime.timedelta(days=3),
        discussion="<p>Rapat koordinasi nasional.</p>",
        minutes_status=MinutesStatus.CIRCULATED,
    )
    invite(meeting, Membership.objects.get(person__user=users["province_daily_chair"]))
    return meeting


@pytest.mark.parametrize("name", ["meeting_detail", "meeting_ics", "minutes_pdf"])
def test_an_invitee_from_below_reads_the_meeting(name, national_meeting, login, users):
    url = reverse(f"meetings:{name}", args=[national_meeting.pk])
    assert login(users["province_daily_chair"]).get(url).status_code == 200
    assert login(users["province_secretariat"]).get(url).status_code == 404


def test_an_invitee_from_below_may_request_an_amendment(national_meeting, login, users):
    client = login(users["province_daily_chair"])
    url = reverse("meetings:amendment_add", args=[national_meeting.pk])
    client.post(url, {"text": "Tambahkan capaian Jawa Barat: 12 desa."})
    assert Amendment.objects.filter(meeting=national_meeting).count() == 1


def test_an_invitee_from_below_may_not_edit(national_meeting, login, users):
    client = login(users["province_daily_chair"])
    for name in ("meeting_edit", "minutes_edit", "invitations"):
        url = reverse(f"meetings:{name}", args=[national_meeting.pk])
        assert client.get(url).status_code in (403, 404), name


def _material(meeting):
    material = Material(meeting=meeting, title="Bahan paparan nasional")
    material.file.save("paparan.pdf", ContentFile(b"%PDF-1.4 bahan rapat"), save=True)
    return material


def test_an_invitee_from_below_downloads_the_material_the_page_links(
    national_meeting, login, users
):
    material = _material(national_meeting)
    client = login(users["province_daily_chair"])
    download = reverse("meetings:material_download", args=[material.pk])
    page = client.get(reverse("meetings:meeting_detail", args=[national_meeting.pk]))
    assert download in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 bahan rapat"
    assert login(users["province_secretariat"]).get(download).status_code == 404


def test_an_invitee_from_below_reads_the_action_points_of_the_meeting(
    national_meeting, login, users
):
    point = make_action_point(national_meeting)
    client = login(users["province_daily_chair"])
    # Following an action point up is for its owner and the minutes' writers: 403, not 404.
    url = reverse("meetings:action_point_status", args=[point.pk])
    assert client.post(url, {"status": "done"}).status_code == 403
    assert login(users["province_secretariat"]).post(url, {"status": "done"}).status_code == 404


@pytest.mark.parametrize("name", ["meeting_detail", "meeting_ics", "minutes_pdf", "amendment_add"])
def test_an_invitation_through_an_ended_seat_reads_nothing(name, national_meeting, login, users):
    seat = Membership.objects.get(person__user=users["province_daily_chair"])
    seat.end_date = timezone.localdate() - datetime.timedelta(days=1)
    seat.save()
    client = login(users["province_daily_chair"])
    url = reverse(f"meetings:{name}", args=[national_meeting.pk])
    if name == "amendment_add":
        assert client.post(url, {"text": "Tambahkan capaian."}).status_code == 404
        assert not Amendment.objects.filter(meeting=national_meeting).exists()
    else:
        assert client.get(url).status_code == 404


def test_an_invitation_through_an_ended_seat_leaves_the_personal_feed(
    national_meeting, login, users
):
    seat = Membership.objects.get(person__user=users["province_daily_chair"])
    seat.end_date = timezone.localdate() - datetime.timedelta(days=1)
    seat.save()
    key = CalendarKey.for_user(users["province_daily_chair"]).key
    feed = login(users["province_daily_chair"]).get(reverse("meetings:user_feed", args=[key]))
    assert national_meeting.title not in feed.content.decode()


def test_every_child_of_a_meeting_follows_the_invitation(national_meeting, tree, users):
    """Read scope of a meeting's rows is the meeting's: the access module reaches them
    through ``scope_field``, so no child needs its own rule."""
    other = make_meeting(tree["national"], Kind.NATIONAL)
    for meeting in (national_meeting, other):
        AgendaItem.objects.create(meeting=meeting, title="Pembukaan")
        Decision.objects.create(meeting=meeting, text="Disepakati.")
        Amendment.objects.create(meeting=meeting, text="Paragraf 2.")
        make_action_point(meeting)
    invitee = users["province_daily_chair"]
    for model in (Meeting, AgendaItem, Decision, Amendment, ActionPoint, Invitation):
        meeting_ids = set(
            access.visible(invitee, model).values_list(
                "pk" if model is Meeting else "meeting_id", flat=True
            )
        )
        assert meeting_ids == {national_meeting.pk}, model.__name__
        assert (
            not access.visible(users["province_secretariat"], model)
            .filter(
                **(
                    {"pk": national_meeting.pk}
                    if model is Meeting
                    else {"meeting": national_meeting}
                )
            )
            .exists()
        ), model.__name__
