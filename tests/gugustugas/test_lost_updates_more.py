"""No lost updates on the edit forms that had no version yet (issue 15): a RAD's plan
details, a review comment's answer, a sub-GT, an agency, a person, a training (with its
participants), an action point's follow-up status, a meeting's attendance list, and the
monitoring form and evaluation pages (a form and its formsets). The same two-editor case
as ``tests/gugustugas/test_lost_updates.py``: the first save goes through, the second is
refused and writes nothing."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from actionplans.models import ActionPlan, PlanStatus, ReviewComment
from gugustugas.concurrency import version_of
from gugustugas.models import Role, SubTaskForce
from meetings.models import ActionPoint, ActionPointStatus, Attendance, Invitation, Kind
from members.models import Agency, Person, Training
from monitoring.models import DocumentStatus
from tests.access.kinds import _agency, _person
from tests.access.rows_minutes import _action_point
from tests.actionplans.builders import make_plan, plan_comment
from tests.conftest import make_member
from tests.gugustugas.test_lost_updates import (
    Case,
    form_data,
)
from tests.gugustugas.test_lost_updates import (
    test_the_second_of_two_editors_is_refused_and_nothing_is_overwritten as two_editors,
)
from tests.meetings.builders import make_meeting
from tests.monitoring.builders_forms import make_evaluation, make_form

pytestmark = pytest.mark.django_db


def _training(tf):
    return Training.objects.create(
        task_force=tf,
        topic="definition",
        title="Pelatihan dasar TPPO",
        date=datetime.date(2025, 3, 4),
        place="Bandung",
        organiser="Sekretariat",
    )


CASES = [
    Case(
        "plan",
        "actionplans:plan_edit",
        # A start year of its own: the builder's counter passes 2100 (which the form
        # refuses) in a worker that built many plans before this test.
        lambda tf: make_plan(tf, PlanStatus.DRAFT, start_year=2025),
        ActionPlan,
        ("title", "RAD PPTPPO Jawa Barat 2025-2029"),
        ("vision", "Jawa Barat bebas perdagangan orang"),
    ),
    Case(
        "review comment answer",
        "actionplans:comment_respond",
        lambda tf: ReviewComment.objects.get(pk=plan_comment(tf)["pk"]),
        ReviewComment,
        ("response", "Dasar hukum sudah diperbarui."),
        ("response", "Akan diperbaiki."),
    ),
    Case(
        "sub-GT",
        "subgt_edit",
        lambda tf: tf.subgts.first(),
        SubTaskForce,
        ("custom_name", "Sub-GT Pencegahan dan Partisipasi"),
        ("order", "7"),
    ),
    Case(
        "agency",
        "members:agency_edit",
        lambda tf: Agency.objects.get(pk=_agency(tf)["pk"]),
        Agency,
        ("phone", "022-4201234"),
        ("address", "Jl. Diponegoro 22, Bandung"),
    ),
    Case(
        "person",
        "members:person_edit",
        lambda tf: Person.objects.get(pk=_person(tf)["pk"]),
        Person,
        ("phone", "0812-2000-3000"),
        ("email", "dinas@example.go.id"),
    ),
    Case(
        "training",
        "members:training_edit",
        _training,
        Training,
        ("place", "Cirebon"),
        ("notes", "Materi dari Bareskrim."),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_second_of_two_editors_is_refused(case, users, tree):
    two_editors(case, users, tree)


def test_a_stale_action_point_status_changes_nothing(users, tree):
    """Two people update one action point's status from the pages they opened: the second
    is refused with the status the first set, and the first's note stays."""
    point = ActionPoint.objects.get(pk=_action_point("final")(tree["province"])["pk"])
    url = reverse("meetings:action_point_status", args=[point.pk])
    opened_at = point.version
    first, second = Client(), Client()
    first.force_login(users["province_secretariat"])
    second.force_login(users["province_daily_chair"])
    done = {"status": ActionPointStatus.DONE, "closing_note": "Daftar rujukan terbit."}
    assert first.post(url, done | {"version": opened_at}).status_code == 302
    late = {"status": ActionPointStatus.IN_PROGRESS, "closing_note": ""}
    refused = second.post(url, late | {"version": opened_at})
    assert refused.status_code == 302
    point.refresh_from_db()
    assert (point.status, point.closing_note) == (ActionPointStatus.DONE, "Daftar rujukan terbit.")
    assert version_of(point) == opened_at + 1
    shown = [str(m) for m in get_messages(refused.wsgi_request)]
    assert any("someone else" in m or "orang lain" in m for m in shown), shown
    # Sent again from the page as it is now (the new version): it goes through.
    assert second.post(url, late | {"version": point.version}).status_code == 302
    point.refresh_from_db()
    assert point.status == ActionPointStatus.IN_PROGRESS


