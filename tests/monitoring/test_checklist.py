"""The task-force checklist: the guideline's five stages as data, dated self-assessments
with a score per stage (done 1, partly 0.5), their change over time, and the latest scores
of the task forces below side by side in a query count that does not grow with them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gugustugas.models import TaskForce
from monitoring.checklist import ITEMS, STAGES, Answer
from monitoring.models import ChecklistAssessment
from monitoring.models.checklist import latest_assessments, scores_of
from tests.monitoring.builders_forms import make_assessment


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def tf(tree):
    return tree["province"]


def test_the_five_stages_of_the_guideline():
    assert [s.code for s in STAGES] == [
        "formation",
        "planning",
        "operation",
        "monitoring",
        "reporting",
    ]
    assert [len(s.items) for s in STAGES] == [10, 15, 8, 6, 4]
    assert len(ITEMS) == 43  # every item code is unique


def test_score_per_stage_counts_done_1_and_partly_half(tree):
    formation = [i.code for i in STAGES[0].items]
    assessment = make_assessment(tree["province"], value=Answer.NOT_YET, partly=formation[:4])
    assessment.answers.filter(item__in=formation[4:7]).update(value=Answer.DONE)
    scores = assessment.scores()
    assert scores["formation"] == Decimal("50.0")  # (3 + 4 * 0.5) / 10
    assert scores["planning"] == Decimal("0.0")
    assert scores_of([assessment.pk])[assessment.pk] == scores  # database and Python agree


def _post_data(date, value="done", **overrides):
    data = {"date": date, "note": "Penilaian mandiri"}
    for code in ITEMS:
        data[f"value_{code}"] = value
        data[f"note_{code}"] = ""
        data[f"evidence_{code}"] = ""
    return data | overrides


def test_secretariat_records_an_assessment(login, users, tf):
    client = login(users["province_secretariat"])
    url = reverse("monitoring:checklist_create", args=[tf.pk])
    assert client.get(url).status_code == 200
    data = _post_data(
        "2025-03-01",
        value="partly",
        value_f_agencies="done",
        note_f_agencies="Surat edaran Sekda",
        evidence_f_agencies="https://jdih.jabarprov.go.id/sk-gt",
    )
    response = client.post(url, data)
    assessment = ChecklistAssessment.objects.get(task_force=tf)
    assert response["Location"] == assessment.get_absolute_url()
    answer = assessment.answers.get(item="f_agencies")
    assert (answer.value, answer.note, answer.evidence_url) == (
        "done",
        "Surat edaran Sekda",
        "https://jdih.jabarprov.go.id/sk-gt",
    )
    assert assessment.scores()["formation"] == Decimal("55.0")
    assert assessment.created_by == users["province_secretariat"]
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "55.0 %" in page
    assert "an item done counts 1, partly done 0.5" in page  # the rule is stated


def test_a_new_assessment_starts_from_the_latest(login, users, tf):
    old = make_assessment(tf, datetime.date(2025, 1, 10), value=Answer.PARTLY)
    make_assessment(tf, datetime.date(2024, 1, 10), value=Answer.DONE)  # older
    form = (
        login(users["province_secretariat"])
        .get(reverse("monitoring:checklist_create", args=[tf.pk]))
        .context["form"]
    )
    assert old.date > datetime.date(2024, 1, 10)
    assert form.fields["value_p_smart"].initial == Answer.PARTLY


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"date": "2999-01-01"}, "date", "A self-assessment cannot be dated in the future."),
        ({"value_f_ngos": "maybe"}, "value_f_ngos", "Select a valid choice"),
        ({"evidence_f_ngos": "javascript:alert(1)"}, "evidence_f_ngos", "Enter a valid URL."),
    ],
)
def test_bad_input_is_refused_with_a_message(login, users, tf, overrides, field, message):
    response = login(users["province_secretariat"]).post(
        reverse("monitoring:checklist_create", args=[tf.pk]), _post_data("2025-03-01") | overrides
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not ChecklistAssessment.objects.exists()


def test_one_assessment_per_date(login, users, tf):
    make_assessment(tf, datetime.date(2025, 3, 1))
    response = login(users["province_secretariat"]).post(
        reverse("monitoring:checklist_create", args=[tf.pk]), _post_data("2025-03-01")
    )
    assert "already has an assessment on this date" in response.context["form"].errors["date"][0]
    assert ChecklistAssessment.objects.count() == 1


def test_editing_changes_answers_and_keeps_their_history(login, users, tf):
    assessment = make_assessment(tf, datetime.date(2025, 3, 1), value=Answer.NOT_YET)
    response = login(users["province_daily_chair"]).post(
        reverse("monitoring:checklist_edit", args=[assessment.pk]),
        _post_data("2025-03-01", value="not_yet", value_r_public="done"),
    )
    assert response.status_code == 302
    answer = assessment.answers.get(item="r_public")
    assert answer.value == "done"
    assert answer.history.count() == 1  # the change; bulk-created rows have none
    assert assessment.scores()["reporting"] == Decimal("25.0")


def test_change_over_time_on_the_task_force_pages(login, users, tf):
    make_assessment(tf, datetime.date(2024, 6, 1), value=Answer.PARTLY)
    make_assessment(tf, datetime.date(2025, 6, 1), value=Answer.DONE)
    client = login(users["province_member"])
    html = client.get(reverse("monitoring:checklist_list", args=[tf.pk])).content.decode()
    assert "<title" in html and "Checklist score per stage over time" in html
    assert "<desc" in html and "Formation: 1 June 2024: 50 %; 1 June 2025: 100 %" in html
    assert html.index("1 June 2025") < html.rindex("1 June 2024")  # newest first in the table
    page = client.get(tf.get_absolute_url()).content.decode()
    assert reverse("monitoring:checklist_list", args=[tf.pk]) in page


def test_a_province_compares_its_districts_latest_scores(login, users, tree):
    province, district, sibling = tree["province"], tree["district"], tree["sibling"]
    make_assessment(district, datetime.date(2024, 1, 1), value=Answer.NOT_YET)
    make_assessment(district, datetime.date(2025, 1, 1), value=Answer.DONE)
    make_assessment(sibling, datetime.date(2025, 2, 1), value=Answer.PARTLY)
    response = login(users["province_secretariat"]).get(
        reverse("monitoring:checklist_compare", args=[province.pk])
    )
    rows = {r.pk: r for r in response.context["rows"]}
    assert rows[district.pk].latest_date == datetime.date(2025, 1, 1)
    assert rows[district.pk].score_list == [Decimal("100.0")] * 5
    assert rows[sibling.pk].score_list == [Decimal("50.0")] * 5
    others = [r for pk, r in rows.items() if pk not in (district.pk, sibling.pk)]
    assert others and all(r.scores is None for r in others)  # listed, "no assessment yet"
    assert response.context["assessed_count"] == 2
    assert "Latest checklist scores of the task forces below" in response.content.decode()


def test_the_national_level_compares_provinces(login, users, tree):
    make_assessment(tree["province"], datetime.date(2025, 1, 1))
    make_assessment(tree["district"], datetime.date(2025, 1, 1))  # not a province
    response = login(users["national_secretariat"]).get(
        reverse("monitoring:checklist_compare", args=[tree["national"].pk])
    )
    rows = response.context["rows"]
    assert len(rows) == TaskForce.objects.filter(region__level="province").count()
    assert [r.pk for r in rows if r.scores] == [tree["province"].pk]


def test_comparison_query_count_does_not_grow_with_the_task_forces(login, users, tree):
    """One query set: the task forces with their latest assessment, then every score."""
    client = login(users["national_secretariat"])
    url = reverse("monitoring:checklist_compare", args=[tree["national"].pk])
    provinces = list(TaskForce.objects.filter(region__level="province").order_by("pk"))
    make_assessment(provinces[0], datetime.date(2025, 1, 1))
    client.get(url)  # warm the caches (content types, the user's seats)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for province in provinces[1:12]:
        make_assessment(province, datetime.date(2024, 1, 1))
        make_assessment(province, datetime.date(2025, 1, 1))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len([r for r in response.context["rows"] if r.scores]) == 12
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as direct:
        latest_assessments(TaskForce.objects.filter(pk__in=[p.pk for p in provinces]))
    assert len(direct) == 2


def test_roles(login, users, tf, tree):
    create = reverse("monitoring:checklist_create", args=[tf.pk])
    assert login(users["province_member"]).get(create).status_code == 403
    assert login(users["province_chair"]).get(create).status_code == 403
    assert login(users["national_secretariat"]).get(create).status_code == 403
    assert login(users["district_secretariat"]).get(create).status_code == 404
    compare = reverse("monitoring:checklist_compare", args=[tf.pk])
    assert login(users["district_secretariat"]).get(compare).status_code == 404
    assert login(users["outsider_secretariat"]).get(compare).status_code == 404
