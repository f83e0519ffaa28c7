"""Re-authentication before signing (issue 15, OWASP ASVS 5.0 V6/V7): the chair's
"approve and sign" needs the password entered within ``REAUTH_MAX_AGE`` seconds, and a
code of the second factor too where the chair has one; a login that old or older sends
the chair to confirm, then back. Nothing is signed before."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from gugustugas.security import PASSWORD_AT, SECOND_FACTOR_AT
from reports.models import Report, Status
from tests.gugustugas.test_twofactor import code_of
from tests.reports.builders import attach_files, make_report

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/conftest.py UserFactory


def _submitted(tree, users) -> Report:
    report = make_report(tree["province"], year=2025)
    report.take("submit", users["province_daily_chair"])
    attach_files(Report.objects.get(pk=report.pk))
    return Report.objects.get(pk=report.pk)


def _chair(users, password_age: int, **session) -> Client:
    client = Client()
    client.force_login(users["province_chair"])
    stored = client.session
    stored[PASSWORD_AT] = int(time.time()) - password_age
    for key, value in session.items():
        stored[key] = value
    stored.save()
    return client


def _approve(client, report):
    url = reverse("reports:report_approve", args=[report.pk])
    return client.post(url, HTTP_REFERER=report.get_absolute_url())


def test_a_login_older_than_the_window_signs_nothing_until_the_password_is_given(
    tree, users, settings
):
    settings.REAUTH_MAX_AGE = 300
    report = _submitted(tree, users)
    client = _chair(users, password_age=301)

    refused = _approve(client, report)

    assert refused.status_code == 302
    assert refused["Location"].startswith(reverse("reauthenticate"))
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED
    page = client.get(refused["Location"])
    assert page.status_code == 200 and b'data-test="reauthenticate"' in page.content
    assert "code" not in page.context["form"].fields  # no second factor enrolled

    wrong = client.post(refused["Location"], {"password": "not-it"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    confirmed = client.post(refused["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == report.get_absolute_url()

    assert _approve(client, report).status_code == 302
    assert Report.objects.get(pk=report.pk).status == Status.APPROVED


def test_a_password_given_within_the_window_is_enough(tree, users, settings):
    settings.REAUTH_MAX_AGE = 300
    report = _submitted(tree, users)
    client = _chair(users, password_age=120)
    response = _approve(client, report)
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("reauthenticate"))
    assert Report.objects.get(pk=report.pk).status == Status.APPROVED


def test_the_window_is_a_setting(tree, users, settings):
    settings.REAUTH_MAX_AGE = 60
    report = _submitted(tree, users)
    response = _approve(_chair(users, password_age=120), report)
    assert response["Location"].startswith(reverse("reauthenticate"))
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_a_chair_with_a_second_factor_gives_a_code_too(tree, users, settings):
    settings.REAUTH_MAX_AGE = 300
    chair = users["province_chair"]
    device = TOTPDevice.objects.create(user=chair, name="authenticator", confirmed=True)
    report = _submitted(tree, users)
    # The password is fresh, the second factor is not: signing still asks.
    client = _chair(users, password_age=10, **{SECOND_FACTOR_AT: int(time.time()) - 3600})

    refused = _approve(client, report)
    assert refused["Location"].startswith(reverse("reauthenticate"))
    page = client.get(refused["Location"])
    assert "code" in page.context["form"].fields

    without_code = client.post(refused["Location"], {"password": PASSWORD})
    assert without_code.status_code == 200 and "code" in without_code.context["form"].errors
    wrong_code = client.post(refused["Location"], {"password": PASSWORD, "code": "000000"})
    assert wrong_code.status_code == 200
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code

    done = client.post(refused["Location"], {"password": PASSWORD, "code": code_of(device)})
    assert done.status_code == 302
    assert _approve(client, report).status_code == 302
    assert Report.objects.get(pk=report.pk).status == Status.APPROVED


def test_other_steps_do_not_ask_again(tree, users, settings):
    """Only signing asks: the daily chair submits on an old login."""
    settings.REAUTH_MAX_AGE = 60
    report = make_report(tree["province"], year=2024)
    client = Client()
    client.force_login(users["province_daily_chair"])
    stored = client.session
    stored[PASSWORD_AT] = int(time.time()) - 3600
    stored.save()
    response = client.post(reverse("reports:report_submit", args=[report.pk]))
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED
