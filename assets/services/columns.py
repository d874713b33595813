"""The column format of asset import and export files (see docs/inventory-import.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    kind: str = "text"  # text, choice, list, bool, date, ref, services
    field: str | None = None  # the Asset field, when it differs from ``name``

    @property
    def attname(self) -> str:
        return self.field or self.name


COLUMNS: tuple[Column, ...] = (
    Column("name", required=True),
    Column("asset_tag"),
    Column("kind", required=True, kind="choice"),
    Column("asset_class", required=True, kind="choice"),
    Column("vendor"),
    Column("product_name"),
    Column("model"),
    Column("version"),
    Column("cpe"),
    Column("purl"),
    Column("site", kind="ref"),
    Column("zone", kind="ref"),
    Column("ip_addresses", kind="list"),
    Column("mac_addresses", kind="list"),
    Column("hostnames", kind="list"),
    Column("owner"),
    Column("supplier", kind="ref"),
    Column("lifecycle", kind="choice"),
    Column("end_of_support", kind="date"),
    Column("remote_access", kind="choice"),
    Column("internet_exposed", kind="bool"),
    Column("confidentiality", kind="choice"),
    Column("integrity", kind="choice"),
    Column("availability", kind="choice"),
    Column("services", kind="services"),
    Column("description"),
)
BY_NAME = {column.name: column for column in COLUMNS}
#: Written by the export, ignored by the import (derived values).
EXPORT_ONLY = ("criticality", "criticality_service")
ALIASES = {
    "tag": "asset_tag",
    "inventory_number": "asset_tag",
    "class": "asset_class",
    "product": "product_name",
    "firmware": "version",
    "firmware_version": "version",
    "software_version": "version",
    "ip": "ip_addresses",
    "ips": "ip_addresses",
    "ip_address": "ip_addresses",
    "mac": "mac_addresses",
    "mac_address": "mac_addresses",
    "hostname": "hostnames",
    "host_names": "hostnames",
    "service": "services",
    "eos": "end_of_support",
}
TRUE_WORDS = {"1", "yes", "y", "true", "x", "ja", "j", "wahr"}
FALSE_WORDS = {"", "0", "no", "n", "false", "nein", "falsch"}


def header_key(raw: str) -> str:
    """A header cell normalised: lower case, spaces and hyphens as underscores, aliases resolved."""
    key = "_".join(str(raw or "").strip().lower().replace("-", " ").split())
    return ALIASES.get(key, key)


def choice_map(choices) -> dict[str, str]:
    """Accepted spellings (value, English and German label, any case) → stored value."""
    mapping: dict[str, str] = {}
    for value, label in choices:
        mapping[value.lower()] = value
        mapping[value.replace("_", " ").lower()] = value
        for language in ("en", "de"):
            with translation.override(language):
                mapping[str(label).strip().lower()] = value
    return mapping
