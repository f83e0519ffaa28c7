"""The meeting journey in a real browser: the secretariat schedules a sub-GT coordination
meeting and invites the sub-GT; an invitee confirms through the link in her e-mail
(not logged in); after the meeting the note-taker writes the minutes with two action
points and circulates them; the chair approves them; the next meeting of the same
sub-GT opens with both action points carried over.

Demo logins of Jawa Barat: ``jabar.sekretariat`` (secretariat), ``jabar.subgt`` (Asep
Saepudin, Kepala Sub-GT of the prevention sub-GT: the default chair of its meetings) and
``jabar.anggota`` (Nurul Hidayah, member of that sub-GT for Disnakertrans). Selectors
avoid visible text (the UI is Indonesian): data-test attributes, names, URLs.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from gugustugas.models import TaskForce
from meetings.models import ActionPoint, Invitation, Kind, Meeting, MinutesStatus, Response
from members.models import Agency, Membership
from tests.e2e.conftest import TIMEOUT_MS
from tests.meetings.builders import run_tasks

JABAR = "32"
SECRETARIAT = "jabar.sekretariat"
SUBGT_HEAD = "jabar.subgt"
NOTE_TAKER = "jabar.anggota"
MAIN_FORM = "main form[method=post]"

PLACE = "Ruang Rapat Disdik Jawa Barat, Lantai 2 (uji e2e)"
NEXT_PLACE = "Aula Disnakertrans Jawa Barat (uji e2e)"
DISCUSSION = "Sosialisasi migrasi aman di sekolah menengah dibahas bersama Disnakertrans."
DECISION = "Sosialisasi migrasi aman masuk kegiatan MPLS di 27 kabupaten/kota."
POINTS = [
    ("Disnakertrans", 7, "Susun materi sosialisasi migrasi aman untuk siswa SMA/SMK (uji e2e)."),
    ("Disdik", 21, "Edarkan surat ke kepala sekolah tentang jadwal sosialisasi (uji e2e)."),
]


@pytest.fixture
def tf(demo_data, own_task_queue) -> TaskForce:
    return TaskForce.objects.get(region__code=JABAR)


def membership_of(tf: TaskForce, username: str) -> Membership:
    return Membership.objects.current().get(task_force=tf, person__user__username=username)


def at(day: datetime.date, hour: int) -> str:
    """The value of a datetime-local input: ``day`` at ``hour`` o'clock."""
    return f"{day.isoformat()}T{hour:02d}:00"


def click_and_wait(page, locator):
    """Click a link or submit button; return the response of the navigation."""
    with page.expect_navigation() as navigation:
        locator.click()
    return navigation.value


def switch_user(page, live_server, login, username):
    """Log out by dropping the session cookie, then log in as ``username``."""
    page.context.clear_cookies()
    login(page, live_server, username)


def meeting_pk(page, live_server) -> int:
    match = re.fullmatch(rf"{re.escape(live_server.url)}/meetings/(\d+)/(#.*)?", page.url)
    assert match, f"expected a meeting page, got {page.url}"
    return int(match.group(1))


def schedule_subgt_meeting(page, live_server, tf, day, place, note_taker=None) -> Meeting:
    """From the task force's meeting list, schedule a prevention sub-GT meeting on
    ``day`` 09:00-11:00 with the chair left empty; return it."""
    prevention = tf.subgts.get(kind="prevention")
    assert page.goto(f"{live_server.url}/taskforces/{tf.pk}/meetings/").status == 200
    click_and_wait(page, page.locator("[data-test=schedule-meeting]"))
    assert page.url == f"{live_server.url}/taskforces/{tf.pk}/meetings/add/"
    form = page.locator(MAIN_FORM)
    form.locator("select[name=kind]").select_option(Kind.SUBGT.value)
    form.locator("select[name=sub_task_force]").select_option(str(prevention.pk))
    form.locator("input[name=starts_at]").fill(at(day, 9))
    form.locator("input[name=ends_at]").fill(at(day, 11))
    form.locator("input[name=place]").fill(place)
    expect(form.locator("select[name=chair]")).to_have_value("")
    if note_taker is not None:
        form.locator("select[name=note_taker]").select_option(str(note_taker.pk))
    assert click_and_wait(page, form.locator("button[type=submit]").first).status == 200
    meeting = Meeting.objects.get(pk=meeting_pk(page, live_server))
    assert meeting.task_force == tf
    assert meeting.kind == Kind.SUBGT
    assert meeting.sub_task_force == prevention
    assert meeting.place == place
    start = timezone.localtime(meeting.starts_at)
    assert (start.date(), start.hour, start.minute) == (day, 9, 0)
    assert timezone.localtime(meeting.ends_at).hour == 11
    # The chair left empty: the Kepala Sub-GT of the prevention sub-GT.
    assert meeting.chair == membership_of(tf, SUBGT_HEAD)
    return meeting


