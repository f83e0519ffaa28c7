"""Evaluations of a plan or a period against the five OECD criteria: a rating on the
stated 4-point scale and a narrative per criterion, evidence links, recommendations with
owning agencies, draft -> final, and the plan page showing them beside its progress."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from monitoring.models import Criterion, DocumentStatus, Evaluation, Rating
from tests.actionplans.builders import member_agency
from tests.conftest import AgencyFactory
from tests.monitoring.builders_forms import enacted_plan, make_evaluation


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def tf(tree):
    return tree["province"]


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_scale_has_four_labelled_points():
    assert [value for value, _label in Rating.choices] == [1, 2, 3, 4]
    assert all(str(label)[2:].strip() for _value, label in Rating.choices)
    assert len(Criterion.values) == 5


def test_creating_an_evaluation_of_a_plan_makes_the_five_criteria(login, users, tf):
    plan = enacted_plan(tf)
    client = login(users["province_secretariat"])
    url = reverse("monitoring:evaluation_create", args=[tf.pk])
    page = client.get(url, {"plan": plan.pk})
    assert page.context["form"].initial["start_year"] == plan.start_year
    response = client.post(
        url,
        {
            "plan": plan.pk,
            "title": "Evaluasi paruh waktu RAD",
            "start_year": plan.start_year,
            "end_year": plan.start_year + 1,
            "date": "2024-02-01",
            "evaluator": "Tim evaluasi independen",
        },
    )
    evaluation = Evaluation.objects.get()
    assert response["Location"] == reverse("monitoring:evaluation_edit", args=[evaluation.pk])
    assert sorted(evaluation.criteria.values_list("criterion", flat=True)) == sorted(
        Criterion.values
    )


def test_a_period_outside_the_plan_and_a_foreign_plan_are_refused(login, users, tf, tree):
    plan = enacted_plan(tf)
    client = login(users["province_secretariat"])
    url = reverse("monitoring:evaluation_create", args=[tf.pk])
    base = {"title": "E", "date": "2024-01-01", "evaluator": "Tim"}
    response = client.post(
        url, base | {"plan": plan.pk, "start_year": plan.start_year - 1, "end_year": plan.end_year}
    )
    assert "within the plan's years" in response.context["form"].errors["start_year"][0]
    response = client.post(url, base | {"start_year": 2026, "end_year": 2024})
    assert response.context["form"].errors["end_year"] == [
        "The last year cannot be before the first year."
    ]
    foreign = enacted_plan(tree["outsider"])
    response = client.post(
        url,
        base
        | {"plan": foreign.pk, "start_year": foreign.start_year, "end_year": foreign.start_year},
    )
    assert "Select a valid choice" in response.context["form"].errors["plan"][0]
    assert not Evaluation.objects.exists()
    # A period without a plan is an evaluation too.
    response = client.post(url, base | {"start_year": 2024, "end_year": 2026})
    assert response.status_code == 302
    assert Evaluation.objects.get().plan is None


def _edit_data(evaluation, rating=3, links="https://jdih.jabarprov.go.id/rad", **overrides):
    criteria = list(evaluation.criteria.all())
    data = {
        "plan": evaluation.plan_id or "",
        "title": evaluation.title,
        "start_year": evaluation.start_year,
        "end_year": evaluation.end_year,
        "date": evaluation.date.isoformat(),
        "evaluator": evaluation.evaluator,
        "summary": "Ringkasan",
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "recs-TOTAL_FORMS": 1,
        "recs-INITIAL_FORMS": 0,
        "recs-0-text": "Perkuat pendataan korban",
        "recs-0-owner_agency": member_agency(evaluation.task_force).pk,
    }
    for i, c in enumerate(criteria):
        data |= {
            f"criteria-{i}-id": c.pk,
            f"criteria-{i}-rating": rating,
            f"criteria-{i}-narrative": f"Narasi {c.criterion}",
            f"criteria-{i}-evidence_links": links,
        }
    return data | overrides


def test_rating_narratives_links_and_recommendations(login, users, tf):
    evaluation = make_evaluation(tf)
    client = login(users["province_secretariat"])
    response = client.post(
        reverse("monitoring:evaluation_edit", args=[evaluation.pk]), _edit_data(evaluation)
    )
    assert response.status_code == 302
    relevance = evaluation.criteria.get(criterion=Criterion.RELEVANCE)
    assert relevance.rating == 3
    assert relevance.links == ["https://jdih.jabarprov.go.id/rad"]
    assert evaluation.recommendations.get().owner_agency == member_agency(tf)
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert "3 – Satisfactory" in page
    assert "4 – Highly satisfactory" in page  # the scale is stated


@pytest.mark.parametrize("rating", [0, 5, "x"])
def test_a_rating_off_the_scale_is_refused(login, users, tf, rating):
    evaluation = make_evaluation(tf)
    response = login(users["province_secretariat"]).post(
        reverse("monitoring:evaluation_edit", args=[evaluation.pk]),
        _edit_data(evaluation, rating=rating),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["criteria"].forms[0].errors["rating"][0]
    assert not evaluation.criteria.filter(rating__isnull=False).exists()
    assert not evaluation.recommendations.exists()


def test_evidence_must_be_web_addresses(login, users, tf):
    evaluation = make_evaluation(tf)
    response = login(users["province_secretariat"]).post(
        reverse("monitoring:evaluation_edit", args=[evaluation.pk]),
        _edit_data(evaluation, links="file:///etc/passwd"),
    )
    assert response.status_code == 200
    assert (
        "is not a web address" in response.context["criteria"].forms[0].errors["evidence_links"][0]
    )


def test_an_owner_of_another_task_force_is_refused(login, users, tf, tree):
    evaluation = make_evaluation(tf)
    foreign = AgencyFactory(task_force=tree["outsider"])
    response = login(users["province_secretariat"]).post(
        reverse("monitoring:evaluation_edit", args=[evaluation.pk]),
        _edit_data(evaluation, **{"recs-0-owner_agency": foreign.pk}),
    )
    assert response.status_code == 200
    assert not evaluation.recommendations.exists()


def test_final_needs_every_criterion_rated_and_then_locks(login, users, tf):
    evaluation = make_evaluation(tf)
    client = login(users["province_daily_chair"])
    url = reverse("monitoring:evaluation_finalise", args=[evaluation.pk])
    response = client.post(url)
    assert any("Rate every criterion" in m for m in messages_of(response))
    evaluation.refresh_from_db()
    assert evaluation.status == DocumentStatus.DRAFT

    evaluation.criteria.update(rating=2, narrative="Kurang")
    client.post(url)
    evaluation.refresh_from_db()
    assert evaluation.status == DocumentStatus.FINAL
    response = client.post(
        reverse("monitoring:evaluation_edit", args=[evaluation.pk]), _edit_data(evaluation)
    )
    assert any("final and locked" in m for m in messages_of(response))
    assert evaluation.criteria.filter(rating=2).count() == 5


def test_the_plan_page_shows_its_evaluations_beside_its_progress(login, users, tf):
    plan = enacted_plan(tf)
    evaluation = make_evaluation(tf, plan=plan, rated=True)
    page = login(users["national_member"]).get(plan.get_absolute_url())
    html = page.content.decode()
    assert 'id="plan-evaluations"' in html
    assert evaluation.title in html
    assert "3 – Satisfactory" in html
    # An editor without evaluations still gets the panel, to start one.
    other = enacted_plan(tf)
    html = login(users["province_secretariat"]).get(other.get_absolute_url()).content.decode()
    assert "New evaluation" in html


def test_roles(login, users, tf):
    evaluation = make_evaluation(tf)
    edit = reverse("monitoring:evaluation_edit", args=[evaluation.pk])
    assert login(users["province_secretariat"]).get(edit).status_code == 200
    assert login(users["province_subgt_head"]).get(edit).status_code == 403
    assert login(users["national_daily_chair"]).get(edit).status_code == 403
    assert login(users["district_secretariat"]).get(edit).status_code == 404
