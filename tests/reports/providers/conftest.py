"""Fixtures of the provider tests: a small seeded demo organization and section helpers."""

from __future__ import annotations

import contextlib
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from bollwerk.models import Organization
from reports.services.document import report_content_build


def seed_demo(slug: str = "musterstadt", assets: int = 40) -> Organization:
    """``seed_demo`` for a small organization (its JSON line swallowed)."""
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("seed_demo", org=slug, assets=assets, components=0, seed=1, json=True)
    return Organization.objects.get(slug=slug)


@pytest.fixture
def demo_org(db):
    return seed_demo()


def build(org, report_type: str, audience: str = "internal", language: str = "en"):
    """The (redacted) sections of a report, by key."""
    content = report_content_build(
        organization=org,
        report_type=report_type,
        audience=audience,
        language=language,
        as_of=timezone.now(),
        cover={},
    )
    return {s.key: s for s in content.sections}


def table(section, index: int = 0):
    """The ``index``-th table of a section."""
    from reports.sections import Table

    return [b for b in section.blocks if isinstance(b, Table)][index]


def flat(value) -> list[str]:
    """A cell's items as strings (lists and tagged values unwrapped)."""
    from reports.sections import Tagged

    if isinstance(value, Tagged):
        return flat(value.value)
    if isinstance(value, list | tuple):
        return [x for item in value for x in flat(item)]
    return [] if value in (None, "") else [str(value)]
