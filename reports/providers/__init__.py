"""The section providers, registered on import (from ``ReportsConfig.ready``).

``base`` registers the organization facts and a "no data yet" placeholder
under every key whose source app has not landed; the modules imported after
it replace placeholders of the same key with real providers. Adding a
source later is one decorated function under the placeholder's key, e.g.
``@register("supply_chain", key="vulnerabilities", order=30)`` in
``supply_chain.py``. ``procurement`` registers a record kind (``reports.records``), no
section.
"""

# ``base`` must come first (its placeholders are replaced by the later modules).
from reports.providers import (  # noqa: F401
    base,
    compliance,
    incidents,
    inventory,
    procurement,
    risk,
    supply_chain,
    vulnerabilities,
)
