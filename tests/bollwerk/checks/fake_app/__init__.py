"""A stand-in app whose checks.py registers a check (for the autodiscovery test)."""
