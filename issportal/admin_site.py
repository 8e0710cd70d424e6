"""The admin site: Django's, with two-factor sign-in for staff (issportal/two_factor.py)."""

from functools import wraps

from django.contrib import admin
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login

from . import two_factor


class IssPortalAdminSite(admin.AdminSite):
    site_header = "ISS Portal administration"
    site_title = "ISS Portal admin"
    index_title = "Station history, news and images"
    login_form = two_factor.TwoFactorLoginForm
    login_template = "admin/two_factor_login.html"

    def admin_view(self, view, cacheable=False):
        """Staff who must use two-factor and signed in without it may only set it up."""
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if two_factor.needs_second_factor(request) and request.user.is_staff:
                return redirect("admin:two_factor")
            return inner(request, *args, **kwargs)

        return wrapper

    def get_urls(self):
        two_factor_view = super().admin_view(csrf_protect(never_cache(self.two_factor_view)))
        return [path("two-factor/", two_factor_view, name="two_factor"), *super().get_urls()]

    def two_factor_view(self, request):
        """Set up, confirm, renew or turn off two-factor sign-in for the signed-in user."""
        user = request.user
        action = request.POST.get("action") if request.method == "POST" else None
        context = {
            **self.each_context(request),
            "title": "Two-factor sign-in",
            "required": two_factor.must_use_two_factor(user),
            "form": two_factor.CodeForm(request.POST if action in {"confirm", "verify"} else None),
        }
        template = "admin/two_factor.html"

        if user.is_verified():
            if action == "renew":
                context["recovery_codes"] = two_factor.new_recovery_codes(user)
            elif action == "turn_off" and not context["required"]:
                two_factor.turn_off(user)
                messages.success(request, "Two-factor sign-in is off.")
                return redirect("admin:two_factor")
            context["state"] = "on"
            device = two_factor.recovery_device(user)
            context["codes_left"] = device.token_set.count() if device else 0
        elif two_factor.app_device(user) is not None:
            # Set up, but this session signed in without it (or before it was required).
            context["state"] = "verify"
            if action == "verify" and context["form"].is_valid():
                device, error = two_factor.check_code(user, context["form"].cleaned_data["code"])
                if device is not None:
                    otp_login(request, device)
                    return redirect(request.GET.get("next") or reverse("admin:index"))
                context["form"].add_error("code", error)
        else:
            device = two_factor.app_device(user, confirmed=False)
            if device is None:
                device = user.totpdevice_set.create(
                    name=two_factor.APP_DEVICE_NAME, confirmed=False
                )
            if action == "confirm" and context["form"].is_valid():
                error = two_factor.verify(device, context["form"].cleaned_data["code"])
                if error is None:
                    context["recovery_codes"] = two_factor.confirm_app(request, device)
                    context["state"] = "on"
                    context["codes_left"] = len(context["recovery_codes"])
                    return TemplateResponse(request, template, context)
                context["form"].add_error("code", error)
            context["state"] = "set_up"
            context["qr_code"] = two_factor.qr_code_data_uri(device)
            context["secret"] = two_factor.secret_for_typing(device)
        return TemplateResponse(request, template, context)
