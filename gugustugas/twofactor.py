"""Two-factor login with TOTP (django-otp) or a passkey (``gugustugas.passkeys``), with
recovery codes; and re-authentication (the password, and the second factor where enrolled,
entered again) before signing.

Every user may turn it on; the steps that enact plans, accept submissions of the level
below and submit, approve or sign reports need a session verified with a second factor
when ``TWO_FACTOR_REQUIRED`` is on (production's default): ``gugustugas.access`` raises
``SecondFactorRequired`` for them, and ``SecondFactorMiddleware`` sends the user to the
verification page (or to set-up when there is no device yet), then back.
"""

from __future__ import annotations

import base64
import copy
import secrets

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gugustugas.access import ReauthenticationRequired, SecondFactorRequired
from gugustugas.passkeys import PasskeyNameForm, passkeys_of
from gugustugas.security import (
    PASSWORD_AT,
    SECOND_FACTOR_AT,
    mark_authenticated,
    second_factor_is_fresh,
)

RECOVERY_CODES = 10


class DeviceCodeMixin:
    """``clean_code``: the code typed must verify on one of the user's devices (``devices``
    when given, else every device of ``user``); that device becomes ``device``."""

    user = None
    devices = None
    device = None

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "").strip()
        devices = self.devices if self.devices is not None else devices_for_user(self.user)
        for device in devices:
            if device.verify_token(code):
                self.device = device
                return code
        raise forms.ValidationError(_("This code is not valid. Check the time on your phone."))


class CodeForm(DeviceCodeMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user=None, devices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.devices = devices
        self.device = None


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("dashboard")


def has_recovery_codes(user) -> bool:
    return StaticToken.objects.filter(device__user=user, device__name="recovery").exists()


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ``RECOVERY_CODES`` new single-use ones."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _totp_qr_svg(device: TOTPDevice) -> str:
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#212529")


@login_required
@require_GET
def status(request):
    user = request.user
    has_totp = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    passkeys = list(passkeys_of(user))
    context = {
        "has_totp": has_totp,
        "passkeys": passkeys,
        "has_device": has_totp or bool(passkeys),
        "recovery_left": StaticToken.objects.filter(
            device__user=user, device__name="recovery"
        ).count(),
        "verified": user.is_verified(),
        "name_form": PasskeyNameForm(),
    }
    return render(request, "registration/twofactor_status.html", context)


@login_required
def setup(request):
    """Show a new secret as a QR code; the first valid code confirms it. Replacing an app,
    or adding one beside a passkey, needs a verified session: a password alone may not
    bring its own second factor."""
    if user_has_device(request.user) and not request.user.is_verified():
        raise SecondFactorRequired
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = CodeForm(request.POST or None, user=request.user, devices=[device])
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
            device.confirmed = True
            device.save()
            codes = new_recovery_codes(request.user)
        otp_login(request, device)
        mark_authenticated(request, SECOND_FACTOR_AT)
        messages.success(request, _("Two-factor login is on."))
        return render(
            request,
            "registration/twofactor_codes.html",
            {"codes": codes, "next": _next_url(request)},
        )
    context = {
        "form": form,
        "qr": _totp_qr_svg(device),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": _next_url(request),
    }
    return render(request, "registration/twofactor_setup.html", context)


@login_required
def verify(request):
    """Second step of a login, or before a step that needs it."""
    if not user_has_device(request.user):
        setup_url = f"{reverse('twofactor_setup')}?{urlencode({'next': _next_url(request)})}"
        return render(request, "registration/twofactor_verify.html", {"setup_url": setup_url})
    form = CodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        mark_authenticated(request, SECOND_FACTOR_AT)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.warning(
                request,
                _("You used a recovery code; %(count)d are left.") % {"count": left},
            )
        return redirect(_next_url(request))
    context = {
        "form": form,
        "next": _next_url(request),
        "has_passkeys": passkeys_of(request.user).exists(),
        "has_totp": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
    }
    return render(request, "registration/twofactor_verify.html", context)


@login_required
@require_POST
def recovery_codes(request):
    """New recovery codes (the old ones stop working); needs a verified session."""
    if not request.user.is_verified():
        raise SecondFactorRequired
    codes = new_recovery_codes(request.user)
    return render(
        request,
        "registration/twofactor_codes.html",
        {"codes": codes, "next": reverse("twofactor_status")},
    )


class ReauthenticateForm(DeviceCodeMixin, forms.Form):
    """The password again and, where the user has a device, a code of it; unless the
    second factor is fresh already (a passkey used on this page a moment ago)."""

    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user
        self.device = None
        self.devices = list(devices_for_user(request.user))
        if self.devices and not second_factor_is_fresh(request):
            self.fields["code"] = copy.deepcopy(CodeForm.base_fields["code"])
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_password(self):
        from django.contrib.auth import authenticate

        user = self.request.user
        password = self.cleaned_data["password"]
        # Through the authentication backends, so django-axes counts a wrong password.
        found = authenticate(self.request, username=user.get_username(), password=password)
        if found is None or found.pk != user.pk:
            raise forms.ValidationError(_("This password is not correct."))
        return password


@login_required
def reauthenticate(request):
    """The password (and second factor) again before a step that signs in the user's name."""
    form = ReauthenticateForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        mark_authenticated(request, PASSWORD_AT)
        if form.device is not None:
            otp_login(request, form.device)
            mark_authenticated(request, SECOND_FACTOR_AT)
        messages.success(request, _("Thank you. You may sign now."))
        return redirect(_next_url(request))
    context = {
        "form": form,
        "next": _next_url(request),
        "has_passkeys": "code" in form.fields and passkeys_of(request.user).exists(),
    }
    return render(request, "registration/reauthenticate.html", context)


class SecondFactorMiddleware:
    """A step that needs a second factor sends the user to verify it, then back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ReauthenticationRequired):
            return _to_reauthenticate(request)
        if isinstance(exception, SecondFactorRequired):
            return _to_second_factor(request)
        return None


def _back_url(request) -> str:
    """Where to come back after verifying: the page asked for, or for a POST the page
    it was sent from (when it is one of this site's)."""
    back = (
        request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "")
    )
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("dashboard")
    return back


def _to_reauthenticate(request):
    messages.info(
        request,
        _(
            "Signing is done in your name: enter your password again "
            "(and your second factor, if you use one)."
        ),
    )
    return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': _back_url(request)})}")


def _to_second_factor(request):
    messages.info(
        request,
        _(
            "This step needs your second factor: use your passkey or enter the code "
            "from your authenticator app."
        ),
    )
    page = "twofactor_verify" if user_has_device(request.user) else "twofactor_setup"
    return redirect(f"{reverse(page)}?{urlencode({'next': _back_url(request)})}")