def test_the_status_form_carries_the_version(users, tree):
    point = ActionPoint.objects.get(pk=_action_point("final")(tree["province"])["pk"])
    client = Client()
    client.force_login(users["province_secretariat"])
    page = client.get(reverse("meetings:action_point_list", args=[tree["province"].pk]))
    assert f'name="version" value="{point.version}"'.encode() in page.content


DOCUMENTS = [
    # (URL name, builder, the page's forms, (field, value) of the first, of the second)
    (
        "monitoring:form_edit",
        lambda tf: make_form(tf, status=DocumentStatus.DRAFT),
        ("form", "rows", "actions"),
        ("positive_findings", "Pos layanan terpadu berjalan."),
        ("purpose", "Pemantauan triwulan III"),
    ),
    (
        "monitoring:evaluation_edit",
        lambda tf: make_evaluation(tf),
        ("form", "criteria", "recommendations"),
        ("summary", "Relevan dan efektif."),
        ("evaluator", "Tim Universitas Padjadjaran"),
    ),
]


@pytest.mark.parametrize("name, build, keys, first_change, second_change", DOCUMENTS)
def test_a_stale_monitoring_document_page_saves_nothing(
    name, build, keys, first_change, second_change, users, tree
):
    """A monitoring form or an evaluation is one page of a form and formsets: the second of
    two editors is refused as a whole (nothing of the page is saved) and sent back to the
    page as the first left it."""
    document = build(tree["province"])
    model = type(document)
    url = reverse(name, args=[document.pk])
    first, second = Client(), Client()
    first.force_login(users["province_secretariat"])
    second.force_login(users["province_daily_chair"])
    data_first = form_data(first.get(url), keys)
    data_second = form_data(second.get(url), keys)
    assert "version" in data_first
    field_1, value_1 = first_change
    field_2, value_2 = second_change
    assert first.post(url, data_first | {field_1: value_1}).status_code == 302
    saved = model.objects.get(pk=document.pk)
    before = getattr(saved, field_2)

    refused = second.post(url, data_second | {field_2: value_2})

    assert refused.status_code == 302 and refused["Location"] == url
    now = model.objects.get(pk=document.pk)
    assert (getattr(now, field_1), getattr(now, field_2)) == (value_1, before)
    assert version_of(now) == version_of(saved)
    again = form_data(second.get(url), keys)
    assert second.post(url, again | {field_2: value_2}).status_code == 302
    assert getattr(model.objects.get(pk=document.pk), field_2) == value_2


def test_a_stale_attendance_list_saves_no_row(users, tree):
    """Two people take the attendance of one meeting: the second list, opened before the
    first was saved, is refused as a whole and the first's marks stay."""
    tf = tree["province"]
    past = make_meeting(tf, Kind.OVERALL, -datetime.timedelta(days=1))
    for role in (Role.MEMBER, Role.SUBGT_HEAD):
        Invitation.objects.create(meeting=past, membership=make_member(tf, role))
    url = reverse("meetings:attendance", args=[past.pk])
    first, second = Client(), Client()
    first.force_login(users["province_secretariat"])
    second.force_login(users["province_daily_chair"])
    data_first = form_data(first.get(url), ("formset",))
    data_second = form_data(second.get(url), ("formset",))
    assert "form-0-version" in data_first
    marked = data_first | {"form-0-attendance": Attendance.PRESENT}
    assert first.post(url, marked).status_code == 302
    late = data_second | {"form-0-attendance": Attendance.ABSENT, "form-1-attendance": "present"}

    refused = second.post(url, late)

    assert refused.status_code == 302 and refused["Location"] == url
    rows = list(past.invitations.order_by("membership__person__full_name", "pk"))
    assert rows[0].attendance == Attendance.PRESENT
    assert rows[1].attendance != Attendance.PRESENT
    again = form_data(second.get(url), ("formset",)) | {"form-1-attendance": "present"}
    assert second.post(url, again).status_code == 302
    assert past.invitations.filter(attendance=Attendance.PRESENT).count() == 2
