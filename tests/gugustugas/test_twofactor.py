"""Two-factor login: set-up with a QR code and recovery codes, verification, and the
binding steps (enacting a plan here) that need a verified session when it is required."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from actionplans.models import PlanStatus
from tests.actionplans.builders import make_plan

pytestmark = pytest.mark.django_db


def code_of(device: TOTPDevice, drift: int = 0) -> str:
    """The code an app shows; ``drift=1``: the next window's (a used code is refused)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:06d}"


def set_up(client) -> tuple[TOTPDevice, list[str]]:
    page = client.get(reverse("twofactor_setup"))
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post(reverse("twofactor_setup"), {"code": code_of(device)})
    assert done.status_code == 200
    device.refresh_from_db()
    return device, list(done.context["codes"])


def test_setting_up_confirms_the_device_and_shows_recovery_codes_once(users):
    client = Client()
    client.force_login(users["province_chair"])
    device, codes = set_up(client)
    assert device.confirmed
    assert len(codes) == 10
    assert client.get(reverse("twofactor_status")).context["recovery_left"] == 10


def test_a_wrong_code_does_not_confirm(users):
    client = Client()
    client.force_login(users["province_chair"])
    client.get(reverse("twofactor_setup"))
    response = client.post(reverse("twofactor_setup"), {"code": "000000x"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


class TestRequiredForBindingSteps:
    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.TWO_FACTOR_REQUIRED = True

    def enact_url(self, tree):
        return reverse(
            "actionplans:plan_enact", args=[make_plan(tree["province"], PlanStatus.IN_REVIEW).pk]
        )

    def test_chair_without_a_device_is_sent_to_set_it_up(self, users, tree):
        client = Client()
        client.force_login(users["province_chair"])
        url = self.enact_url(tree)
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("twofactor_setup"))

    def test_after_the_code_the_step_opens(self, users, tree):
        client = Client()
        client.force_login(users["province_chair"])
        device, _codes = set_up(client)
        # A new login: the session is not verified yet.
        client.logout()
        client.force_login(users["province_chair"])
        url = self.enact_url(tree)
        first = client.get(url)
        assert first.status_code == 302 and reverse("twofactor_verify") in first.url
        verified = client.post(first.url, {"code": code_of(device, drift=1)})
        assert verified.status_code == 302 and verified.url == url
        assert client.get(url).status_code == 200

    def test_a_recovery_code_works_once(self, users, tree):
        client = Client()
        client.force_login(users["province_chair"])
        _device, codes = set_up(client)
        client.logout()
        client.force_login(users["province_chair"])
        url = self.enact_url(tree)
        verify = f"{reverse('twofactor_verify')}?next={url}"
        assert client.post(verify, {"code": codes[0]}).url == url
        assert not StaticToken.objects.filter(token=codes[0]).exists()
        client.logout()
        client.force_login(users["province_chair"])
        again = client.post(verify, {"code": codes[0]})
        assert again.status_code == 200 and again.context["form"].errors

    def test_secretariat_edits_without_a_second_factor(self, users, tree):
        client = Client()
        client.force_login(users["province_secretariat"])
        plan = make_plan(tree["province"], PlanStatus.DRAFT)
        assert client.get(reverse("actionplans:plan_edit", args=[plan.pk])).status_code == 200

    def test_next_may_not_leave_the_site(self, users):
        client = Client()
        client.force_login(users["province_chair"])
        device, _codes = set_up(client)
        response = client.post(
            f"{reverse('twofactor_verify')}?next=https://evil.example/",
            {"code": code_of(device, drift=1)},
        )
        assert response.url == reverse("dashboard")
