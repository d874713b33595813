"""Models of the compliance app (the lead moves these imports into models/__init__.py)."""

from compliance.incidents.models import *  # noqa: F403
