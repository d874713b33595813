"""Members, personal API tokens and (for platform administrators) organizations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bollwerk import selectors
from bollwerk.forms import MemberAddForm, MemberRoleForm, OrganizationCreateForm, TokenIssueForm
from bollwerk.models import ApiToken, Membership, Role
from bollwerk.permissions import ADD, CHANGE, DELETE, VIEW, role_can
from bollwerk.services import tenancy, tokens
from bollwerk.views.decorators import requires


def _invite(request, user) -> None:
    """Send a set-password link (Django's password-reset token) to a new member."""
    if user.has_usable_password():
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = request.build_absolute_uri(
        reverse(
            "password-set",
            kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)},
        )
    )
    send_mail(
        _("Your Bollwerk account"),
        _("You have been given access to Bollwerk. Set your password here: %(link)s")
        % {"link": link},
        None,
        [user.email],
    )


@requires("membership", write_action=ADD)
def members(request):
    org = request.organization
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = tenancy.member_add(organization=org, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _invite(request, membership.user)
            messages.success(request, _("%(email)s was added.") % {"email": membership.user.email})
            return redirect("members")
    return render(
        request,
        "bollwerk/members.html",
        {
            "members": selectors.member_list(org=org),
            "form": form,
            "roles": Role.choices,
        },
    )


@require_POST
@requires("membership", CHANGE, model=Membership)
def member_change(request, pk: int):
    membership = get_object_or_404(Membership, pk=pk, organization=request.organization)
    if "remove" in request.POST:
        if not role_can(request.membership.role, "membership", DELETE):
            raise PermissionDenied
        if membership.user_id == request.user.pk:
            messages.error(request, _("You cannot remove yourself."))
        else:
            tenancy.member_remove(membership=membership)
        return redirect("members")
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        tenancy.member_add(
            organization=request.organization,
            email=membership.user.email,
            role=form.cleaned_data["role"],
        )
    return redirect("members")


@requires("organization", VIEW)
def api_tokens(request):
    """A member's own tokens for the active organization (every role has its own)."""
    org = request.organization
    form = TokenIssueForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = tokens.token_issue(
            user=request.user,
            organization=org,
            name=form.cleaned_data["name"],
            expires_days=form.cleaned_data["expires_days"],
        )
        form = TokenIssueForm()
    return render(
        request,
        "bollwerk/api_tokens.html",
        {
            "tokens": selectors.token_list(user=request.user, org=org),
            "form": form,
            "issued": issued.clear if issued else None,
        },
    )


@require_POST
@requires("organization", VIEW, model=ApiToken)
def api_token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, organization=request.organization)
    tokens.token_revoke(token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("api-tokens")


def platform_organizations(request):
    """Platform administrators create tenants and invite their first security officer."""
    if not request.user.is_staff:
        raise PermissionDenied
    form = OrganizationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = tenancy.organization_create(
                slug=data["slug"],
                name=data["name"],
                sectors=data["sectors"],
                legal_form=data["legal_form"] or "",
            )
            membership = tenancy.member_add(
                organization=org, email=data["officer_email"], role=Role.SECURITY_OFFICER
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _invite(request, membership.user)
            messages.success(request, _("%(name)s was created.") % {"name": org.name})
            return redirect("platform-organizations")
    return render(
        request,
        "bollwerk/platform_organizations.html",
        {
            "organizations": selectors.organization_overview(),
            "form": form,
        },
    )
