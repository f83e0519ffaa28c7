"""The demo fills the top of the tree: every province has a task force whose national
oversight row is real (a plan in a realistic state, progress, budget lines, meetings),
and no generated agency name says a word twice."""

import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation

from actionplans.models import PlanStatus
from gugustugas import oversight
from gugustugas.models import TaskForce
from members.models import Agency
from members.models.people import agency_name


def test_agency_names_never_double_a_word():
    assert agency_name("Badan Pusat Statistik Provinsi", "Provinsi Jawa Barat") == (
        "Badan Pusat Statistik Provinsi Jawa Barat"
    )
    assert agency_name("Kepolisian Resor", "Kota Batam") == "Kepolisian Resor Kota Batam"
    assert agency_name("Kementerian Sosial", "") == "Kementerian Sosial"


@pytest.mark.django_db
def test_the_national_oversight_tables_rank_38_real_provinces(demo_rows):
    doubled = [a.name for a in Agency.objects.all() if re.search(r"\b(\w+) \1\b", a.name)]
    assert doubled == []

    client = Client()
    client.force_login(get_user_model().objects.get(username="nasional.sekretariat"))
    national = TaskForce.objects.get(region__code="ID")

    def rows(module):
        response = client.get(reverse("oversight", args=[national.pk, module]))
        assert response.status_code == 200
        keys = [c.key for c in response.context["table"].columns]
        return [dict(zip(keys, r.cells, strict=True)) for r in response.context["rows"]]

    plans = rows("plans")
    assert len(plans) == 38
    states = Counter(r["status"].value for r in plans)
    with translation.override("id"):  # the page speaks Indonesian
        enacted, in_review = str(PlanStatus.ENACTED.label), str(PlanStatus.IN_REVIEW.label)
    assert states[enacted] > (38 - states[None]) / 2  # mostly enacted
    assert states[in_review] >= 2  # some in review
    assert states[None] >= 3  # a few without a plan
    overdue = {r["overdue"].value for r in plans if r["overdue"].value is not None}
    assert len(overdue) >= 3  # the ranking means something
    assert sum(1 for r in rows("budgets") if r["planned"].value) >= 25
    assert sum(1 for r in rows("meetings") if r["last_overall"].value) >= 20
    assert sum(1 for r in rows("members") if r["members"].value) >= 30
    for module in oversight.modules():
        assert len(rows(module.slug)) == 38
