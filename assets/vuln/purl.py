"""Package URLs: parsing, per-ecosystem normalization, OSV ecosystem ↔ purl type, index keys.

Two names for one package must give one :class:`PackageKey`, whatever wrote them (an SBOM
generator, OSV, a CSAF helper). The rules follow the purl spec's type definitions and each
registry's own equivalences:

=========  =====================================================================
pypi       PEP 503: lower-case, runs of ``-``, ``_``, ``.`` become one ``-``
npm        scope and name lower-case (the registry refuses names differing by case)
maven      group and artifact kept as written (Maven coordinates are case-sensitive)
golang     module path kept as written, split at the last ``/`` (case matters in Go)
composer   vendor and name lower-case (Packagist is case-insensitive)
nuget      lower-case (NuGet ids are case-insensitive)
cargo      lower-case, ``_`` → ``-`` (crates.io treats them as one name)
github…    lower-case for github, bitbucket, deb, apk, alpm, hex, pub
=========  =====================================================================
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from packageurl import PackageURL

from assets.vuln.errors import VersionSyntaxError


class PackageKey(NamedTuple):
    """The index key for candidate lookup: normalized purl type, namespace ('' if none), name."""

    type: str
    namespace: str
    name: str

    def __str__(self) -> str:
        path = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"pkg:{self.type}/{path}"


class ParsedPurl(NamedTuple):
    """A parsed purl: its key and the version (None when the purl has none)."""

    key: PackageKey
    version: str | None


# OSV ecosystem → (purl type, fixed namespace for distributions or None).
PURL_BY_ECOSYSTEM: dict[str, tuple[str, str | None]] = {
    "npm": ("npm", None),
    "PyPI": ("pypi", None),
    "Maven": ("maven", None),
    "Go": ("golang", None),
    "Packagist": ("composer", None),
    "NuGet": ("nuget", None),
    "RubyGems": ("gem", None),
    "crates.io": ("cargo", None),
    "Hex": ("hex", None),
    "Pub": ("pub", None),
    "Hackage": ("hackage", None),
    "CRAN": ("cran", None),
    "SwiftURL": ("swift", None),
    "CocoaPods": ("cocoapods", None),
    "ConanCenter": ("conan", None),
    "Bitnami": ("bitnami", None),
    "GitHub Actions": ("github", None),
    "Debian": ("deb", "debian"),
    "Ubuntu": ("deb", "ubuntu"),
    "Alpine": ("apk", "alpine"),
    "Wolfi": ("apk", "wolfi"),
    "Red Hat": ("rpm", "redhat"),
    "Rocky Linux": ("rpm", "rocky-linux"),
    "AlmaLinux": ("rpm", "almalinux"),
    "SUSE": ("rpm", "suse"),
    "openSUSE": ("rpm", "opensuse"),
}
ECOSYSTEM_BY_PURL_TYPE: dict[str, str] = {}
for _eco, (_type, _ns) in PURL_BY_ECOSYSTEM.items():
    ECOSYSTEM_BY_PURL_TYPE.setdefault(_type, _eco)

_LOWER_BOTH = {
    "npm",
    "composer",
    "nuget",
    "github",
    "bitbucket",
    "deb",
    "apk",
    "alpm",
    "hex",
    "pub",
}
_PEP503 = re.compile(r"[-_.]+")


def normalize_key(purl_type: str, namespace: str | None, name: str) -> PackageKey:
    """Apply the per-type rules of the module docstring to one package name."""
    purl_type = purl_type.lower()
    namespace = (namespace or "").strip("/")
    if purl_type == "pypi":
        return PackageKey("pypi", "", _PEP503.sub("-", name).lower())
    if purl_type == "cargo":
        return PackageKey("cargo", "", name.lower().replace("_", "-"))
    if purl_type == "golang":
        path = f"{namespace}/{name}" if namespace else name
        head, _, tail = path.rpartition("/")
        return PackageKey("golang", head, tail)
    if purl_type in _LOWER_BOTH:
        return PackageKey(purl_type, namespace.lower(), name.lower())
    if purl_type == "rpm":
        return PackageKey("rpm", namespace.lower(), name)
    return PackageKey(purl_type, namespace, name)


# The plain shape most SBOM purls have: no qualifiers, subpath or percent-escapes. Such a purl
# splits exactly as the purl spec's parsing algorithm would; anything else goes to packageurl.
_PLAIN = re.compile(
    r"^pkg:([A-Za-z][A-Za-z0-9.+-]*)/([A-Za-z0-9._~/-]+?)(?:@([A-Za-z0-9._~+:-]+))?$"
)


@lru_cache(maxsize=262144)
def parse_purl(text: str) -> ParsedPurl:
    """Parse and normalize a purl string; :class:`VersionSyntaxError` when it is no purl."""
    plain = _PLAIN.match(text)
    if plain and "//" not in plain.group(2) and not plain.group(2).endswith("/"):
        namespace, _, name = plain.group(2).rpartition("/")
        return ParsedPurl(normalize_key(plain.group(1), namespace or None, name), plain.group(3))
    try:
        purl = PackageURL.from_string(text.strip())
    except ValueError as exc:
        raise VersionSyntaxError(f"{text!r} is not a package URL: {exc}") from exc
    key = normalize_key(purl.type, purl.namespace, purl.name)
    return ParsedPurl(key, purl.version or None)


def key_for_osv_package(ecosystem: str, name: str) -> PackageKey | None:
    """The key of an OSV ``affected[].package`` (ecosystem + name); None for unknown ecosystems."""
    base = ecosystem.split(":", 1)[0]
    mapped = PURL_BY_ECOSYSTEM.get(base)
    if mapped is None:
        return None
    purl_type, fixed_namespace = mapped
    if fixed_namespace is not None:
        return normalize_key(purl_type, fixed_namespace, name)
    if purl_type == "maven" and ":" in name:
        group, _, artifact = name.partition(":")
        return normalize_key("maven", group, artifact)
    if purl_type in {"npm", "composer", "golang", "swift", "github"} and "/" in name:
        namespace, _, short = name.rpartition("/")
        return normalize_key(purl_type, namespace, short)
    return normalize_key(purl_type, None, name)


def purl_type_for_ecosystem(ecosystem: str) -> str | None:
    """OSV ecosystem → purl type (``"Go"`` → ``"golang"``), None if unmapped."""
    mapped = PURL_BY_ECOSYSTEM.get(ecosystem.split(":", 1)[0])
    return mapped[0] if mapped else None
