"""Asset import (upload → preview → confirm) and export of the filtered list."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.generic import View

from assets import selectors
from assets.filters import AssetFilter
from assets.forms import ImportForm
from assets.models import Asset
from assets.services.exporting import asset_export
from assets.services.importing import asset_import
from bollwerk.permissions import ADD
from bollwerk.views.mixins import OrgScopedQuerysetMixin

SESSION_KEY = "assets_import_staged"


def _staging_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "import-staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


class AssetImportView(OrgScopedQuerysetMixin, View):
    """Step 1 (GET/POST file): check the file as a dry run and show every bad row.

    A clean file is kept in a staging file named by a random token held in the
    session, so the confirmation imports exactly the previewed bytes.
    """

    model = Asset
    permission_action = ADD
    template_name = "assets/asset_import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ImportForm()})

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        upload = form.cleaned_data["file"]
        data = upload.read()
        result = asset_import(
            org=request.organization, file_name=upload.name, data=data, dry_run=True
        )
        token = None
        if result.ok:
            token = secrets.token_urlsafe(16)
            (_staging_dir() / token).write_bytes(data)
            request.session[SESSION_KEY] = {
                "token": token,
                "name": upload.name,
                "org": request.organization.pk,
            }
        return render(
            request,
            self.template_name,
            {"form": ImportForm(), "result": result, "token": token},
            status=200 if result.ok else 400,
        )


class AssetImportConfirmView(OrgScopedQuerysetMixin, View):
    """Step 2 (POST): import the staged file for real; all rows or none."""

    model = Asset
    permission_action = ADD

    def post(self, request):
        staged = request.session.get(SESSION_KEY)
        token = request.POST.get("token", "")
        if not staged or staged["token"] != token or staged["org"] != request.organization.pk:
            raise Http404("no staged import")
        path = _staging_dir() / staged["token"]
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise Http404("no staged import") from None
        result = asset_import(org=request.organization, file_name=staged["name"], data=data)
        path.unlink(missing_ok=True)
        del request.session[SESSION_KEY]
        if not result.ok:
            return render(
                request,
                "assets/asset_import.html",
                {"form": ImportForm(), "result": result},
                status=400,
            )
        messages.success(
            request,
            ngettext("%(n)s asset was imported.", "%(n)s assets were imported.", result.created)
            % {"n": result.created},
        )
        return redirect("assets:asset-list")


class AssetExportView(OrgScopedQuerysetMixin, View):
    """The asset list with the page's filters, as CSV (default) or XLSX (``?as=xlsx``)."""

    model = Asset

    def get(self, request):
        file_format = request.GET.get("as", "csv")
        if file_format not in ("csv", "xlsx"):
            raise Http404("unknown format")
        assets = AssetFilter(
            request.GET,
            queryset=selectors.asset_export_rows(org=request.organization),
            request=request,
        ).qs
        exported = asset_export(assets=assets, file_format=file_format)
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
        return response
