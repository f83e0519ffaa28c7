"""Monitoring forms: rows prefilled with the plan's official figures for a year and
quarter, findings and corrective actions, draft -> final with a locked final form, the
PDF, and a corrective action followed up as a meeting's action point or kept for the
plan's next revision (which the revision's page lists)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ReviewState
from actionplans.services import copy_plan, load_activities, plan_progress
from meetings.models import ActionPoint, Kind, MinutesStatus
from monitoring.models import CorrectiveAction, DocumentStatus, MonitoringForm
from monitoring.views_forms import form_document_context
from tests.actionplans.builders import member_agency
from tests.conftest import AgencyFactory
from tests.meetings.builders import make_meeting
from tests.monitoring.builders_forms import enacted_plan, make_action, make_form, report

LOCKED = "This document is final and locked; nothing in it can change."


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def tf(tree):
    return tree["province"]


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _create_data(plan, agency, **overrides):
    data = {
        "plan": plan.pk,
        "year": plan.start_year,
        "quarter": 2,
        "agency": agency.pk,
        "date": f"{plan.start_year}-07-10",
        "purpose": "Pemantauan pelaksanaan RAD triwulan II",
    }
    return data | overrides


# --- rows from the official figures -------------------------------------------------------


def test_rows_show_the_official_figures_up_to_the_chosen_quarter(login, users, tf):
    plan = enacted_plan(tf, activities=2, start_year=2021)  # a quarter that has passed
    first, second = plan.activities().order_by("code")
    report(first, 1, 8)
    report(first, 2, 20)
    report(first, 3, 35)  # after the chosen quarter: not yet known at its end
    report(second, 1, 4, state=ReviewState.RETURNED)  # a returned report does not count

    response = login(users["province_secretariat"]).post(
        reverse("monitoring:form_create", args=[tf.pk]),
        _create_data(plan, member_agency(tf)),
    )
    form = MonitoringForm.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:form_edit", args=[form.pk])

    rows = {r.activity_id: r for r in form.rows.all()}
    official, _sections = plan_progress(
        plan, plan.start_year, load_activities(plan, year=plan.start_year, up_to_quarter=2)
    )
    assert len(rows) == len(official.rows) == 2
    for progress in official.rows:
        row = rows[progress.activity.pk]
        assert (row.target, row.current_result, row.percent) == (
            progress.target,
            progress.achieved,
            progress.percent,
        )
    assert rows[first.pk].current_result == 20
    assert rows[first.pk].percent == 50  # 20 of the year's target of 40
    assert rows[second.pk].current_result is None
    assert rows[first.pk].indicator == "Jumlah desa (desa)"
    assert form.created_by == users["province_secretariat"]


def test_refreshing_takes_the_new_figures_and_keeps_comments(login, users, tf):
    form = make_form(tf, quarter=2)
    activity = form.plan.activities().first()
    row = form.rows.get(activity=activity)
    row.comment = "Perlu percepatan"
    row.save()
    report(activity, 2, 30)

    login(users["province_secretariat"]).post(reverse("monitoring:form_refresh", args=[form.pk]))
    row = form.rows.get(activity=activity)
    assert row.current_result == 30
    assert row.comment == "Perlu percepatan"


def test_a_plan_of_another_task_force_is_refused(login, users, tf, tree):
    foreign = enacted_plan(tree["outsider"])
    response = login(users["province_secretariat"]).post(
        reverse("monitoring:form_create", args=[tf.pk]), _create_data(foreign, member_agency(tf))
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["plan"][0]
    assert not MonitoringForm.objects.exists()


def test_a_future_quarter_and_a_year_outside_the_plan_are_refused(login, users, tf):
    plan = enacted_plan(tf)
    client = login(users["province_secretariat"])
    url = reverse("monitoring:form_create", args=[tf.pk])
    future = datetime.date.today().year + 1
    response = client.post(url, _create_data(plan, member_agency(tf), year=future, quarter=1))
    assert response.status_code == 200
    assert response.context["form"].errors["quarter"] == ["This quarter has not begun yet."]
    response = client.post(url, _create_data(plan, member_agency(tf), year=plan.start_year - 1))
    assert "The plan runs from" in response.context["form"].errors["year"][0]
    response = client.post(url, _create_data(plan, member_agency(tf), quarter=7))
    assert "quarter" in response.context["form"].errors
    assert not MonitoringForm.objects.exists()


def test_roles(login, users, tf):
    url = reverse("monitoring:form_create", args=[tf.pk])
    assert login(users["province_daily_chair"]).get(url).status_code == 200
    assert login(users["province_member"]).get(url).status_code == 403
    assert login(users["province_chair"]).get(url).status_code == 403
    assert login(users["district_secretariat"]).get(url).status_code == 404
    form = make_form(tf)
    detail = reverse("monitoring:form_detail", args=[form.pk])
    assert login(users["national_member"]).get(detail).status_code == 200  # oversight reads
    assert login(users["outsider_secretariat"]).get(detail).status_code == 404


# --- editing: findings, comments, corrective actions ---------------------------------------


def _edit_data(form, **overrides):
    rows = list(form.rows.all())
    data = {
        "agency": form.agency_id,
        "date": form.date.isoformat(),
        "purpose": form.purpose,
        "progress_summary": "Sebagian besar kegiatan berjalan.",
        "positive_findings": "Sosialisasi mencapai 12 desa\n- Relawan desa aktif",
        "negative_findings": "Anggaran pelatihan terlambat cair",
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": len(rows),
        "actions-TOTAL_FORMS": 1,
        "actions-INITIAL_FORMS": 0,
        "actions-0-action": "Percepat pencairan anggaran pelatihan",
        "actions-0-deadline": (form.date + datetime.timedelta(days=30)).isoformat(),
        "actions-0-responsible_agency": member_agency(form.task_force).pk,
    }
    for i, row in enumerate(rows):
        data[f"rows-{i}-id"] = row.pk
        data[f"rows-{i}-comment"] = f"Catatan {i}"
    return data | overrides


def test_secretariat_writes_findings_comments_and_actions(login, users, tf):
    form = make_form(tf)
    response = login(users["province_secretariat"]).post(
        reverse("monitoring:form_edit", args=[form.pk]), _edit_data(form)
    )
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.positive_list == ["Sosialisasi mencapai 12 desa", "Relawan desa aktif"]
    assert form.negative_list == ["Anggaran pelatihan terlambat cair"]
    assert sorted(form.rows.values_list("comment", flat=True)) == ["Catatan 0", "Catatan 1"]
    action = form.corrective_actions.get()
    assert action.responsible_agency == member_agency(tf)

    page = login(users["province_member"]).get(form.get_absolute_url())
    assert page.status_code == 200
    assert "Percepat pencairan anggaran pelatihan" in page.content.decode()


def test_a_deadline_before_the_monitoring_is_refused(login, users, tf):
    form = make_form(tf)
    data = _edit_data(form, **{"actions-0-deadline": (form.date - datetime.timedelta(days=1))})
    response = login(users["province_secretariat"]).post(
        reverse("monitoring:form_edit", args=[form.pk]), data
    )
    assert response.status_code == 200
    assert response.context["actions"].forms[0].errors["deadline"] == [
        "The deadline cannot be before the date of the monitoring."
    ]
    assert not form.corrective_actions.exists()
    form.refresh_from_db()
    assert form.progress_summary == ""  # nothing saved when one part is wrong


def test_an_agency_of_another_task_force_is_refused(login, users, tf, tree):
    form = make_form(tf)
    foreign = AgencyFactory(task_force=tree["outsider"])
    data = _edit_data(form, **{"actions-0-responsible_agency": foreign.pk})
    response = login(users["province_secretariat"]).post(
        reverse("monitoring:form_edit", args=[form.pk]), data
    )
    assert response.status_code == 200
    assert not CorrectiveAction.objects.exists()


# --- draft -> final -----------------------------------------------------------------------


def test_a_final_form_is_locked(login, users, tf):
    form = make_form(tf)
    client = login(users["province_secretariat"])
    response = client.post(reverse("monitoring:form_finalise", args=[form.pk]))
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.status == DocumentStatus.FINAL
    assert [r.step for r in form.timeline] == ["finalise"]

    response = client.get(reverse("monitoring:form_edit", args=[form.pk]))
    assert response.status_code == 302
    assert LOCKED in messages_of(response)
    response = client.post(reverse("monitoring:form_edit", args=[form.pk]), _edit_data(form))
    assert LOCKED in messages_of(response)
    form.refresh_from_db()
    assert form.progress_summary == ""
    response = client.post(reverse("monitoring:form_refresh", args=[form.pk]))
    assert LOCKED in messages_of(response)
    response = client.post(reverse("monitoring:form_finalise", args=[form.pk]))
    assert any("is not possible while the status is" in m for m in messages_of(response))


def test_only_editors_make_a_form_final(login, users, tf):
    form = make_form(tf)
    url = reverse("monitoring:form_finalise", args=[form.pk])
    assert login(users["province_member"]).post(url).status_code == 403
    assert login(users["national_secretariat"]).post(url).status_code == 403  # oversight
    form.refresh_from_db()
    assert form.status == DocumentStatus.DRAFT


def test_the_pdf_shows_what_the_page_shows(tf):
    form = make_form(tf, positive_findings="Relawan desa aktif")
    make_action(form, action="Tambah relawan desa", for_revision=True)
    row = form.rows.first()
    context = form_document_context(form) | {"task_force": tf, "printed_at": timezone.now()}
    html = render_to_string("monitoring/forms/form_pdf.html", context)
    assert row.performance_target in html
    assert "Relawan desa aktif" in html
    assert "Tambah relawan desa" in html and "for the next RAD revision" in html
    assert "DRAFT" in html


def test_form_pdf(login, users, tf):
    form = make_form(tf)
    make_action(form, action="Tambah relawan desa")
    response = login(users["province_member"]).get(reverse("monitoring:form_pdf", args=[form.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        login(users["district_secretariat"])
        .get(reverse("monitoring:form_pdf", args=[form.pk]))
        .status_code
        == 404
    )


# --- follow-up of a corrective action -------------------------------------------------------


def test_a_corrective_action_becomes_a_meeting_action_point(login, users, tf):
    form = make_form(tf, status=DocumentStatus.FINAL)  # follow-up goes on after final
    action = make_action(form)
    meeting = make_meeting(tf, Kind.OVERALL)
    client = login(users["province_secretariat"])
    url = reverse("monitoring:action_to_point", args=[action.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"meeting": meeting.pk})
    assert response.status_code == 302
    action.refresh_from_db()
    point = action.action_point
    assert point.meeting == meeting
    assert point.description == action.action
    assert point.owner_agency == action.responsible_agency
    assert point.due_date == action.deadline

    response = client.post(url, {"meeting": meeting.pk})
    assert any("already an action point" in m for m in messages_of(response))
    assert ActionPoint.objects.count() == 1


def test_only_open_meetings_of_the_task_force_take_action_points(login, users, tf, tree):
    form = make_form(tf)
    action = make_action(form)
    final = make_meeting(tf, Kind.OVERALL, datetime.timedelta(days=-3), discussion="Bahas.")
    final.minutes_status = MinutesStatus.FINAL  # the minutes workflow is tested elsewhere
    final.save()
    foreign = make_meeting(tree["outsider"], Kind.OVERALL)
    client = login(users["province_secretariat"])
    url = reverse("monitoring:action_to_point", args=[action.pk])
    for meeting in (final, foreign):
        response = client.post(url, {"meeting": meeting.pk})
        assert response.status_code == 200
        assert "Select a valid choice" in response.context["form"].errors["meeting"][0]
    assert not ActionPoint.objects.exists()


def test_actions_kept_for_the_revision_are_listed_on_the_revision(login, users, tf):
    plan = enacted_plan(tf)
    form = make_form(tf, plan=plan, status=DocumentStatus.FINAL)
    kept = make_action(form, action="Tambah indikator pemulangan korban")
    make_action(form, action="Rapat koordinasi tambahan")
    client = login(users["province_secretariat"])
    client.post(reverse("monitoring:action_for_revision", args=[kept.pk]))
    kept.refresh_from_db()
    assert kept.for_revision

    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Tambah indikator pemulangan korban" in page
    revision = copy_plan(plan, None)
    page = client.get(revision.get_absolute_url()).content.decode()
    assert 'id="revision-actions"' in page
    assert "Tambah indikator pemulangan korban" in page
    assert "Rapat koordinasi tambahan" not in page

    client.post(reverse("monitoring:action_for_revision", args=[kept.pk]))
    page = client.get(revision.get_absolute_url()).content.decode()
    assert 'id="revision-actions"' not in page


def test_follow_up_needs_edit_rights(login, users, tf):
    action = make_action(make_form(tf))
    url = reverse("monitoring:action_for_revision", args=[action.pk])
    assert login(users["province_member"]).post(url).status_code == 403
    assert login(users["outsider_secretariat"]).post(url).status_code == 404
    assert login(users["province_secretariat"]).get(url).status_code == 405
    action.refresh_from_db()
    assert not action.for_revision
