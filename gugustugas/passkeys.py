"""Passkeys (WebAuthn, django-otp-webauthn): the second kind of second factor, beside TOTP.

A passkey is a django-otp device (``WebAuthnCredential``), so everything that asks
"does this user have a second factor / is this session verified" (``user_has_device``,
``user.is_verified()``, ``gugustugas.access.require_second_factor``) counts it like an
authenticator app. It is never a password-less login (``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN``
is off): the user logs in with the password, then verifies with a passkey on the
verification page, or before signing on the re-authentication page.

The library's four JSON endpoints do the ceremonies; they are mounted here under the
library's namespace (``otp_webauthn``, whose names its template tags reverse) with three
changes: they answer only a logged-in user (anyone else goes to the login page, like every
other page), a verified passkey counts as a fresh second factor for signing
(``SECOND_FACTOR_AT``), and the one message a user may read is ours, in both languages.
Its JavaScript is served as a static file (no inline script, as the CSP demands); ours,
``static/js/passkeys.js``, names a passkey once it is registered.

The user's own passkeys are listed on the two-factor page; naming and removing one look it
up among the user's own only (another user's is 404).
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn
from django_otp_webauthn.models import WebAuthnCredential

from gugustugas.access import SecondFactorRequired
from gugustugas.security import SECOND_FACTOR_AT, mark_authenticated


def passkeys_of(user):
    return WebAuthnCredential.objects.filter(user=user).order_by("created_at", "pk")


def _mark_verified(response, request):
    if response.status_code == 200:
        mark_authenticated(request, SECOND_FACTOR_AT)
    return response


@method_decorator(login_required, name="dispatch")
class BeginRegistration(webauthn.BeginCredentialRegistrationView):
    messages = {
        "user_not_verified": gettext_lazy(
            "Verify this session with your second factor first; then you may add a passkey."
        )
    }


@method_decorator(login_required, name="dispatch")
class CompleteRegistration(webauthn.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = _mark_verified(super().post(*args, **kwargs), self.request)
        if response.status_code == 200:
            # A name until the user gives one (passkeys.js asks right away).
            passkey = passkeys_of(self.request.user).get(pk=json.loads(response.content)["id"])
            passkey.name = default_name(passkey)
            passkey.save(update_fields=["name"])
        return response


@method_decorator(login_required, name="dispatch")
class BeginAuthentication(webauthn.BeginCredentialAuthenticationView):
    pass


@method_decorator(login_required, name="dispatch")
class CompleteAuthentication(webauthn.CompleteCredentialAuthenticationView):
    def post(self, *args, **kwargs):
        return _mark_verified(super().post(*args, **kwargs), self.request)


# The library's URL names, in its namespace: its template tags reverse them.
webauthn_urls = [
    path("registration/begin/", BeginRegistration.as_view(), name="credential-registration-begin"),
    path(
        "registration/complete/",
        CompleteRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        BeginAuthentication.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
    # Its scripts' messages; Indonesian from locale/id/LC_MESSAGES/djangojs.po.
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]


class PasskeyNameForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the passkey"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("So you can tell your passkeys apart, e.g. “Office laptop”."),
    )


def default_name(passkey: WebAuthnCredential) -> str:
    when = date_format(timezone.localtime(passkey.created_at), "j F Y")
    return _("Passkey of %(date)s") % {"date": when}


@login_required
@require_POST
def passkey_name(request, pk):
    """Name a passkey of one's own (right after registering it, from passkeys.js). The
    first second factor of a user also brings the recovery codes, shown once."""
    from gugustugas.twofactor import has_recovery_codes, new_recovery_codes

    passkey = get_object_or_404(passkeys_of(request.user), pk=pk)
    form = PasskeyNameForm(request.POST)
    name = form.cleaned_data["name"].strip() if form.is_valid() else ""
    passkey.name = name or passkey.name or default_name(passkey)
    passkey.save(update_fields=["name"])
    messages.success(request, _("The passkey “%(name)s” was saved.") % {"name": passkey.name})
    if has_recovery_codes(request.user):
        return redirect("twofactor_status")
    codes = new_recovery_codes(request.user)
    context = {"codes": codes, "next": reverse("twofactor_status")}
    return render(request, "registration/twofactor_codes.html", context)


@login_required
@require_POST
def passkey_remove(request, pk):
    """Remove a passkey of one's own; in a session verified with a second factor only, so
    a stolen password cannot take a second factor away."""
    passkey = get_object_or_404(passkeys_of(request.user), pk=pk)
    if not request.user.is_verified():
        raise SecondFactorRequired
    with transaction.atomic():
        passkey.delete()
    messages.success(request, _("The passkey “%(name)s” was removed.") % {"name": passkey.name})
    return redirect("twofactor_status")
