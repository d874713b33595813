"""Every URL and API endpoint: another organization's objects are 404; roles get exactly the map.

The routes come from the URL resolver (and so include every API endpoint the
schema documents), never from a hand list.
"""

import pytest
from drf_spectacular.generators import SchemaGenerator

from bollwerk.models import Role
from bollwerk.permissions import ADD, VIEW, role_can
from tests.scoping import all_routes, keyed_routes, make_object

pytestmark = pytest.mark.django_db

KEYED = keyed_routes()
UNKEYED = [r for r in all_routes() if not r.kwargs and not r.is_api and r.permission_group]
API_LISTS = [r for r in all_routes() if r.is_api and not r.kwargs and r.view_class is not None]


def test_every_route_is_named_and_every_keyed_route_declares_the_model_it_scopes():
    assert [r.route for r in all_routes() if r.name is None] == []
    assert [str(r) for r in KEYED if r.scoped_model is None] == []


def test_the_schema_and_the_resolver_list_the_same_api_endpoints():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = set(schema["paths"])
    routed = {r.path(placeholder=True) for r in all_routes() if r.is_api}
    assert routed == documented


@pytest.mark.parametrize("route", KEYED, ids=str)
def test_another_organizations_object_is_404_in_the_ui_and_the_api(
    route, org, other_org, officer, client_for, api_client_for
):
    foreign = make_object(route.scoped_model, other_org)
    path = route.path(foreign)
    if route.is_api:
        api = api_client_for(officer)
        statuses = {
            m: getattr(api, m)(path, {}, format="json").status_code
            for m in ("get", "put", "patch", "delete")
        }
    else:
        client = client_for(officer)
        statuses = {m: getattr(client, m)(path).status_code for m in ("get", "post")}
    assert set(statuses.values()) <= {404, 405}, statuses
    assert 404 in statuses.values(), statuses
    assert type(foreign).objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("route", UNKEYED, ids=str)
def test_each_role_can_open_exactly_the_pages_the_map_allows(route, role, member, client_for):
    response = client_for(member(role)).get(route.path())
    allowed = role_can(role, route.permission_group, route.action_for_get())
    # An allowed role reaches the view: 200, or 405 where the page only takes POST.
    assert response.status_code in ({200, 405} if allowed else {403}), response.status_code


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("route", API_LISTS, ids=str)
def test_each_role_can_use_exactly_the_endpoints_the_map_allows(
    route, role, member, api_client_for
):
    api = api_client_for(member(role))
    path = route.path()
    group = route.permission_group
    actions = getattr(route.callback, "actions", None) or {"get": "get"}
    if "get" in actions:
        read = api.get(path)
        assert read.status_code == (200 if group is None or role_can(role, group, VIEW) else 403)
    if "post" in actions:
        write = api.post(path, {}, format="json")
        needed = route.permission_action or ADD
        may_write = group is None or role_can(role, group, needed)
        assert (write.status_code == 403) is (not may_write), write.status_code