def rsvp_path(message) -> str:
    """The path of the answer link in an invitation e-mail (the link's host is SITE_URL)."""
    links = re.findall(r"https?://\S+/rsvp/\S+/", message.body)
    assert len(links) == 1, f"expected one answer link in the e-mail:\n{message.body}"
    return urlsplit(links[0]).path


def test_meeting_from_invitation_to_carried_over_action_points(
    page, live_server, tf, login, browser, browser_context_args
):
    # Circulating and approving ask "are you sure?" (data-confirm): say yes.
    page.on("dialog", lambda dialog: dialog.accept())
    anggota = membership_of(tf, NOTE_TAKER)
    head = membership_of(tf, SUBGT_HEAD)
    prevention = tf.subgts.get(kind="prevention")
    assert anggota.sub_task_force == prevention and anggota.person.email

    # 1. The secretariat schedules the meeting for tomorrow and invites the sub-GT.
    login(page, live_server, SECRETARIAT)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = schedule_subgt_meeting(page, live_server, tf, tomorrow, PLACE, note_taker=anggota)
    assert meeting.note_taker == anggota
    assert meeting.minutes_status == MinutesStatus.DRAFT
    detail_url = f"{live_server.url}/meetings/{meeting.pk}/"

    click_and_wait(page, page.locator("[data-test=manage-invitations]"))
    assert page.url == f"{live_server.url}/meetings/{meeting.pk}/invitations/"
    invite_form = page.locator("[data-test=invite-form] form")
    invite_form.locator(f"input[name=subgts][value='{prevention.pk}']").check()
    assert click_and_wait(page, invite_form.locator("[data-test=invite-submit]")).status == 200
    members = set(
        Membership.objects.current()
        .filter(task_force=tf, sub_task_force=prevention)
        .values_list("pk", flat=True)
    )
    invited = set(meeting.invitations.values_list("membership_id", flat=True))
    assert invited == members and {anggota.pk, head.pk} <= invited

    mail.outbox.clear()
    assert click_and_wait(page, page.locator("[data-test=send-invitations]")).status == 200
    assert page.url == f"{live_server.url}/meetings/{meeting.pk}/invitations/"
    expect(page.locator(".alert-success")).to_be_visible()
    assert mail.outbox == []  # the request only queues them

    # 2. The task queue sends the e-mails; Nurul answers through her link, not logged in.
    # (Its last requests answered first: the worker's exclusive transaction finds the
    # in-memory SQLite table locked while the live server reads it.)
    page.wait_for_load_state("networkidle")
    run_tasks()
    invitations = [m for m in mail.outbox if any(a[0] == "undangan.ics" for a in m.attachments)]
    to_nurul = [m for m in invitations if m.to == [anggota.person.email]]
    assert len(to_nurul) == 1, [m.to for m in invitations]
    assert not Invitation.objects.filter(meeting=meeting, sent_at__isnull=True).exists()
    link = rsvp_path(to_nurul[0])

    stranger = browser.new_context(**browser_context_args)
    try:
        outside = stranger.new_page()
        outside.set_default_timeout(TIMEOUT_MS)
        assert outside.goto(f"{live_server.url}{link}").status == 200
        expect(outside.locator("[data-test=rsvp-invitee]")).to_contain_text(
            anggota.person.full_name
        )
        assert click_and_wait(outside, outside.locator("[data-test=rsvp-accept]")).status == 200
        expect(outside.locator("[data-test=rsvp-thanks]")).to_be_visible()
        with translation.override("id"):
            accepted = str(Response.ACCEPTED.label)
        expect(outside.locator("[data-test=rsvp-recorded]")).to_have_text(accepted)
        expect(outside.locator("[data-test=rsvp-form]")).to_have_count(0)
    finally:
        stranger.close()
    invitation = Invitation.objects.get(meeting=meeting, membership=anggota)
    assert invitation.response == Response.ACCEPTED
    assert invitation.responded_at is not None

    # 3. Time passes between scheduling and the meeting: it has now taken place.
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - datetime.timedelta(hours=3), ends_at=now - datetime.timedelta(hours=1)
    )

    # 4. The note-taker writes the minutes and two action points, then circulates them.
    switch_user(page, live_server, login, NOTE_TAKER)
    assert page.goto(detail_url).status == 200
    click_and_wait(page, page.locator("[data-test=minutes-edit]"))
    assert page.url == f"{live_server.url}/meetings/{meeting.pk}/minutes/"
    form = page.locator("[data-test=minutes-form]")
    form.locator("textarea[name=discussion]").fill(DISCUSSION)
    form.locator("textarea[name='decisions-0-text']").fill(DECISION)
    assert click_and_wait(page, form.locator("[data-test=minutes-save]")).status == 200
    assert page.url.startswith(detail_url)
    expect(page.locator("[data-test=minutes-discussion]")).to_contain_text(DISCUSSION)
    expect(page.locator("[data-test=minutes-decisions] li")).to_have_text([DECISION])

    today = timezone.localdate()
    for agency_short, days_due, description in POINTS:
        agency = Agency.objects.get(task_force=tf, short_name=agency_short)
        click_and_wait(page, page.locator("[data-test=action-point-add]"))
        assert page.url == f"{live_server.url}/meetings/{meeting.pk}/action-points/add/"
        form = page.locator(MAIN_FORM)
        form.locator("textarea[name=description]").fill(description)
        form.locator("select[name=owner_agency]").select_option(str(agency.pk))
        form.locator("input[name=due_date]").fill(
            (today + datetime.timedelta(days=days_due)).isoformat()
        )
        assert click_and_wait(page, form.locator("button[type=submit]").first).status == 200
        assert page.url.startswith(detail_url), f"action point not saved: {page.url}"
    points = page.locator("[data-test=action-points] [data-test=action-point]")
    expect(points).to_have_count(len(POINTS))
    for _agency, _days, description in POINTS:
        expect(points.filter(has_text=description)).to_have_count(1)
    saved = {
        (p.owner_agency.short_name, p.due_date, p.description)
        for p in ActionPoint.objects.filter(meeting=meeting).select_related("owner_agency")
    }
    assert saved == {(a, today + datetime.timedelta(days=d), text) for a, d, text in POINTS}

    click_and_wait(page, page.locator("[data-test=minutes-circulate]"))
    expect(page.locator("[data-test=minutes-status]")).to_have_attribute(
        "data-status", MinutesStatus.CIRCULATED.value
    )
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED

    # 5. The chair approves the minutes: final and locked.
    switch_user(page, live_server, login, SUBGT_HEAD)
    assert page.goto(detail_url).status == 200
    click_and_wait(page, page.locator("[data-test=minutes-approve]"))
    assert page.url.startswith(detail_url)
    expect(page.locator("[data-test=minutes-status]")).to_have_attribute(
        "data-status", MinutesStatus.FINAL.value
    )
    expect(page.locator("[data-test=minutes-approved]")).to_contain_text(head.person.full_name)
    for gone in ("minutes-approve", "minutes-edit", "minutes-circulate", "action-point-add"):
        expect(page.locator(f"[data-test={gone}]")).to_have_count(0)
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.FINAL
    assert meeting.approved_by.username == SUBGT_HEAD

    # 6. The next meeting of the sub-GT opens with both action points carried over.
    switch_user(page, live_server, login, SECRETARIAT)
    later = today + datetime.timedelta(days=14)
    following = schedule_subgt_meeting(page, live_server, tf, later, NEXT_PLACE)
    assert following.pk != meeting.pk
    carried = page.locator("[data-test=carried-over]")
    for _agency, _days, description in POINTS:
        row = carried.locator("[data-test=action-point]").filter(has_text=description)
        expect(row).to_have_count(1)
        expect(row.locator("[data-test=action-point-origin]")).to_have_attribute(
            "href", f"/meetings/{meeting.pk}/"
        )
