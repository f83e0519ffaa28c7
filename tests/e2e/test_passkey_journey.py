"""A passkey in a real browser: Chromium's virtual authenticator (a platform authenticator
with user verification, driven over the DevTools protocol) stands in for the laptop's
fingerprint reader.

Jawa Barat's chair (``jabar.ketua``) opens the two-factor page, names and adds a passkey
(django-otp-webauthn's script under the site's CSP, then ours naming it), keeps the
recovery codes and finds the passkey listed. He logs out, logs in again with his password,
and verifies the new session with the passkey as the second step. Selectors avoid visible text.
"""

import pytest
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect


@pytest.fixture
def passkeys_here(demo_data, live_server, settings):
    # The live server's origin (http://localhost:<port>) is the one the browser reports.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    settings.TWO_FACTOR_REQUIRED = True
    assert live_server.url.startswith("http://localhost:")


def virtual_authenticator(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def test_chair_adds_a_passkey_and_verifies_his_login_with_it(
    page, live_server, login, passkeys_here
):
    virtual_authenticator(page)
    refused = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    login(page, live_server, "jabar.ketua")

    page.goto(f"{live_server.url}{reverse('twofactor_status')}")
    page.locator("#passkey-name").fill("Laptop kantor")
    with page.expect_navigation():
        page.locator("[data-test=add-passkey]").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    passkey = WebAuthnCredential.objects.get(user__username="jabar.ketua")
    assert passkey.name == "Laptop kantor"
    with page.expect_navigation():
        page.locator("main a.btn-primary").click()
    expect(page.locator("[data-test=passkey-row]")).to_have_count(1)
    expect(page.locator("[data-test=passkey-row]").first).to_contain_text("Laptop kantor")

    # A new login: the password first, then the passkey as the second step.
    page.context.clear_cookies()
    login(page, live_server, "jabar.ketua")
    status = reverse("twofactor_status")
    page.goto(f"{live_server.url}{status}")
    expect(page.locator("[data-test=verify-session]")).to_have_count(1)
    with page.expect_navigation():
        page.locator("[data-test=verify-session]").click()
    with page.expect_navigation():
        page.locator("[data-test=use-passkey]").click()
    assert page.url.endswith(status), page.url
    expect(page.locator("[data-test=verify-session]")).to_have_count(0)
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    assert not refused, refused  # every script ran under the site's CSP
