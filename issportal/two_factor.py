"""Staff two-factor sign-in: an authenticator app (TOTP) with recovery codes, via django-otp.

Publishers and superusers must use it (``REQUIRE_TWO_FACTOR``); every other member of staff
may turn it on. Whoever has it set up gives a code at sign-in, after the password: six
digits from the app, or one of their recovery codes (each works once). Wrong codes are
throttled per device by django-otp, and each also counts as a failed login for the lockout.
"""

import segno
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def must_use_two_factor(user):
    """Those who can put content live or do anything: superusers and Publishers."""
    return settings.REQUIRE_TWO_FACTOR and (
        user.is_superuser
        or user.has_perm("news.publish_article")
        or user.has_perm("media_gallery.publish_gallery")
    )


def needs_second_factor(request):
    """Staff signed in with a password only, where a second factor is required."""
    user = request.user
    return user.is_authenticated and must_use_two_factor(user) and not user.is_verified()


def app_device(user, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def check_code(user, code):
    """The device that accepts ``code`` for ``user`` and an error message, one of them None.

    Six digits are a code from the app; anything else is taken as a recovery code.
    """
    code = "".join(code.split()).lower()
    device = app_device(user) if code.isdigit() and len(code) == 6 else recovery_device(user)
    if device is None:
        return None, WRONG_CODE
    error = verify(device, code)
    return (None, error) if error else (device, None)


WRONG_CODE = "That code is not right. Try again, or use a recovery code."


def verify(device, code):
    """None if ``device`` accepts ``code``, else why not. Wrong codes slow the next try."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return "Too many wrong codes. Wait a minute and try again."
    if not device.verify_token("".join(code.split()).lower()):
        return WRONG_CODE
    return None


def new_recovery_codes(user):
    """Replace the user's recovery codes with new ones; return them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def qr_code_data_uri(device):
    """The device's otpauth:// address as a QR code, an SVG data URI (the CSP allows data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_for_typing(device):
    """The secret in base32, in groups of four, for apps that cannot read the QR code."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_app(request, device):
    """The code was right: the app is set up, the session is verified, codes are made."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    return new_recovery_codes(device.user)


def turn_off(user):
    for device in devices_for_user(user, confirmed=None):
        device.delete()


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            max_length=32,
            widget=forms.TextInput(
                attrs={"autocomplete": "one-time-code", "spellcheck": "false", "size": 12}
            ),
            **kwargs,
        )


class TwoFactorLoginForm(AdminAuthenticationForm):
    """The admin's login form with a code field, asked of those who have set up two-factor."""

    otp_token = CodeField(
        label="Two-factor code",
        required=False,
        help_text="Six digits from your authenticator app, or a recovery code. Leave it "
        "empty if you have not set up two-factor sign-in.",
    )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user_has_device(user):
            return
        code = self.cleaned_data.get("otp_token", "")
        if not code.strip():
            raise forms.ValidationError(
                "Enter the code from your authenticator app, or a recovery code.",
                code="otp_required",
            )
        device, error = check_code(user, code)
        if device is None:
            # A wrong code counts as a failed login, for the lockout (django-axes).
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise forms.ValidationError(error, code="otp_invalid")
        # django-otp marks the session verified when the login completes.
        user.otp_device = device


class CodeForm(forms.Form):
    code = CodeField(label="Code from the app")
