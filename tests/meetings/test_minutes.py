"""Minutes and action points: the lifecycle draft -> circulated -> final, who may write,
amend and approve, sanitising, decisions kept apart, action points with their owner and
RAD activity, carrying them over to the next meeting of the same body, the PDF and the
task force's action-point list."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from actionplans.models import PlanStatus
from gugustugas.models import Role
from gugustugas.pdf import RefusedURL, static_file
from meetings.models import (
    ActionPoint,
    ActionPointStatus,
    Amendment,
    Attendance,
    Decision,
    Kind,
    Meeting,
    MinutesStatus,
    Response,
)
from meetings.templatetags.minutes import minutes_html
from meetings.views_minutes import minutes_context, pdf_context
from tests.actionplans.builders import make_plan
from tests.conftest import make_member
from tests.meetings.builders import (
    circulate,
    invite,
    make_action_point,
    make_meeting,
    member_of,
)

PAST = -datetime.timedelta(days=1)
LOCKED = "The minutes are final and locked; nothing can change."


def held(tf, **fields) -> Meeting:
    """A meeting that took place yesterday."""
    return make_meeting(tf, starts_in=fields.pop("starts_in", PAST), **fields)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def minutes_payload(discussion="", decisions=(), existing=()):
    """The minutes form as the browser posts it: the discussion and the decision rows."""
    rows = list(existing) + [(None, text, False) for text in decisions]
    data = {
        "discussion": discussion,
        "decisions-TOTAL_FORMS": str(len(rows)),
        "decisions-INITIAL_FORMS": str(len(existing)),
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "1000",
    }
    for i, (pk, text, delete) in enumerate(rows):
        data[f"decisions-{i}-text"] = text
        if pk:
            data[f"decisions-{i}-id"] = str(pk)
        if delete:
            data[f"decisions-{i}-DELETE"] = "on"
    return data


def section(user, meeting) -> str:
    """The minutes part of the meeting page, as ``user`` sees it."""
    request = RequestFactory().get(meeting.get_absolute_url())
    request.user = user
    context = {"meeting": meeting, "task_force": meeting.task_force, "request": request}
    context |= minutes_context(request, meeting)
    return render_to_string("meetings/includes/minutes_section.html", context, request=request)


@pytest.fixture
def tf(tree):
    return tree["province"]


@pytest.fixture
def meeting(tf, users):
    return held(tf, chair=member_of(tf, "province_daily_chair"))


# --- lifecycle --------------------------------------------------------------------------


def test_lifecycle_draft_circulated_final(login, users, meeting):
    client = login(users["province_secretariat"])
    url = reverse("meetings:minutes_edit", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        minutes_payload(
            "Rapat membahas SOP rujukan.", ["Draf SOP disepakati", "Rapat berikut Juni"]
        ),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.discussion == "Rapat membahas SOP rujukan."
    assert [d.text for d in meeting.decisions.all()] == [
        "Draf SOP disepakati",
        "Rapat berikut Juni",
    ]

    response = client.post(reverse("meetings:minutes_circulate", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED
    assert meeting.circulated_at is not None
    queued = DBTaskResult.objects.filter(task_path="meetings.tasks.send_notice")
    assert [r.args_kwargs["args"] for r in queued] == [[meeting.pk, "minutes"]]

    # Back to draft and out again: the note-taker can take the minutes back.
    client.post(reverse("meetings:minutes_redraft", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.DRAFT
    client.post(reverse("meetings:minutes_circulate", args=[meeting.pk]))

    chair = login(users["province_daily_chair"])
    response = chair.post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.FINAL
    assert meeting.approved_by == users["province_daily_chair"]
    html = section(users["province_member"], meeting)
    assert 'data-status="final"' in html
    assert "Approved by" in html


def test_circulating_empty_minutes_is_refused(login, users, meeting):
    client = login(users["province_secretariat"])
    response = client.post(reverse("meetings:minutes_circulate", args=[meeting.pk]))
    assert response.status_code == 302
    assert "Write the discussion or the decisions first." in messages_of(response)
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.DRAFT
    assert not DBTaskResult.objects.filter(task_path="meetings.tasks.send_notice").exists()


def test_only_the_meetings_chair_approves(login, users, tf):
    chair = member_of(tf, "province_chair")
    meeting = held(tf, chair=chair, discussion="Isi rapat")
    circulate(meeting)
    url = reverse("meetings:minutes_approve", args=[meeting.pk])
    for name in ("province_daily_chair", "province_secretariat", "national_daily_chair"):
        assert login(users[name]).post(url).status_code == 403, name
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED
    assert login(chair.person.user).post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.FINAL
    assert meeting.approved_by == chair.person.user


def test_approve_button_only_for_the_chair(users, meeting):
    meeting.discussion = "Isi"
    meeting.save()
    circulate(meeting)
    assert 'data-test="minutes-approve"' in section(users["province_daily_chair"], meeting)
    assert 'data-test="minutes-approve"' not in section(users["province_secretariat"], meeting)


def test_open_amendments_block_approval(login, users, meeting):
    meeting.discussion = "Isi rapat"
    meeting.save()
    circulate(meeting)
    invitee = make_member(meeting.task_force, Role.MEMBER, username="peserta")
    invite(meeting, invitee)
    client = login(invitee.person.user)
    add = reverse("meetings:amendment_add", args=[meeting.pk])
    response = client.post(add, {"text": "Paragraf 2: anggaran dari APBD, bukan APBN."})
    assert response.status_code == 302
    amendment = Amendment.objects.get(meeting=meeting)
    assert amendment.author == invitee.person.user

    chair = login(users["province_daily_chair"])
    response = chair.post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    assert "1 amendment(s) still wait for an answer from the note-taker." in messages_of(response)
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED

    # An empty answer is refused; a real one resolves the amendment.
    secretariat = login(users["province_secretariat"])
    answer = reverse("meetings:amendment_answer", args=[amendment.pk])
    secretariat.post(answer, {"answer": "  <b></b> "})
    amendment.refresh_from_db()
    assert amendment.resolved_at is None
    secretariat.post(answer, {"answer": "Sudah diperbaiki."})
    amendment.refresh_from_db()
    assert amendment.resolved_at is not None and amendment.answer == "Sudah diperbaiki."

    chair = login(users["province_daily_chair"])
    chair.post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.FINAL


def test_amendments_only_while_circulated_and_by_those_allowed(login, users, meeting):
    add = reverse("meetings:amendment_add", args=[meeting.pk])
    client = login(users["province_secretariat"])
    response = client.post(add, {"text": "Ubah"})
    assert "Amendments can be requested while the minutes are circulated." in messages_of(response)
    meeting.discussion = "Isi"
    meeting.save()
    circulate(meeting)
    response = client.post(add, {"text": ""})
    assert response.status_code == 302
    assert not Amendment.objects.exists()
    # A member who was not invited, is not the chair nor the note-taker: refused.
    assert login(users["province_member"]).post(add, {"text": "Ubah"}).status_code == 403
    assert not Amendment.objects.exists()
    html = section(users["province_secretariat"], meeting)
    assert 'data-test="amendment-form"' in html


def test_final_minutes_refuse_every_edit(login, users, meeting):
    meeting.discussion = "Isi asli"
    meeting.save()
    Decision.objects.create(meeting=meeting, text="Keputusan asli", order=1)
    point = make_action_point(meeting)
    amendment = Amendment.objects.create(meeting=meeting, text="Ubah", author=None)
    circulate(meeting)
    Amendment.objects.filter(pk=amendment.pk).update(resolved_at=timezone.now(), answer="Ok")
    meeting.take("approve", users["province_daily_chair"])

    client = login(users["province_secretariat"])
    edit = reverse("meetings:minutes_edit", args=[meeting.pk])
    response = client.get(edit)
    assert response.status_code == 302
    assert LOCKED in messages_of(response)
    response = client.post(edit, minutes_payload("Diubah diam-diam", ["Keputusan baru"]))
    assert response.status_code == 302
    assert LOCKED in messages_of(response)
    for name, args, data in [
        ("action_point_add", [meeting.pk], {"description": "Baru", "due_date": "2099-01-01"}),
        ("action_point_edit", [point.pk], {"description": "Diubah", "due_date": "2099-01-01"}),
        ("amendment_answer", [amendment.pk], {"answer": "Diubah"}),
        ("minutes_redraft", [meeting.pk], {}),
        ("minutes_circulate", [meeting.pk], {}),
    ]:
        url = reverse(f"meetings:{name}", args=args)
        if name.startswith("action_point"):
            response = client.get(url)
            assert response.status_code == 302 and LOCKED in messages_of(response), name
        response = client.post(url, data)
        assert response.status_code == 302, name

    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.FINAL
    assert meeting.discussion == "Isi asli"
    assert [d.text for d in meeting.decisions.all()] == ["Keputusan asli"]
    assert ActionPoint.objects.filter(meeting=meeting).count() == 1
    point.refresh_from_db()
    assert point.description == "Susun draf SOP rujukan korban"
    amendment.refresh_from_db()
    assert amendment.answer == "Ok"
    html = section(users["province_secretariat"], meeting)
    assert 'data-test="minutes-edit"' not in html
    assert 'data-test="action-point-add"' not in html

    # Following up an action point goes on: it is not an edit of the minutes.
    response = client.post(
        reverse("meetings:action_point_status", args=[point.pk]),
        {"status": "done", "closing_note": "SOP ditandatangani."},
    )
    point.refresh_from_db()
    assert point.status == ActionPointStatus.DONE and point.closed_at is not None


def test_note_taker_with_role_member_writes_minutes(login, users, tf):
    meeting = held(tf, note_taker=member_of(tf, "province_member"))
    client = login(users["province_member"])
    url = reverse("meetings:minutes_edit", args=[meeting.pk])
    assert client.get(url).status_code == 200
    client.post(url, minutes_payload("Catatan notulis", ["Satu keputusan"]))
    meeting.refresh_from_db()
    assert meeting.discussion == "Catatan notulis"
    client.post(reverse("meetings:minutes_circulate", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED
    # ... but may not approve, and another member may not write.
    assert client.post(reverse("meetings:minutes_approve", args=[meeting.pk])).status_code == 403
    other = held(tf)
    assert client.get(reverse("meetings:minutes_edit", args=[other.pk])).status_code == 403


def test_minutes_are_written_from_the_start_of_the_meeting(login, users, tf):
    future = make_meeting(tf)
    client = login(users["province_secretariat"])
    url = reverse("meetings:minutes_edit", args=[future.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert any("during or after the meeting" in m for m in messages_of(response))
    client.post(url, minutes_payload("Terlalu cepat"))
    future.refresh_from_db()
    assert future.discussion == ""
    # During the meeting: allowed.
    running = make_meeting(tf, starts_in=-datetime.timedelta(minutes=30))
    assert client.get(reverse("meetings:minutes_edit", args=[running.pk])).status_code == 200


def test_minutes_pages_of_others_are_hidden(login, users, tree):
    outsider_meeting = held(tree["outsider"])
    client = login(users["province_secretariat"])
    assert (
        client.get(reverse("meetings:minutes_edit", args=[outsider_meeting.pk])).status_code == 404
    )


# --- sanitising and decisions -----------------------------------------------------------


def test_script_is_stripped_from_discussion_and_decisions(login, users, meeting):
    client = login(users["province_secretariat"])
    client.post(
        reverse("meetings:minutes_edit", args=[meeting.pk]),
        minutes_payload(
            '<p onclick="x()">Isi <strong>penting</strong></p><script>alert(1)</script>'
            '<a href="javascript:alert(2)">tautan</a><img src=x onerror=alert(3)>',
            [
                "<script>alert(4)</script>Keputusan <b>satu</b>",
                "&lt;script&gt;alert(5)&lt;/script&gt;Dua",
            ],
        ),
    )
    meeting.refresh_from_db()
    assert "<script" not in meeting.discussion
    assert "onclick" not in meeting.discussion and "href" not in meeting.discussion
    assert "<img" not in meeting.discussion
    assert meeting.discussion.startswith("<p>Isi <strong>penting</strong></p>")
    texts = [d.text for d in meeting.decisions.all()]
    assert texts == ["Keputusan satu", "Dua"]
    assert all("<script" not in t and "alert(4)" not in t for t in texts)
    html = section(users["province_member"], meeting)
    assert "<script>alert" not in html
    assert "<strong>penting</strong>" in html


def test_a_decision_that_is_only_markup_is_refused(login, users, meeting):
    client = login(users["province_secretariat"])
    response = client.post(
        reverse("meetings:minutes_edit", args=[meeting.pk]),
        minutes_payload("Isi", ["<script>alert(1)</script>"]),
    )
    assert response.status_code == 200
    assert "Enter some text" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.discussion == "" and not meeting.decisions.exists()


def test_minutes_filter_recleans_and_keeps_line_breaks():
    assert minutes_html("Baris satu\nBaris dua\n\nParagraf dua") == (
        "<p>Baris satu<br>Baris dua</p>\n\n<p>Paragraf dua</p>"
    )
    # Whatever got into the database is cleaned again before it is shown.
    shown = minutes_html('<p>Isi</p><script>alert(1)</script><iframe src="x"></iframe>')
    assert shown == "<p>Isi</p>"
    assert minutes_html("a &lt;script&gt; b") == "<p>a &lt;script&gt; b</p>"
    assert minutes_html("") == ""


def test_decisions_are_kept_apart_and_renumbered(login, users, meeting):
    client = login(users["province_secretariat"])
    url = reverse("meetings:minutes_edit", args=[meeting.pk])
    client.post(url, minutes_payload("Pembahasan", ["Satu", "Dua", "Tiga"]))
    first, second, third = meeting.decisions.all()
    client.post(
        url,
        minutes_payload(
            "Pembahasan",
            ["Empat"],
            existing=[
                (first.pk, "Satu", True),
                (second.pk, "Dua (diubah)", False),
                (third.pk, "Tiga", False),
            ],
        ),
    )
    meeting.refresh_from_db()
    assert meeting.discussion == "Pembahasan"
    assert [(d.order, d.text) for d in meeting.decisions.all()] == [
        (1, "Dua (diubah)"),
        (2, "Tiga"),
        (3, "Empat"),
    ]
    html = section(users["province_member"], meeting)
    assert 'data-test="minutes-decisions"' in html
    discussion = html.split('data-test="minutes-discussion"')[1].split("</div>")[0]
    assert "Empat" not in discussion


# --- action points ----------------------------------------------------------------------


def point_payload(owner, **overrides):
    data = {
        "description": "Susun draf SOP rujukan",
        "owner_agency": owner.agency_id,
        "owner_person": owner.person_id,
        "due_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "activity": "",
        "status": "open",
        "closing_note": "",
    }
    return data | overrides


def test_action_point_add_and_edit(login, users, meeting, tf):
    owner = member_of(tf, "province_member")
    activity = make_plan(tf, PlanStatus.ENACTED).activities().get()
    client = login(users["province_secretariat"])
    url = reverse("meetings:action_point_add", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, point_payload(owner, activity=activity.pk))
    assert response.status_code == 302
    point = ActionPoint.objects.get(meeting=meeting)
    assert (point.owner_agency, point.owner_person, point.activity) == (
        owner.agency,
        owner.person,
        activity,
    )
    edit = reverse("meetings:action_point_edit", args=[point.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        point_payload(
            owner, description="SOP rujukan final", owner_person="", status="in_progress"
        ),
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.description == "SOP rujukan final"
    assert point.owner_person is None and point.status == ActionPointStatus.IN_PROGRESS
    html = section(users["province_secretariat"], meeting)
    assert "SOP rujukan final" in html and 'data-test="action-point-edit"' in html


@pytest.mark.parametrize(
    "case",
    [
        "garbage_date",
        "date_before_meeting",
        "other_tf_person",
        "person_of_other_agency",
        "other_tf_agency",
        "other_tf_activity",
        "only_markup",
        "close_without_note",
    ],
)
def test_action_point_bad_input(case, login, users, meeting, tf, tree):
    owner = member_of(tf, "province_member")
    stranger = make_member(tree["outsider"], Role.MEMBER)
    data = {
        "garbage_date": {"due_date": "31/02/2024x"},
        "date_before_meeting": {"due_date": "2001-01-01"},
        "other_tf_person": {"owner_person": stranger.person_id},
        "person_of_other_agency": {"owner_person": member_of(tf, "province_chair").person_id},
        "other_tf_agency": {"owner_agency": stranger.agency_id, "owner_person": ""},
        "other_tf_activity": {
            "activity": make_plan(tree["outsider"], PlanStatus.ENACTED).activities().get().pk
        },
        "only_markup": {"description": "<script>alert(1)</script>"},
        "close_without_note": {"status": "done", "closing_note": "  "},
    }[case]
    client = login(users["province_secretariat"])
    response = client.post(
        reverse("meetings:action_point_add", args=[meeting.pk]), point_payload(owner, **data)
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ActionPoint.objects.exists()


def test_action_point_status_needs_a_note_to_close(login, users, meeting, tf):
    owner = member_of(tf, "province_member")
    point = make_action_point(meeting, owner_agency=owner.agency, owner_person=owner.person)
    url = reverse("meetings:action_point_status", args=[point.pk])
    client = login(users["province_member"])  # the owner
    response = client.post(url, {"status": "done", "closing_note": ""})
    assert response.status_code == 302
    assert any("needs a note" in m for m in messages_of(response))
    point.refresh_from_db()
    assert point.status == ActionPointStatus.OPEN and point.closed_at is None
    client.post(url, {"status": "garbage", "closing_note": "x"})
    point.refresh_from_db()
    assert point.status == ActionPointStatus.OPEN
    client.post(url, {"status": "done", "closing_note": "Selesai <script>x</script>"})
    point.refresh_from_db()
    assert point.status == ActionPointStatus.DONE
    assert point.closing_note == "Selesai" and point.closed_at is not None
    # Reopened: the closing date goes.
    client.post(url, {"status": "in_progress", "closing_note": ""})
    point.refresh_from_db()
    assert point.status == ActionPointStatus.IN_PROGRESS and point.closed_at is None
    # Somebody else's member may not.
    assert login(users["province_subgt_head"]).post(url, {"status": "open"}).status_code == 403


def test_owner_agency_members_update_when_no_person_is_named(login, users, meeting, tf):
    agency = member_of(tf, "province_member").agency
    point = make_action_point(meeting, owner_agency=agency)
    url = reverse("meetings:action_point_status", args=[point.pk])
    response = login(users["province_member"]).post(url, {"status": "in_progress"})
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.status == ActionPointStatus.IN_PROGRESS
    html = section(users["province_member"], meeting)
    assert 'data-test="action-point-status-form"' in html
    assert 'data-test="action-point-add"' not in html


# --- carried over -----------------------------------------------------------------------


def test_next_meeting_opens_with_the_open_action_points_of_the_last(users, tf):
    days = datetime.timedelta(days=1)
    last = held(tf, starts_in=-40 * days, title="Rapat koordinasi Maret")
    this = held(tf, starts_in=-1 * days)
    open_point = make_action_point(last, description="Masih terbuka")
    closed_before = make_action_point(
        last, description="Sudah selesai", status="done", closing_note="Ok"
    )
    ActionPoint.objects.filter(pk=closed_before.pk).update(closed_at=this.starts_at - 5 * days)
    closed_after = make_action_point(
        last, description="Selesai setelah rapat", status="done", closing_note="Ok"
    )
    # Another body: a special meeting, and a sub-GT's meeting, of the same task force.
    make_action_point(held(tf, kind=Kind.SPECIAL, starts_in=-20 * days), description="Khusus")
    subgt_meeting = held(tf, kind=Kind.SUBGT, starts_in=-20 * days)
    make_action_point(subgt_meeting, description="Sub-GT satu")
    other_subgt = tf.subgts.exclude(pk=subgt_meeting.sub_task_force_id).first()
    make_action_point(
        held(tf, kind=Kind.SUBGT, sub_task_force=other_subgt, starts_in=-20 * days),
        description="Sub-GT dua",
    )
    # A meeting of the same body after this one is not reviewed yet.
    make_action_point(held(tf, starts_in=-0.5 * days), description="Dari rapat kemudian")

    request = RequestFactory().get("/")
    request.user = users["province_member"]
    carried = minutes_context(request, this)["carried_over"]
    assert {p.description for p in carried} == {"Masih terbuka", "Selesai setelah rapat"}
    assert {p.pk for p in carried} == {open_point.pk, closed_after.pk}
    html = section(users["province_member"], this)
    assert "Rapat koordinasi Maret" in html and 'data-test="action-point-origin"' in html
    assert "Sub-GT satu" not in html and "Khusus" not in html

    # The next sub-GT meeting reviews only its own sub-GT's points.
    next_subgt = held(tf, kind=Kind.SUBGT, sub_task_force=subgt_meeting.sub_task_force)
    assert [p.description for p in next_subgt.carried_over()] == ["Sub-GT satu"]


def test_overdue_action_points_are_marked(users, tf):
    last = held(tf, starts_in=-60 * datetime.timedelta(days=1))
    make_action_point(
        last, description="Terlambat", due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    this = held(tf)
    html = section(users["province_member"], this)
    assert 'data-test="overdue"' in html


def test_minutes_section_queries_stay_constant(users, tf):
    last = held(tf, starts_in=-30 * datetime.timedelta(days=1))
    this = held(tf, chair=member_of(tf, "province_daily_chair"))
    owner = member_of(tf, "province_member")

    def count() -> int:
        fresh = Meeting.objects.select_related("task_force__region", "chair__person").get(
            pk=this.pk
        )
        user = type(users["province_member"]).objects.get(username="province_member")
        with CaptureQueriesContext(connection) as queries:
            section(user, fresh)
        return len(queries.captured_queries)

    for meeting_ in (last, this):
        make_action_point(meeting_, owner_agency=owner.agency, owner_person=owner.person)
    Decision.objects.create(meeting=this, text="Satu")
    few = count()
    for _ in range(15):
        for meeting_ in (last, this):
            make_action_point(meeting_, owner_agency=owner.agency, owner_person=owner.person)
        Decision.objects.create(meeting=this, text="Lagi")
        Amendment.objects.create(meeting=this, text="Ubah", author=users["province_member"])
    assert count() == few


# --- the PDF ----------------------------------------------------------------------------


def test_minutes_pdf(login, users, tf):
    meeting = held(
        tf,
        kind=Kind.SPECIAL,
        case_reference="PPT-32-2026-014",
        note_taker=member_of(tf, "province_secretariat"),
        discussion="Pembahasan kasus\nbaris dua",
    )
    invitee = make_member(tf, Role.MEMBER)
    invite(meeting, invitee, response=Response.ACCEPTED, attendance=Attendance.PRESENT)
    make_action_point(meeting, description="Rujuk ke rumah aman")
    Decision.objects.create(meeting=meeting, text="Korban dirujuk ke UPTD PPA")

    response = login(users["district_member"]).get(
        reverse("meetings:minutes_pdf", args=[meeting.pk])
    )
    assert response.status_code == 404  # a district does not read its province
    response = login(users["province_member"]).get(
        reverse("meetings:minutes_pdf", args=[meeting.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="notulen-{meeting.pk}.pdf"'
    assert response.content.startswith(b"%PDF")

    html = render_to_string("meetings/minutes_pdf.html", pdf_context(meeting))
    for text in (
        "Rujuk ke rumah aman",
        "Korban dirujuk ke UPTD PPA",
        invitee.person.full_name,
        invitee.position_title,
        "PPT-32-2026-014",
        "DRAFT",
        "Pembahasan kasus<br>baris dua",
    ):
        assert text in html, text


def test_pdf_of_final_minutes_names_the_approver(users, meeting):
    meeting.discussion = "Isi"
    meeting.save()
    circulate(meeting)
    meeting.take("approve", users["province_daily_chair"])
    html = render_to_string("meetings/minutes_pdf.html", pdf_context(meeting))
    assert "DRAFT" not in html and "Approved by" in html


def test_pdf_fetches_only_own_static_files():
    assert static_file("https://pdf.invalid/static/css/minutes_pdf.css").name == "minutes_pdf.css"
    for url in (
        "file:///etc/passwd",
        "https://example.com/static/css/minutes_pdf.css",
        "https://pdf.invalid/static/../../etc/passwd",
        "https://pdf.invalid/media/meetings/1/secret.pdf",
        "https://pdf.invalid/static/css/missing.css",
        "data:text/css,body{}",
    ):
        with pytest.raises(RefusedURL):
            static_file(url)


# --- the list ---------------------------------------------------------------------------


def test_action_point_list_filters_and_overdue(login, users, tf, tree):
    today = timezone.localdate()
    meeting = held(tf)
    agency = member_of(tf, "province_member").agency
    late = make_action_point(
        meeting,
        description="Terlambat",
        owner_agency=agency,
        due_date=today - datetime.timedelta(days=2),
    )
    make_action_point(meeting, description="Belum jatuh tempo")
    make_action_point(meeting, description="Ditutup", status="dropped", closing_note="Batal")
    make_action_point(held(tree["outsider"]), description="Provinsi lain")
    url = reverse("meetings:action_point_list", args=[tf.pk])
    client = login(users["province_member"])
    page = client.get(url).content.decode()
    assert "Terlambat" in page and "Belum jatuh tempo" in page and "Ditutup" in page
    assert "Provinsi lain" not in page
    assert 'class="table-danger"' in page

    def shown(query):
        return {p.description for p in client.get(url, query).context["object_list"]}

    assert shown({"overdue": "yes"}) == {"Terlambat"}
    assert shown({"overdue": "no"}) == {"Belum jatuh tempo", "Ditutup"}
    assert shown({"status": "dropped"}) == {"Ditutup"}
    assert shown({"owner_agency": agency.pk}) == {"Terlambat"}
    assert client.get(url, {"owner_agency": "junk", "status": "x"}).status_code == 200
    # The owner's agency member updates from the list and comes back to it.
    response = client.post(
        reverse("meetings:action_point_status", args=[late.pk]),
        {"status": "in_progress", "next": url + "?overdue=yes"},
    )
    assert response.url == url + "?overdue=yes"
    response = client.post(
        reverse("meetings:action_point_status", args=[late.pk]),
        {"status": "in_progress", "next": "https://evil.example/"},
    )
    assert response.url.endswith("#minutes")


def test_action_point_list_queries_stay_constant(login, users, tf, django_assert_max_num_queries):
    owner = member_of(tf, "province_member")
    meetings = [held(tf, starts_in=-d * datetime.timedelta(days=7)) for d in range(1, 6)]
    for n in range(60):
        make_action_point(
            meetings[n % 5],
            owner_agency=owner.agency,
            owner_person=owner.person if n % 2 else None,
            due_date=timezone.localdate() + datetime.timedelta(days=n - 30),
        )
    client = login(users["province_member"])
    url = reverse("meetings:action_point_list", args=[tf.pk])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 50


def test_the_meeting_page_shows_the_minutes(login, users, tf):
    last = held(tf, starts_in=-30 * datetime.timedelta(days=1), title="Rapat lalu")
    make_action_point(last, description="Tindak lanjut lama")
    meeting = held(tf, discussion="Baris satu\nBaris dua")
    Decision.objects.create(meeting=meeting, text="Keputusan pertama", order=1)
    make_action_point(meeting, description="Tindak lanjut baru")
    response = login(users["province_secretariat"]).get(meeting.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-test="minutes-section"' in page
    assert "Baris satu<br>Baris dua" in page
    assert "Keputusan pertama" in page
    assert "Tindak lanjut lama" in page and "Tindak lanjut baru" in page
    assert 'data-test="minutes-edit"' in page and 'data-test="minutes-circulate"' in page
    assert 'data-test="minutes-approve"' not in page  # the daily chair approves (no chair set)
