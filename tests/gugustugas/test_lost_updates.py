"""No lost updates on any edit form (issue 15): two people open the same form, both save;
the first save goes through, the second is refused with 409 and the conflict table, and
nothing of the first is overwritten. Runs on SQLite and on PostgreSQL (the suite's
``DATABASE_URL``); CI runs both.

Each case names the form's URL, how to build a fresh row of the province, the two logins
that may edit it, and the field each of them changes."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from actionplans.models import Activity, PlanStatus, ProgressReport, ReviewState
from budgets.models import BudgetLine
from gugustugas.concurrency import version_of
from meetings.models import ActionPoint, Meeting
from members.models import Membership, MoU, Partner
from monitoring.models import QuarterlySubmission
from reports.models import Report
from tests.access.kinds import _membership
from tests.access.rows_minutes import _action_point, held
from tests.access.rows_partners import make_mou, make_partner
from tests.actionplans.builders import activity_of, budget_line, report_in
from tests.meetings.builders import make_meeting
from tests.monitoring.builders import make_submission
from tests.reports.builders import make_report

pytestmark = pytest.mark.django_db


def form_data(response, keys=("form", "formset", "participants")) -> dict[str, Any]:
    """What a browser would post back from the page: every field of the form (and of the
    decisions or the participants formset; or of the forms the page has under ``keys``)
    with the value it shows."""
    data: dict[str, Any] = {}
    for key in keys:
        form = response.context.get(key)
        if form is None:
            continue
        parts = [form.management_form, *form.forms] if hasattr(form, "forms") else [form]
        for part in parts:
            for name in part.fields:
                bound = part[name]
                value = bound.value()
                if isinstance(value, bool):
                    if value:
                        data[bound.html_name] = "on"
                    continue
                if isinstance(value, list | tuple):
                    data[bound.html_name] = [str(v) for v in value]
                    continue
                if isinstance(bound.field, forms.FileField):
                    continue  # a file field: nothing to send again
                shown = bound.field.widget.format_value(value)
                data[bound.html_name] = "" if shown is None else shown
    return data


@dataclass
class Case:
    name: str
    url: str
    build: Callable[[Any], Any]  # province -> the row
    model: type
    first: tuple[str, str]  # (field, value) the first editor changes
    second: tuple[str, str]  # (field, value) the second editor changes
    editors: tuple[str, str] = ("province_secretariat", "province_daily_chair")
    both: dict = field(default_factory=dict)  # sent by both editors (a required field)
    url_args: Callable[[Any], list] = lambda row: [row.pk]
    saved: Callable[[Any, str], Any] = lambda row, field: getattr(row, field)


def _pk(builder):
    return lambda target: builder(target)["pk"]


def _figure_code():
    from monitoring import measures

    return measures.all_codes()[0]


CASES = [
    Case(
        "activity",
        "actionplans:activity_edit",
        lambda tf: Activity.objects.get(pk=_pk(activity_of(PlanStatus.DRAFT))(tf)),
        Activity,
        ("title", "Sosialisasi di 40 desa"),
        ("indicator", "Jumlah sekolah"),
    ),
    Case(
        "progress report",
        "actionplans:progress_edit",
        lambda tf: ProgressReport.objects.get(pk=_pk(report_in(ReviewState.DRAFT))(tf)),
        ProgressReport,
        ("narrative", "Sepuluh desa sudah dikunjungi."),
        ("obstacles", "Dana terlambat cair."),
        editors=("province_secretariat", "province_member"),
    ),
    Case(
        "budget line",
        "budgets:line_edit",
        lambda tf: BudgetLine.objects.get(pk=_pk(budget_line())(tf)),
        BudgetLine,
        ("item", "Pelatihan konselor"),
        ("justification", "RAD kegiatan 1.1"),
        editors=("province_secretariat", "province_member"),
    ),
    Case(
        "minutes",
        "meetings:minutes_edit",
        lambda tf: held(tf),
        Meeting,
        ("discussion", "Peserta sepakat menambah pos layanan."),
        ("decisions-0-text", "Pos layanan dibuka Januari."),
        saved=lambda row, field: (
            row.discussion
            if field == "discussion"
            else list(row.decisions.values_list("text", flat=True))
        ),
    ),
    Case(
        "meeting",
        "meetings:meeting_edit",
        lambda tf: make_meeting(tf),
        Meeting,
        ("title", "Rapat koordinasi triwulan"),
        ("place", "Aula Gedung Sate"),
    ),
    Case(
        "membership",
        "members:membership_edit",
        lambda tf: Membership.objects.get(pk=_membership(tf)["pk"]),
        Membership,
        ("decree_number", "188/Kep.100-DP3AKB/2026"),
        ("position_title", "Kepala Bidang Perlindungan"),
    ),
    Case(
        "membership end",
        "members:membership_end",
        lambda tf: Membership.objects.get(pk=_membership(tf)["pk"]),
        Membership,
        ("handover_note", "Berkas di lemari arsip 3."),
        ("handover_note", "Hubungi sekretariat."),
        both={"end_date": "2026-11-30"},
    ),
    Case(
        "partner",
        "members:partner_edit",
        make_partner,
        Partner,
        ("description", "Pendampingan korban di Cianjur."),
        ("phone", "0263-123456"),
    ),
    Case(
        "MoU",
        "members:mou_edit",
        lambda tf: make_mou(tf),
        MoU,
        ("title", "MoU pendampingan korban"),
        ("purpose", "Rujukan layanan"),
    ),
    Case(
        "action point",
        "meetings:action_point_edit",
        lambda tf: ActionPoint.objects.get(pk=_pk(_action_point("draft"))(tf)),
        ActionPoint,
        ("description", "Menyusun daftar rujukan."),
        ("due_date", "2027-03-31"),
    ),
    Case(
        "statistics figures",
        "monitoring:submission_edit",
        lambda tf: make_submission(tf, year=2019),
        QuarterlySubmission,
        ("note", "Sumber: UPTD PPA"),
        ("__figure__", "12"),
        saved=lambda row, field: row.note if field == "note" else row.values(),
    ),
    Case(
        "report narrative",
        "reports:narrative_edit",
        lambda tf: make_report(tf),
        Report,
        ("text", "Tahun ini gugus tugas membuka dua pos layanan."),
        ("note", "Angka triwulan IV belum final."),
        url_args=lambda row: [row.pk, "summary"],
        saved=lambda row, field: (
            row.narrative.get("summary") if field == "text" else row.internal_notes.get("summary")
        ),
    ),
]


def _field(name: str) -> str:
    return _figure_code() if name == "__figure__" else name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_second_of_two_editors_is_refused_and_nothing_is_overwritten(case, users, tree):
    row = case.build(tree["province"])
    url = reverse(case.url, args=case.url_args(row))
    first, second = Client(), Client()
    first.force_login(users[case.editors[0]])
    second.force_login(users[case.editors[1]])
    opened_first, opened_second = first.get(url), second.get(url)
    assert opened_first.status_code == opened_second.status_code == 200
    data_first, data_second = form_data(opened_first), form_data(opened_second)
    assert "version" in data_first, "the form carries the version it was opened with"

    field_1, value_1 = _field(case.first[0]), case.first[1]
    field_2, value_2 = _field(case.second[0]), case.second[1]
    saved = first.post(url, data_first | case.both | {field_1: value_1})
    assert saved.status_code == 302, (
        getattr(saved, "context", None) and saved.context.get("form").errors
    )
    row = case.model._default_manager.get(pk=row.pk)
    after_first = case.saved(row, case.first[0] if field_1 != _figure_code() else "x")
    before_second = case.saved(row, case.second[0] if field_2 != _figure_code() else "x")

    refused = second.post(url, data_second | case.both | {field_2: value_2})

    assert refused.status_code == 409
    assert b'data-test="conflicts"' in refused.content or refused.context["conflicts"] == []
    row = case.model._default_manager.get(pk=row.pk)
    assert case.saved(row, case.first[0] if field_1 != _figure_code() else "x") == after_first
    assert case.saved(row, case.second[0] if field_2 != _figure_code() else "x") == before_second

    # The conflict page's form carries the new version: saving it again is the merge.
    again = second.post(url, form_data(refused))
    assert again.status_code in (200, 302)  # 200: figures saved with a sum left to fix
    merged = case.model._default_manager.get(pk=row.pk)
    assert version_of(merged) == version_of(row) + 1


def test_a_form_opened_before_a_workflow_step_is_stale_after_it(users, tree):
    """The progress report is submitted and returned while its form stays open: saving
    that form would undo nothing the reviewer did, but it is refused all the same."""
    report = ProgressReport.objects.get(pk=report_in(ReviewState.DRAFT)(tree["province"])["pk"])
    url = reverse("actionplans:progress_edit", args=[report.pk])
    editor = Client()
    editor.force_login(users["province_secretariat"])
    opened = form_data(editor.get(url))
    report.take("submit", users["province_member"])
    report.take("return", users["province_daily_chair"], note="Lampirkan bukti.")
    version = ProgressReport.objects.get(pk=report.pk).version
    assert version == int(opened["version"]) + 2

    refused = editor.post(url, opened | {"narrative": "Ditulis sebelum dikembalikan."})

    assert refused.status_code == 409
    assert ProgressReport.objects.get(pk=report.pk).narrative != "Ditulis sebelum dikembalikan."


def test_a_stale_minutes_save_writes_no_decision_either(users, tree):
    """The discussion and the decisions are one write: a refused save leaves both."""
    meeting = held(tree["province"])
    url = reverse("meetings:minutes_edit", args=[meeting.pk])
    first, second = Client(), Client()
    first.force_login(users["province_secretariat"])
    second.force_login(users["province_daily_chair"])
    data_first, data_second = form_data(first.get(url)), form_data(second.get(url))
    assert first.post(url, data_first | {"discussion": "Versi pertama."}).status_code == 302
    refused = second.post(url, data_second | {"decisions-0-text": "Keputusan yang hilang."})
    assert refused.status_code == 409
    assert not meeting.decisions.filter(text="Keputusan yang hilang.").exists()


def test_two_saves_of_figures_at_the_same_version_keep_the_first(tree):
    """The service refuses the stale one under its row lock (no view involved)."""
    from gugustugas.concurrency import StaleEdit
    from monitoring import services

    submission = make_submission(tree["province"], year=2018)
    opened_at = submission.version
    values = submission.values()
    code = _figure_code()
    services.save_figures(submission, values | {code: 7}, "pertama", version=opened_at)
    with pytest.raises(StaleEdit):
        services.save_figures(submission, values | {code: 9}, "kedua", version=opened_at)
    fresh = QuarterlySubmission.objects.get(pk=submission.pk)
    assert (fresh.values()[code], fresh.note) == (7, "pertama")


def test_a_membership_edit_opened_yesterday_is_refused_after_an_end(users, tree):
    """Ending a membership and editing it are two forms of one row."""
    membership = Membership.objects.get(pk=_membership(tree["province"])["pk"])
    edit = reverse("members:membership_edit", args=[membership.pk])
    end = reverse("members:membership_end", args=[membership.pk])
    editor, ender = Client(), Client()
    editor.force_login(users["province_secretariat"])
    ender.force_login(users["province_daily_chair"])
    opened = form_data(editor.get(edit))
    ending = form_data(ender.get(end)) | {"end_date": "2026-11-30", "handover_note": "Arsip."}
    assert ender.post(end, ending).status_code == 302
    assert editor.post(edit, opened | {"position_title": "Staf"}).status_code == 409
