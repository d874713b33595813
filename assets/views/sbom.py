"""SBOM pages: list, upload, one SBOM with its components, a component's dependency tree
(an htmx partial), the diff of two SBOMs of a product, the original file, the product page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from assets import selectors_sbom as selectors
from assets.forms_sbom import SbomCompareForm, SbomUploadForm
from assets.models import Product, Sbom, SbomComponent, Supplier
from assets.sbom import SbomError
from assets.services.sbom import sbom_import
from assets.services.sbom_diff import sbom_diff
from assets.views.crud import PAGE_SIZE, querystring
from bollwerk.permissions import ADD, VIEW, role_can
from bollwerk.views.mixins import OrgScopedQuerysetMixin

COMPONENT_PAGE_SIZE = 100


class SbomMixin(OrgScopedQuerysetMixin):
    """Views over the organization's SBOMs (group ``supply_chain``)."""

    model = Sbom

    def get_sbom(self) -> Sbom:
        try:
            return selectors.sbom_get(org=self.request.organization, pk=self.kwargs["pk"])
        except Sbom.DoesNotExist:
            raise Http404 from None

    def may_add(self) -> bool:
        return role_can(self.request.membership.role, "supply_chain", ADD)


class SbomListView(SbomMixin, TemplateView):
    """Every SBOM, newest first: by supplier/product text, standard, current only."""

    template_name = "assets/sbom/sbom_list.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        queryset = selectors.sbom_list(org=self.request.organization)
        q = params.get("q", "").strip()
        if q:
            queryset = queryset.filter(
                Q(product__name__icontains=q)
                | Q(product__supplier__name__icontains=q)
                | Q(file_name__icontains=q)
            )
        if params.get("kind") in Sbom.Kind.values:
            queryset = queryset.filter(kind=params["kind"])
        if params.get("supplier", "").isdecimal():
            queryset = queryset.filter(product__supplier_id=int(params["supplier"]))
        if params.get("product", "").isdecimal():
            queryset = queryset.filter(product_id=int(params["product"]))
        if params.get("current"):
            queryset = queryset.filter(superseded_by__isnull=True)
        page = Paginator(queryset, PAGE_SIZE).get_page(params.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "page": page,
            "params": params,
            "kinds": Sbom.Kind.choices,
            "suppliers": Supplier.objects.for_org(self.request.organization).order_by("name"),
            "query": querystring(params),
            "may_add": self.may_add(),
        }


class SbomUploadView(SbomMixin, TemplateView):
    """The upload form (procurement and security officers); refusals re-render it, storing nothing."""

    template_name = "assets/sbom/sbom_upload.html"

    def required_action(self, request) -> str:
        return ADD

    def get(self, request, *args, **kwargs):
        initial = {}
        if request.GET.get("product", "").isdecimal():
            initial["product"] = int(request.GET["product"])
        form = SbomUploadForm(organization=request.organization, initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = SbomUploadForm(request.POST, request.FILES, organization=request.organization)
        if form.is_valid():
            try:
                sbom = sbom_import(
                    org=request.organization,
                    file=form.cleaned_data["file"],
                    **form.import_arguments(),
                )
            except SbomError as exc:
                form.add_error("file", str(exc))
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Imported %(n)s components for %(product)s.")
                    % {"n": sbom.component_count, "product": sbom.product},
                )
                return redirect("assets:sbom-detail", pk=sbom.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _add_errors(form, exc: ValidationError) -> None:
    fields = {"supplier": "supplier", "product": "product_name", "assets": "assets"}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, messages_ in exc.message_dict.items():
        form.add_error(fields.get(name) if fields.get(name) in form.fields else None, messages_)


class SbomDetailView(SbomMixin, TemplateView):
    """One SBOM: metadata, quality and what is missing, validation errors, declared
    vulnerabilities and the searchable, filterable, paginated component table."""

    template_name = "assets/sbom/sbom_detail.html"

    def get_context_data(self, **kwargs):
        sbom = self.get_sbom()
        params = self.request.GET
        has_purl = {"1": True, "0": False}.get(params.get("has_purl", ""))
        components = selectors.sbom_component_list(
            sbom=sbom,
            q=params.get("q", "").strip(),
            type=params.get("type", ""),
            scope=params.get("scope", ""),
            has_purl=has_purl,
        ).select_related("parent")
        page = Paginator(components, COMPONENT_PAGE_SIZE).get_page(params.get("page"))
        criteria = sbom.quality_report.get("criteria", {})
        return {
            **super().get_context_data(**kwargs),
            "sbom": sbom,
            "page": page,
            "params": params,
            "facets": selectors.sbom_component_facets(sbom=sbom),
            "query": querystring(params),
            "criteria": [(key, value) for key, value in criteria.items()],
            "vulnerabilities": selectors.sbom_vulnerability_list(sbom=sbom),
            "versions": selectors.sbom_versions(sbom=sbom).exclude(pk=sbom.pk)[:20],
            "may_add": self.may_add(),
        }


class SbomComponentTreeView(OrgScopedQuerysetMixin, TemplateView):
    """A component's nested children, dependencies and dependents (loaded on demand by htmx)."""

    model = SbomComponent
    template_name = "assets/sbom/partials/_component_tree.html"

    def get_context_data(self, **kwargs):
        try:
            component = selectors.sbom_component_get(
                org=self.request.organization, pk=self.kwargs["pk"]
            )
        except SbomComponent.DoesNotExist:
            raise Http404 from None
        return {
            **super().get_context_data(**kwargs),
            "component": component,
            **selectors.component_tree(component=component),
        }


class SbomDiffView(SbomMixin, TemplateView):
    """Pick two SBOMs of the product line (any versions) and see what changed between them."""

    template_name = "assets/sbom/sbom_diff.html"

    def get_context_data(self, **kwargs):
        sbom = self.get_sbom()
        versions = selectors.sbom_versions(sbom=sbom)
        data = self.request.GET if "other" in self.request.GET else None
        if data is not None and "base" not in data:
            data = data.copy()
            data["base"] = sbom.pk
        form = SbomCompareForm(data, versions=versions, initial={"base": sbom.pk})
        diff = None
        if form.is_valid():
            diff = sbom_diff(base=form.cleaned_data["base"], other=form.cleaned_data["other"])
        return {**super().get_context_data(**kwargs), "sbom": sbom, "form": form, "diff": diff}


class SbomDownloadView(SbomMixin, View):
    """The original file, byte for byte."""

    def get(self, request, *args, **kwargs):
        sbom = get_object_or_404(Sbom.objects.for_org(request.organization), pk=kwargs["pk"])
        return FileResponse(sbom.file.open("rb"), as_attachment=True, filename=sbom.file_name)


class ProductDetailView(OrgScopedQuerysetMixin, TemplateView):
    """A product: its SBOMs (current one first), the assets that run it, its VEX download."""

    model = Product
    template_name = "assets/sbom/product_detail.html"

    def get_context_data(self, **kwargs):
        product = get_object_or_404(
            Product.objects.for_org(self.request.organization).select_related("supplier"),
            pk=self.kwargs["pk"],
        )
        return {
            **super().get_context_data(**kwargs),
            "product": product,
            "sboms": selectors.product_sboms(product=product),
            "assets": selectors.product_assets(product=product),
            "may_add": role_can(self.request.membership.role, "supply_chain", ADD),
            "upload_url": reverse("assets:sbom-upload") + f"?product={product.pk}",
            "vex_url": reverse("assets:vulnerability-vex") + f"?product={product.pk}"
            if role_can(self.request.membership.role, "vulnerability", VIEW)
            else "",
        }
