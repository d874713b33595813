"""Network-scan pages: scopes (list, create, edit, delete), runs (list, detail), upload."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from assets import selectors_scans as selectors
from assets.forms_scans import ScanScopeForm, ScanUploadForm
from assets.models import ScanRun, ScanScope
from assets.services.scans import scan_import, scan_scope_save
from assets.views.crud import PAGE_SIZE
from bollwerk.permissions import ADD, CHANGE, DELETE, role_can
from bollwerk.views.mixins import OrgScopedQuerysetMixin


class ScopeMixin(OrgScopedQuerysetMixin):
    """Views over the organization's scan scopes (group ``check``)."""

    model = ScanScope

    def may(self, action: str) -> bool:
        return role_can(self.request.membership.role, "check", action)


class ScanScopeListView(ScopeMixin, TemplateView):
    """The scopes with their networks, ports and windows, and the latest runs."""

    template_name = "assets/scans/scope_list.html"

    def get_context_data(self, **kwargs):
        org = self.request.organization
        return {
            **super().get_context_data(**kwargs),
            "scopes": selectors.scan_scope_list(org=org),
            "runs": selectors.scan_run_list(org=org)[:10],
            "may_add": self.may(ADD),
            "may_change": self.may(CHANGE),
            "allowed": ", ".join(str(n) for n in _allowed()),
        }


def _allowed():
    from django.conf import settings

    return settings.BOLLWERK_SCAN_ALLOWED


class ScanScopeFormView(ScopeMixin, TemplateView):
    """Create (``pk`` absent) or edit a scope; a network outside the allowed list is refused."""

    template_name = "assets/scans/scope_form.html"

    def required_action(self, request) -> str:
        return CHANGE if "pk" in self.kwargs else ADD

    def get_object(self):
        if "pk" not in self.kwargs:
            return ScanScope(organization=self.request.organization)
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        form = ScanScopeForm(instance=self.get_object(), organization=request.organization)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = ScanScopeForm(
            request.POST, instance=self.get_object(), organization=request.organization
        )
        if form.is_valid():
            try:
                scope = scan_scope_save(scope=form.instance)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Scan scope %(name)s saved.") % {"name": scope.name})
                return redirect("assets:scanscope-list")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ScanScopeDeleteView(ScopeMixin, TemplateView):
    """Delete a scope (its runs stay, without a scope)."""

    template_name = "assets/entity_confirm_delete.html"

    def required_action(self, request) -> str:
        return DELETE

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "object": get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"]),
            "verbose_name": ScanScope._meta.verbose_name,
            "cancel_url": reverse("assets:scanscope-list"),
        }

    def post(self, request, *args, **kwargs):
        scope = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        scope.delete()
        messages.success(request, _("Scan scope %(name)s deleted.") % {"name": scope.name})
        return redirect("assets:scanscope-list")


class RunMixin(OrgScopedQuerysetMixin):
    model = ScanRun


class ScanRunListView(RunMixin, TemplateView):
    """Every scan run, newest first (optionally of one scope)."""

    template_name = "assets/scans/run_list.html"

    def get_context_data(self, **kwargs):
        scope = self.request.GET.get("scope", "")
        runs = selectors.scan_run_list(
            org=self.request.organization, scope_id=int(scope) if scope.isdecimal() else None
        )
        return {
            **super().get_context_data(**kwargs),
            "page": Paginator(runs, PAGE_SIZE).get_page(self.request.GET.get("page")),
            "may_add": role_can(self.request.membership.role, "check", ADD),
        }


class ScanRunDetailView(RunMixin, TemplateView):
    """One run: counts, the hosts with their open ports, and the findings it reported."""

    template_name = "assets/scans/run_detail.html"

    def get_context_data(self, **kwargs):
        try:
            run = selectors.scan_run_get(org=self.request.organization, pk=self.kwargs["pk"])
        except ScanRun.DoesNotExist:
            raise Http404 from None
        return {
            **super().get_context_data(**kwargs),
            "run": run,
            "hosts": Paginator(run.hosts, 200).get_page(self.request.GET.get("page")),
            "findings": selectors.scan_run_findings(run=run)[:500],
        }


class ScanUploadView(RunMixin, TemplateView):
    """Upload an nmap XML file: the same service as ``import_scan``; a bad file stores nothing."""

    template_name = "assets/scans/upload.html"

    def required_action(self, request) -> str:
        return ADD

    def get(self, request, *args, **kwargs):
        form = ScanUploadForm(organization=request.organization)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = ScanUploadForm(request.POST, request.FILES, organization=request.organization)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                run = scan_import(
                    org=request.organization,
                    data=upload.read(),
                    file_name=upload.name,
                    scope=form.cleaned_data["scope"],
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                messages.success(
                    request,
                    _("Imported %(hosts)d hosts, %(findings)d findings.")
                    % {"hosts": run.hosts_up, "findings": run.counts.get("findings", 0)},
                )
                return redirect("assets:scanrun-detail", pk=run.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
