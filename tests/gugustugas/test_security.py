"""Authentication hardening: the lock-out cannot be turned against someone else, the real
client address behind the proxy counts, Argon2id hashes, the idle timeout, and the log of
authentication events and refused accesses."""

import logging
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from tests.conftest import UserFactory

PASSWORD = "correct-horse-battery"
pytestmark = pytest.mark.django_db


def login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def logged_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("dashboard")


def test_five_wrong_passwords_lock_the_pair_not_the_account_elsewhere():
    UserFactory(username="ketua")
    attacker, owner = Client(), Client()
    for _ in range(5):
        login(attacker, "ketua", "wrong", REMOTE_ADDR="203.0.113.9")
    assert not logged_in(login(attacker, "ketua", PASSWORD, REMOTE_ADDR="203.0.113.9"))
    assert logged_in(login(owner, "ketua", PASSWORD, REMOTE_ADDR="198.51.100.7"))


def test_behind_the_proxy_the_forwarded_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="sekretariat")
    attacker, owner = Client(), Client()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(5):
        login(attacker, "sekretariat", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    # The owner comes through the same proxy from another address: not locked out.
    ok = login(owner, "sekretariat", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert logged_in(ok)
    # A forged header in front of the proxy's own entry does not move the attacker.
    forged = login(
        Client(),
        "sekretariat",
        PASSWORD,
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9",
        **proxy,
    )
    assert not logged_in(forged)


def test_an_address_spraying_many_usernames_is_locked_as_a_whole(settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    UserFactory(username="korban")
    sprayer = Client()
    for number in range(8):
        login(sprayer, f"tebakan{number}", "wrong", REMOTE_ADDR="203.0.113.50")
    assert not logged_in(login(sprayer, "korban", PASSWORD, REMOTE_ADDR="203.0.113.50"))
    assert logged_in(login(Client(), "korban", PASSWORD, REMOTE_ADDR="198.51.100.8"))


def test_an_older_hash_is_upgraded_to_argon2id_at_login(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    user = UserFactory(username="lama")
    user.password = make_password(PASSWORD, hasher="md5")  # an account from before
    user.save()
    assert logged_in(login(Client(), "lama", PASSWORD))
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


def test_an_idle_session_is_logged_out(settings):
    UserFactory(username="pejabat")
    client = Client()
    assert logged_in(login(client, "pejabat", PASSWORD))
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session["_last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_an_active_session_stays(settings):
    UserFactory(username="rajin")
    client = Client()
    login(client, "rajin", PASSWORD)
    session = client.session
    session["_last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT + 120
    session.save()
    assert client.get(reverse("dashboard")).status_code == 200


def test_login_events_and_refusals_are_logged_with_user_path_and_address(caplog):
    UserFactory(username="pengamat")
    client = Client()
    with caplog.at_level(logging.INFO, logger="gugustugas.security"):
        login(client, "pengamat", "wrong", REMOTE_ADDR="203.0.113.77")
        login(client, "pengamat", PASSWORD, REMOTE_ADDR="203.0.113.77")
        client.get(reverse("taskforce_detail", args=[999999]), REMOTE_ADDR="203.0.113.77")
    text = caplog.text
    assert "login failed username=pengamat address=203.0.113.77" in text
    assert "login user=pengamat address=203.0.113.77" in text
    assert "access refused status=404 user=pengamat" in text
    assert "path=/taskforces/999999/" in text or "999999" in text


def test_user_model_is_the_default():
    assert get_user_model()._meta.label == "auth.User"
