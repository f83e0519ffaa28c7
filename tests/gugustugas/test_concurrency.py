"""No lost updates: two people edit the same task force; the second save is refused with
both versions shown, nothing is overwritten, and saving again from that page keeps the
second person's values (gugustugas.concurrency)."""

import pytest
from django.test import Client
from django.urls import reverse

from gugustugas.concurrency import StaleEdit
from gugustugas.models import TaskForce

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


def test_the_second_of_two_editors_sees_the_first_change_and_nothing_is_lost(users, tree):
    province = tree["province"]
    url = reverse("taskforce_edit", args=[province.pk])
    first, second = Client(), Client()
    first.force_login(users["province_secretariat"])
    second.force_login(users["province_daily_chair"])
    opened_first, opened_second = form_data(first.get(url)), form_data(second.get(url))

    saved = first.post(url, opened_first | {"phone": "022-111111"})
    assert saved.status_code == 302
    refused = second.post(url, opened_second | {"email": "gt@jabarprov.go.id"})

    assert refused.status_code == 409
    province.refresh_from_db()
    assert province.phone == "022-111111"
    assert province.email != "gt@jabarprov.go.id"
    rows = {str(r["label"]): r for r in refused.context["conflicts"]}
    assert any(r["theirs"] == "022-111111" for r in rows.values())
    assert b'data-test="conflicts"' in refused.content

    # Saving again from the conflict page (the new version is in the form) keeps theirs
    # where the user left it and adds the user's own change.
    again = form_data(refused) | {"phone": "022-111111"}
    assert second.post(url, again).status_code == 302
    province.refresh_from_db()
    assert (province.phone, province.email) == ("022-111111", "gt@jabarprov.go.id")
    assert province.version == 3


def test_a_save_without_the_version_check_still_works(tree):
    province = TaskForce.objects.get(pk=tree["province"].pk)
    province.phone = "0"
    province.save()
    assert TaskForce.objects.get(pk=province.pk).phone == "0"


def test_a_stale_version_is_refused_by_the_model(tree):
    province = TaskForce.objects.get(pk=tree["province"].pk)
    other = TaskForce.objects.get(pk=province.pk)
    other._expected_version = other.version
    other.phone = "1"
    other.save()
    province._expected_version = province.version
    province.phone = "2"
    with pytest.raises(StaleEdit):
        province.save()
    assert TaskForce.objects.get(pk=province.pk).phone == "1"
