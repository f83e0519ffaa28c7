"""The budget calendar's "Rule" column speaks the page's language (issue 13, item 10):
the rows keep the regulation's Indonesian, an English page says it in English."""

import pytest
from django.conf import settings
from django.urls import reverse

from budgets import calendar


@pytest.mark.django_db
def test_the_rules_are_in_english_on_an_english_page(login, users, tree):
    district = tree["district"]
    calendar.ensure_milestones(district, 2027)
    client = login(users["district_secretariat"])
    url = reverse("budgets:calendar", args=[district.pk]) + "?year=2027"

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "By 31 May" in english
    assert "3 working days after the joint approval, sent to the governor" in english
    assert "Paling lambat" not in english and "hari kerja" not in english

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client.get(url).content.decode()
    assert "Paling lambat 31 Mei" in indonesian
    assert "3 hari kerja setelah persetujuan bersama, dikirim ke gubernur" in indonesian
