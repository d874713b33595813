"""Enumerates every URL of the project and makes objects for any org-scoped model.

The cross-organization and role-matrix tests walk the URL resolver and the
OpenAPI schema, so a new view is covered without editing a hand list. A view
whose URL carries an object key must say which model it scopes
(``@requires(..., model=M)``, a class-based view's ``model``, or a viewset's
``queryset``); every such model needs a ``<Model>Factory`` in
``tests/<app>/factories.py`` (or a maker below).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from bollwerk.models import ApiToken, AuditEvent, Membership
from bollwerk.services.audit import audit_record
from bollwerk.services.tokens import token_issue
from tests.factories import MembershipFactory

#: URL names that carry keys that are not org-scoped objects.
UNSCOPED_URL_NAMES = {"password-set", "set_language", "api-schema", "api-docs"}
UNSCOPED_PREFIXES = ("admin/", "i18n/", "static/")
#: Keyed URLs of instance-wide catalogues (advisories are shared by all organizations, so a
#: key is never another organization's object); they stay in the schema check, and their
#: login/membership/role checks are tested in tests/assets/advisories.
INSTANCE_WIDE_URL_NAMES = {
    "assets:advisory-detail",
    "assets:advisory-raw",
    "advisory-detail",
}


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    callback: object
    kwargs: tuple[str, ...]

    def __str__(self) -> str:
        return self.name or self.route

    def path(self, obj=None, placeholder: str | None = None) -> str:
        """The concrete URL, every key set to ``obj.pk`` (or ``{key}`` placeholders)."""
        from urllib.parse import unquote

        from django.urls import reverse

        if placeholder:
            kwargs = {k: "{" + ("id" if k == "pk" else k) + "}" for k in self.kwargs}
        else:
            kwargs = dict.fromkeys(self.kwargs, obj.pk) if self.kwargs else {}
        return unquote(reverse(self.name, kwargs=kwargs))

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)

    def _view_attr(self, name: str):
        """An attribute of the view: the function's, or the class-based view's as
        configured by ``as_view(**initkwargs)`` (properties evaluated on an instance)."""
        if hasattr(self.callback, name):
            return getattr(self.callback, name)
        cls = self.view_class
        if cls is None:
            return None
        if isinstance(getattr(cls, name, None), property):
            instance = cls(**getattr(self.callback, "view_initkwargs", None) or {})
            return getattr(instance, name, None)
        return getattr(cls, name, None)

    @property
    def scoped_model(self):
        model = getattr(self.callback, "scoped_model", None)
        if model is not None:
            return model
        queryset = self._view_attr("queryset")
        if queryset is not None:
            return queryset.model
        return self._view_attr("model")

    @property
    def permission_group(self) -> str | None:
        group = self._view_attr("permission_group")
        if group is None and self.scoped_model is not None:
            group = getattr(self.scoped_model, "permission_group", None)
        return group

    @property
    def permission_action(self) -> str | None:
        return self._view_attr("permission_action")

    def action_for_get(self) -> str:
        """The action the view demands for a GET, asking its ``required_action`` if it has one."""
        cls = self.view_class
        if cls is not None and hasattr(cls, "required_action"):
            from django.test import RequestFactory

            view = cls(**getattr(self.callback, "view_initkwargs", None) or {})
            view.kwargs = {}
            return view.required_action(RequestFactory().get("/"))
        return self.permission_action or "view"


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield Route(
                route=route.replace("^", "").replace("$", ""),
                name=name,
                callback=pattern.callback,
                kwargs=tuple(pattern.pattern.regex.groupindex),
            )


def all_routes() -> list[Route]:
    routes = []
    for route in _walk(get_resolver().url_patterns):
        if route.route.startswith(UNSCOPED_PREFIXES) or route.name in UNSCOPED_URL_NAMES:
            continue
        if "format" in route.kwargs:  # DRF format-suffix duplicates
            continue
        routes.append(route)
    return routes


def keyed_routes() -> list[Route]:
    return [r for r in all_routes() if r.kwargs and r.name not in INSTANCE_WIDE_URL_NAMES]


def _token(org):
    user = MembershipFactory(organization=org).user
    return token_issue(user=user, organization=org).token


def _audit_event(org):
    return audit_record(
        action=AuditEvent.Action.OTHER,
        organization=org,
        object_type="test",
        object_repr="someone else's event",
    )


MAKERS = {
    Membership: lambda org: MembershipFactory(organization=org),
    ApiToken: _token,
    AuditEvent: _audit_event,
}


def make_object(model, org):
    """An instance of ``model`` belonging to ``org``, from MAKERS or the app's factories."""
    if model in MAKERS:
        return MAKERS[model](org)
    module = importlib.import_module(f"tests.{model._meta.app_label}.factories")
    factory = getattr(module, "FACTORIES", {}).get(model) or getattr(
        module, f"{model.__name__}Factory", None
    )
    if factory is None:
        raise AssertionError(
            f"add {model.__name__}Factory to tests/{model._meta.app_label}/factories.py"
        )
    return factory(organization=org)
