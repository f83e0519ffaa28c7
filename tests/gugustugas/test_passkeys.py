"""Passkeys (django-otp-webauthn) as the second kind of second factor: registered from the
two-factor page, named, listed and removed by their owner only; used on the verification
page as the second step of a login, and on the re-authentication page before signing; and
an approver with a passkey alone has the second factor the binding steps ask for.

The ceremonies run against the library's real endpoints with a software authenticator
(``soft_authenticator.py``) that signs what a browser's would."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from actionplans.models import PlanStatus
from gugustugas.security import PASSWORD_AT, SECOND_FACTOR_AT, require_fresh_authentication
from tests.actionplans.builders import make_plan
from tests.gugustugas.soft_authenticator import RP_ID, SoftPasskey
from tests.gugustugas.test_twofactor import set_up

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/conftest.py UserFactory
BEGIN_REGISTRATION = "otp_webauthn:credential-registration-begin"
COMPLETE_REGISTRATION = "otp_webauthn:credential-registration-complete"
BEGIN_AUTHENTICATION = "otp_webauthn:credential-authentication-begin"
COMPLETE_AUTHENTICATION = "otp_webauthn:credential-authentication-complete"


def post_json(client, name, body=None, query=""):
    data = json.dumps(body) if body is not None else ""
    return client.post(reverse(name) + query, data, content_type="application/json")


def register(client, passkey: SoftPasskey | None = None) -> tuple[SoftPasskey, WebAuthnCredential]:
    passkey = passkey or SoftPasskey()
    options = post_json(client, BEGIN_REGISTRATION)
    assert options.status_code == 200, options.content
    done = post_json(client, COMPLETE_REGISTRATION, passkey.register(options.json()))
    assert done.status_code == 200, done.content
    return passkey, WebAuthnCredential.objects.get(pk=done.json()["id"])


def verify_with(client, passkey: SoftPasskey, next_url: str = ""):
    options = post_json(client, BEGIN_AUTHENTICATION)
    assert options.status_code == 200, options.content
    query = f"?next={next_url}" if next_url else ""
    return post_json(client, COMPLETE_AUTHENTICATION, passkey.authenticate(options.json()), query)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fresh_login(client, user) -> Client:
    """A new login of the same user: the session is not verified yet."""
    client.logout()
    client.force_login(user)
    return client


CEREMONIES = [
    BEGIN_REGISTRATION,
    COMPLETE_REGISTRATION,
    BEGIN_AUTHENTICATION,
    COMPLETE_AUTHENTICATION,
]


@pytest.mark.parametrize("name", CEREMONIES)
def test_the_ceremonies_answer_only_a_logged_in_user(name):
    response = post_json(Client(), name, {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not WebAuthnCredential.objects.exists()


def test_registration_offers_the_configured_relying_party(users, settings):
    settings.OTP_WEBAUTHN_RP_NAME = "SIGT-PPTPPO uji"
    options = post_json(logged_in(users["province_chair"]), BEGIN_REGISTRATION).json()
    assert options["rp"] == {"id": RP_ID, "name": "SIGT-PPTPPO uji"}
    assert options["user"]["name"] == users["province_chair"].username


def test_a_passkey_registered_and_named_brings_recovery_codes_once(users):
    user = users["province_chair"]
    client = logged_in(user)
    _passkey, credential = register(client)
    assert credential.user == user and credential.confirmed
    assert credential.name.startswith("Kunci sandi")  # a name until the user gives one
    named = client.post(reverse("passkey_name", args=[credential.pk]), {"name": "Laptop kantor"})
    assert named.status_code == 200 and len(named.context["codes"]) == 10
    credential.refresh_from_db()
    assert credential.name == "Laptop kantor"
    # A second passkey: no new codes (the first ones stay valid).
    _other, second = register(client)
    again = client.post(reverse("passkey_name", args=[second.pk]), {"name": ""})
    assert again.status_code == 302 and again["Location"] == reverse("twofactor_status")
    second.refresh_from_db()
    assert second.name.startswith("Kunci sandi")  # no name given: the default stays


def test_an_origin_that_is_not_allowed_registers_nothing(users):
    client = logged_in(users["province_chair"])
    options = post_json(client, BEGIN_REGISTRATION).json()
    answer = SoftPasskey(origin="https://evil.example").register(options)
    assert post_json(client, COMPLETE_REGISTRATION, answer).status_code == 422
    assert not WebAuthnCredential.objects.exists()


def test_an_unverified_session_of_a_user_with_an_app_may_not_add_a_passkey(users):
    user = users["province_chair"]
    client = logged_in(user)
    set_up(client)  # TOTP, verified in that session
    fresh_login(client, user)
    refused = post_json(client, BEGIN_REGISTRATION)
    assert refused.status_code == 403
    assert refused.json()["code"] == "user_not_verified"


def test_nor_an_authenticator_app_beside_a_passkey(users):
    user = users["province_chair"]
    client = logged_in(user)
    register(client)
    fresh_login(client, user)
    response = client.get(reverse("twofactor_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("twofactor_verify"))


def test_the_two_factor_page_lists_only_the_users_own_passkeys(users):
    chair, other = users["province_chair"], users["province_daily_chair"]
    mine = register(logged_in(chair))[1]
    register(logged_in(other))
    page = logged_in(chair).get(reverse("twofactor_status"))
    assert page.status_code == 200
    assert [p.pk for p in page.context["passkeys"]] == [mine.pk]
    assert page.context["has_device"]


def test_naming_or_removing_someone_elses_passkey_is_not_found(users):
    theirs = register(logged_in(users["province_daily_chair"]))[1]
    intruder = logged_in(users["province_chair"])
    register(intruder)  # verified session of his own
    name = intruder.post(reverse("passkey_name", args=[theirs.pk]), {"name": "mine now"})
    remove = intruder.post(reverse("passkey_remove", args=[theirs.pk]))
    assert (name.status_code, remove.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.name != "mine now"


def test_removing_a_passkey_needs_a_verified_session(users):
    user = users["province_chair"]
    client = logged_in(user)
    passkey, credential = register(client)
    fresh_login(client, user)
    url = reverse("passkey_remove", args=[credential.pk])
    refused = client.post(url, HTTP_REFERER=reverse("twofactor_status"))
    assert refused.status_code == 302 and reverse("twofactor_verify") in refused["Location"]
    assert WebAuthnCredential.objects.filter(pk=credential.pk).exists()
    assert verify_with(client, passkey).status_code == 200
    assert client.post(url).status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=credential.pk).exists()


class TestApproverWithOnlyAPasskey:
    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.TWO_FACTOR_REQUIRED = True

    def test_is_sent_to_verify_and_the_passkey_opens_the_step(self, users, tree):
        chair = users["province_chair"]
        client = logged_in(chair)
        passkey, _credential = register(client)
        fresh_login(client, chair)
        url = reverse(
            "actionplans:plan_enact", args=[make_plan(tree["province"], PlanStatus.IN_REVIEW).pk]
        )
        first = client.get(url)
        assert first.status_code == 302 and reverse("twofactor_verify") in first["Location"]
        page = client.get(first["Location"])
        assert page.context["has_passkeys"] and b'id="passkey-verification-button"' in page.content
        verified = verify_with(client, passkey, next_url=url)
        assert verified.status_code == 200 and verified.json()["redirect_url"] == url
        assert client.get(url).status_code == 200

    def test_someone_elses_passkey_does_not_verify(self, users):
        chair = users["province_chair"]
        theirs = register(logged_in(users["province_daily_chair"]))[0]
        client = logged_in(chair)
        register(client)
        fresh_login(client, chair)
        refused = verify_with(client, theirs)
        assert refused.status_code in (400, 403, 404)
        assert not client.get(reverse("twofactor_status")).context["verified"]


def test_re_authentication_takes_the_passkey_then_the_password(users, settings):
    settings.REAUTH_MAX_AGE = 300
    chair = users["province_chair"]
    client = logged_in(chair)
    passkey, _credential = register(client)
    fresh_login(client, chair)
    url = f"{reverse('reauthenticate')}?next={reverse('dashboard')}"
    page = client.get(url)
    assert "code" in page.context["form"].fields and page.context["has_passkeys"]
    assert verify_with(client, passkey, next_url=url).json()["redirect_url"] == url
    page = client.get(url)
    assert "code" not in page.context["form"].fields  # the passkey was the second factor
    done = client.post(url, {"password": PASSWORD, "next": reverse("dashboard")})
    assert done.status_code == 302 and done["Location"] == reverse("dashboard")
    request = page.wsgi_request
    request.session = client.session
    assert request.session[PASSWORD_AT] and request.session[SECOND_FACTOR_AT]
    require_fresh_authentication(request)  # raises nothing: may sign now


def test_the_passkey_scripts_speak_indonesian_and_english():
    url = reverse("otp_webauthn:js-i18n-catalog")
    indonesian = Client().get(url)  # the default language
    assert indonesian.status_code == 200
    assert "Mendaftarkan..." in indonesian.content.decode()
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Mendaftarkan" not in english.get(url).content.decode()
