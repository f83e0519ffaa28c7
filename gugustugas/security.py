"""Security pieces that sit around every request: the login lock-out, the idle timeout,
the freshness of a login (signing asks for the password again after ``REAUTH_MAX_AGE``),
and the log of authentication events and refused accesses.

Lock-out (django-axes): failures are counted per (username, client address) pair, so an
attacker cannot lock someone else's account out from his own address; an address that
fails ``AXES_ADDRESS_FAILURE_LIMIT`` times across any usernames is locked as a whole
(password spraying). The client address is the real one behind the configured number of
trusted proxies (``TRUSTED_PROXY_COUNT``), never the proxy's own.
"""

from __future__ import annotations

import logging
import time

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Sum
from django.dispatch import receiver
from django.utils import timezone

log = logging.getLogger("gugustugas.security")


class LockoutHandler(AxesDatabaseHandler):
    """The (username, address) pair after ``AXES_FAILURE_LIMIT`` failures; the address
    alone after ``AXES_ADDRESS_FAILURE_LIMIT`` failures over all usernames."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        address = getattr(request, "axes_ip_address", None) or client_address(request)
        attempts = AccessAttempt.objects.filter(ip_address=address)
        cool_off = get_cool_off(request)
        if cool_off:
            attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
        failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
        return failures >= settings.AXES_ADDRESS_FAILURE_LIMIT


def client_address(request) -> str:
    """The client's address as the lock-out and the log see it.

    Behind ``TRUSTED_PROXY_COUNT`` proxies (nginx: ``proxy_add_x_forwarded_for``), each
    trusted proxy appended the address it received the request from, so the client is the
    N-th entry of X-Forwarded-For from the right; whatever a client wrote in front of those
    cannot move it. Without trusted proxies, the connection's own address."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    return entries[-count] if len(entries) >= count else remote


class IdleTimeoutMiddleware:
    """Log out a session that has been idle longer than ``SESSION_IDLE_TIMEOUT`` seconds
    (besides the absolute ``SESSION_COOKIE_AGE``). The last activity is written at most
    once a minute, so reading pages does not write the session on every request."""

    KEY = "_last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY, now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                log.info(
                    "session idle timeout user=%s address=%s",
                    user.username,
                    client_address(request),
                )
                logout(request)
            elif now - last >= 60 or self.KEY not in request.session:
                request.session[self.KEY] = now
        return self.get_response(request)


def log_refusal(request, status: int, task_force=None, reason: str = "") -> None:
    """A refused access (403 or 404 from the access module), with who, where and what."""
    user = getattr(request, "user", None)
    log.warning(
        "access refused status=%s user=%s task_force=%s path=%s method=%s address=%s %s",
        status,
        user.username if user is not None and user.is_authenticated else "-",
        getattr(task_force, "pk", task_force) or "-",
        request.path,
        request.method,
        client_address(request),
        reason,
    )


class RefusalLogMiddleware:
    """Every 403 and 404 answer is logged with the user, the path and the address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404):
            log_refusal(request, response.status_code, getattr(request, "gt_task_force", None))
        return response


# Session keys: when this session last entered the password, and a second factor.
PASSWORD_AT = "_password_at"
SECOND_FACTOR_AT = "_second_factor_at"


def mark_authenticated(request, *keys: str) -> None:
    """The user has just proved ``keys`` (``PASSWORD_AT``, ``SECOND_FACTOR_AT``)."""
    now = int(time.time())
    for key in keys:
        request.session[key] = now


def second_factor_is_fresh(request) -> bool:
    """The second factor was proved within ``REAUTH_MAX_AGE`` seconds."""
    oldest = int(time.time()) - settings.REAUTH_MAX_AGE
    return request.session.get(SECOND_FACTOR_AT, 0) >= oldest


def require_fresh_authentication(request) -> None:
    """Before signing: the password entered within ``REAUTH_MAX_AGE`` seconds, and the
    second factor too where the user has one; else ``ReauthenticationRequired`` (the
    middleware sends the user to enter them, then back)."""
    from django_otp import user_has_device

    from gugustugas.access import ReauthenticationRequired

    oldest = int(time.time()) - settings.REAUTH_MAX_AGE
    if request.session.get(PASSWORD_AT, 0) < oldest:
        raise ReauthenticationRequired
    if user_has_device(request.user) and not second_factor_is_fresh(request):
        raise ReauthenticationRequired


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_authenticated(request, PASSWORD_AT)
    log.info("login user=%s address=%s", user.username, client_address(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log.info("logout user=%s address=%s", user.username, client_address(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    address = client_address(request) if request is not None else "-"
    log.warning("login failed username=%s address=%s", credentials.get("username"), address)
