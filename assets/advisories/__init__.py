"""The instance-wide advisory catalogue: storage, import services, pages and API (issue 6).

The pure engine lives in :mod:`assets.vuln`; this package stores what it parses and rebuilds
its :class:`assets.vuln.Advisory` dataclasses from the database for matching.
"""
