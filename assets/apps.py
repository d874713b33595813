from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: Topology-sensitive fields: (model label, field, kind, condition).
SENSITIVE_FIELDS = [
    ("assets.scanscope", "networks", "network", None),
    ("assets.scanrun", "nmap_args", "network", None),
    ("assets.scanrun", "hosts", "ip", None),
    ("assets.scanrun", "services", "link", None),
    ("assets.tlsendpoint", "host", "hostname", None),
    ("assets.tlsendpoint", "server_name", "hostname", None),
    ("assets.vulnerabilitymatch", "version", "firmware", None),
    ("assets.asset", "ip_addresses", "ip", None),
    ("assets.asset", "mac_addresses", "mac", None),
    ("assets.asset", "hostnames", "hostname", None),
    ("assets.asset", "version", "firmware", "ot_only"),
    ("assets.zone", "name", "zone", None),
    ("assets.zone", "subnets", "network", None),
    ("assets.site", "address", "site", None),
    ("assets.site", "postcode", "site", None),
    ("assets.site", "latitude", "coordinate", None),
    ("assets.site", "longitude", "coordinate", None),
    ("assets.link", "protocol", "link", None),
    ("assets.link", "port", "link", None),
    ("assets.link", "purpose", "link", None),
    ("assets.conduit", "protocols", "link", None),
]


class AssetsConfig(AppConfig):
    """Inventory, topology and supply chain; declares sensitive fields and the demo seeder."""

    name = "assets"
    verbose_name = _("Assets")

    def ready(self) -> None:
        from assets.procurement.demo import seed_procurement
        from assets.services.demo import seed_inventory
        from assets.services.matching_demo import seed_vulnerabilities
        from assets.services.sbom_demo import seed_sboms
        from bollwerk import demo, sensitivity

        for label, field, kind, condition in SENSITIVE_FIELDS:
            sensitivity.register(label, field, kind, condition=condition)
        demo.register(100, "inventory", seed_inventory)
        demo.register(150, "sboms", seed_sboms)
        demo.register(160, "vulnerabilities", seed_vulnerabilities)
        demo.register(170, "procurement", seed_procurement)  # after the matches: KEV claims
