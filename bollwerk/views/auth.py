"""Login with a mandatory second factor (TOTP or recovery code)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from bollwerk.services import mfa
from bollwerk.services.webauthn import webauthn_credentials


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = False


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}
        ),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def mfa_setup(request):
    """Enrol an authenticator app: scan the QR code, confirm with one code, keep recovery codes."""
    if request.user.is_verified() or mfa.user_has_device(request.user):
        return redirect("mfa-verify" if not request.user.is_verified() else "dashboard")
    device = mfa.totp_pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.totp_confirm(request=request, device=device, token=form.cleaned_data["code"])
        if codes is not None:
            return render(
                request,
                "registration/mfa_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error(
            "code", _("This code is not valid. Check the time on your phone and try again.")
        )
    return render(
        request,
        "registration/mfa_setup.html",
        {
            "form": form,
            "qr_svg": mfa.totp_qr_svg(device),
            "secret": mfa.totp_secret_base32(device),
            "config_url": device.config_url,
            "next": _next_url(request),
        },
    )


def mfa_verify(request):
    """The second step of login: a code from the authenticator app or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not mfa.user_has_device(request.user):
        return redirect("mfa-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.second_factor_verify(request=request, token=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", _("This code is not valid."))
    return render(
        request,
        "registration/mfa_verify.html",
        {
            "form": form,
            "next": _next_url(request),
            "has_security_key": webauthn_credentials(request.user).exists(),
        },
    )


@method_decorator(login_not_required, name="dispatch")
class PasswordSetView(auth_views.PasswordResetConfirmView):
    """An invited member sets a password from the link in the invitation e-mail."""

    template_name = "registration/password_set.html"
    success_url = "/login/"
    post_reset_login = False


def account_security(request):
    """The user's second factors: authenticator app, security keys, recovery codes."""
    from django.contrib import messages
    from django_otp.plugins.otp_static.models import StaticToken

    codes = None
    if request.method == "POST":
        if "regenerate_codes" in request.POST:
            codes = mfa.recovery_codes_regenerate(user=request.user)
        elif "remove_key" in request.POST:
            removed = mfa.security_key_remove(user=request.user, pk=request.POST.get("remove_key"))
            if removed:
                messages.success(request, _("The security key was removed."))
            else:
                messages.error(
                    request, _("This key cannot be removed: keep at least one other second factor.")
                )
            return redirect("account-security")
    return render(
        request,
        "registration/account_security.html",
        {
            "totp_devices": mfa.totp_devices(request.user),
            "security_keys": webauthn_credentials(request.user),
            "recovery_codes_left": StaticToken.objects.filter(device__user=request.user).count(),
            "new_codes": codes,
        },
    )
