"""Platform pages: dashboard, health, organization switcher."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from bollwerk.middleware import ActiveOrganizationMiddleware
from bollwerk.models import Membership
from bollwerk.services.health import health_report


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Machine-readable health: 200 when database, broker and worker heartbeat are fine."""
    report = health_report()
    return JsonResponse(report, status=200 if report["healthy"] else 503)


def dashboard(request):
    return render(request, "bollwerk/dashboard.html", {})


@require_POST
def organization_switch(request):
    org_id = request.POST.get("organization")
    if not Membership.objects.filter(user=request.user, organization_id=org_id).exists():
        raise Http404("no such organization")
    request.session[ActiveOrganizationMiddleware.session_key] = int(org_id)
    target = request.POST.get("next") or reverse("dashboard")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("dashboard")
    return HttpResponseRedirect(target)
