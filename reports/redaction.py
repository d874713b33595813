"""The Redactor: sensitive values → stable per-organization pseudonyms, before any template.

Driven by the platform's sensitivity registry (``bollwerk.sensitivity``):
a table cell or fact tagged with ``SourceRef(model_label, field)`` whose
field is registered is replaced by a pseudonym of its kind (``ot_only``
fields only on rows marked ``ot``). Every other string is free text and is
scanned twice: for every sensitive value known for the organization (one
trie-shaped regular expression, longest match first, case-insensitive, at
word boundaries) and for address-like patterns (IPv4/IPv6 with optional
prefix, MAC, coordinates, FQDN host names).

Pseudonyms are ``PREFIX-XXXXXXXX``: eight hex digits of
HMAC-SHA256(org secret, audience ‖ kind ‖ normalised value). The same value
gets the same pseudonym on every page and in every report of that audience
for that organization; another audience gets other pseudonyms, so copies
given to different recipients cannot be joined.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import ipaddress
import re
from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from bollwerk import sensitivity
from reports.sections import (
    Chart,
    Fact,
    Facts,
    Figure,
    NoData,
    Paragraph,
    Row,
    Section,
    Table,
    Tagged,
)

INTERNAL, PUBLIC = "internal", "public"

PREFIX = {
    "ip": "IP",
    "network": "NET",
    "hostname": "HOST",
    "mac": "MAC",
    "zone": "ZONE",
    "site": "SITE",
    "coordinate": "GEO",
    "firmware": "FW",
    "link": "LINK",
}

_MAC = re.compile(
    r"(?<![0-9A-Fa-f:.-])(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])"
    r"|(?<![0-9A-Fa-f.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Fa-f.])"
)
_IPV6 = re.compile(
    r"(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4})"
    r"(?:%[0-9A-Za-z]+)?(?:/\d{1,3})?(?![0-9A-Za-z:])"
)
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?!\d|\.\d)")
_COORD = re.compile(
    r"(?<![\d.])-?\d{1,3}\.\d{3,}\s*[,;/ ]\s*-?\d{1,3}\.\d{3,}(?![\d.])"
    r"|\d{1,3}\s*°\s*\d{1,2}\s*['′]\s*(?:\d{1,2}(?:[.,]\d+)?\s*[\"″])?\s*[NSEWO]"
)
_FQDN = re.compile(
    r"(?<![\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z][A-Za-z0-9-]{0,22}[A-Za-z](?![\w-])"
)

FILE_EXTENSIONS = frozenset(
    [
        "pdf",
        "csv",
        "txt",
        "json",
        "xml",
        "zip",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "html",
        "htm",
        "md",
        "log",
        "cfg",
        "conf",
        "yaml",
        "yml",
        "ini",
        "sql",
        "tar",
        "gz",
        "tgz",
        "bak",
        "py",
        "js",
    ]
)


def normalise(kind: str, value: str) -> str:
    """The canonical form a pseudonym is computed from (so 0A:… and 0a-… agree)."""
    text = str(value).strip()
    try:
        if kind == "ip":
            return str(ipaddress.ip_interface(text) if "/" in text else ipaddress.ip_address(text))
        if kind == "network":
            return str(ipaddress.ip_network(text, strict=False))
    except ValueError:
        pass
    if kind == "mac":
        digits = re.sub(r"[^0-9a-fA-F]", "", text).lower()
        if len(digits) == 12:
            return ":".join(digits[i : i + 2] for i in range(0, 12, 2))
    if kind == "hostname":
        return text.rstrip(".").casefold()
    return text.casefold()


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation shaped as a trie: linear in the text, longest match first."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        alternatives = [re.escape(char) + build(child) for char, child in node.items() if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class Redactor:
    """Replaces sensitive values for one organization and audience (identity for internal)."""

    def __init__(self, *, secret: str, audience: str, vocabulary: Iterable[tuple[str, str]] = ()):
        self.audience = audience
        self.enabled = audience != INTERNAL
        self._key = secret.encode()
        self._cache: dict[tuple[str, str], str] = {}
        self._known: dict[str, str] = {}  # casefolded value → pseudonym
        self._matcher: re.Pattern | None = None
        for kind, value in vocabulary:
            self.learn(kind, value)

    # --- pseudonyms -----------------------------------------------------------
    def pseudonym(self, kind: str, value) -> str:
        """``PREFIX-XXXXXXXX`` for ``value`` of ``kind``: keyed, stable, one-way."""
        norm = normalise(kind, str(value))
        key = (kind, norm)
        found = self._cache.get(key)
        if found is None:
            message = f"{self.audience}\x1f{kind}\x1f{norm}".encode()
            digest = hmac.new(self._key, message, hashlib.sha256).hexdigest()
            found = f"{PREFIX.get(kind, 'X')}-{digest[:8].upper()}"
            self._cache[key] = found
        return found

    def learn(self, kind: str, value) -> str:
        """Remember a sensitive value so free text mentioning it is redacted too."""
        text = str(value).strip()
        alias = self.pseudonym(kind, text)
        if text and text.casefold() not in self._known:
            self._known[text.casefold()] = alias
            if kind in ("ip", "network", "hostname", "mac"):
                self._known.setdefault(normalise(kind, text), alias)
            self._matcher = None
        return alias

    # --- free text -----------------------------------------------------------
    def _vocabulary_matcher(self) -> re.Pattern | None:
        if self._matcher is None and self._known:
            words = sorted(self._known, key=len, reverse=True)
            self._matcher = re.compile(
                r"(?<![^\W_])(?:" + _trie_pattern(words) + r")(?![^\W_])", re.IGNORECASE
            )
        return self._matcher

    def text(self, value: str, *, hostnames: bool = True) -> str:
        """Free text with every known sensitive value and address-like pattern replaced.

        ``hostnames=False`` keeps host names that are not known sensitive values
        (public vendor URLs); everything else is still replaced.
        """
        if not self.enabled or not value:
            return value
        matcher = self._vocabulary_matcher()
        if matcher is not None:
            value = matcher.sub(lambda m: self._known[m.group(0).casefold()], value)
        value = _MAC.sub(lambda m: self.pseudonym("mac", m.group(0)), value)
        value = _IPV6.sub(self._ipv6, value)
        value = _IPV4.sub(self._ipv4, value)
        value = _COORD.sub(lambda m: self.pseudonym("coordinate", m.group(0)), value)
        return _FQDN.sub(self._fqdn, value) if hostnames else value

    def _fqdn(self, match: re.Match) -> str:
        found = match.group(0)
        if found.rsplit(".", 1)[-1].lower() in FILE_EXTENSIONS:
            return found  # a file name, not a host
        return self.pseudonym("hostname", found)

    def _ipv4(self, match: re.Match) -> str:
        found = match.group(0)
        return self.pseudonym("network" if "/" in found else "ip", found)

    def _ipv6(self, match: re.Match) -> str:
        found = match.group(0)
        try:
            ipaddress.ip_interface(found.split("%", 1)[0])
        except ValueError:
            return found  # a time of day or other colon-separated text
        return self.pseudonym("network" if "/" in found else "ip", found)

    # --- structured data ---------------------------------------------------------
    def _field(self, source, ot: bool):
        if source is None:
            return None
        spec = sensitivity.fields_for(source.model_label).get(source.field)
        if spec is None or (spec.condition == "ot_only" and not ot):
            return None
        return spec

    def _cell(self, value, spec, ot: bool = False, hostnames: bool = True):
        if value is None or value == "":
            return value
        if isinstance(value, list | tuple):
            return [self._cell(item, spec, ot, hostnames) for item in value]
        if isinstance(value, Tagged):
            return self._cell(value.value, self._field(value.source, ot), ot, hostnames)
        if spec is not None:
            return self.pseudonym(spec.kind, value)
        if isinstance(value, Promise):
            value = str(value)
        return self.text(value, hostnames=hostnames) if isinstance(value, str) else value

    def collect(self, sections: list[Section]) -> None:
        """Learn every tagged sensitive value of the sections (before any text is scanned)."""
        for section in sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    specs = {c.key: c.source for c in block.columns}
                    for row in block.rows:
                        for key, value in row.values.items():
                            self._learn(value, self._field(specs.get(key), row.ot), row.ot)
                elif isinstance(block, Facts):
                    for fact in block.items:
                        self._learn(fact.value, self._field(fact.source, False), False)

    def _learn(self, value, spec, ot: bool) -> None:
        if isinstance(value, list | tuple):
            for item in value:
                self._learn(item, spec, ot)
        elif isinstance(value, Tagged):
            self._learn(value.value, self._field(value.source, ot), ot)
        elif spec is not None and value not in (None, ""):
            self.learn(spec.kind, value)

    def sections(self, sections: list[Section]) -> list[Section]:
        """Redacted copies of ``sections`` (public: row-level blocks dropped)."""
        if self.enabled:
            self.collect(sections)  # before dropping rows: free text may name their values
        if self.audience == PUBLIC:
            sections = [_aggregates_only(s) for s in sections]
        if not self.enabled:
            return sections
        return [self._section(s) for s in sections]

    def _section(self, section: Section) -> Section:
        return dataclasses.replace(
            section,
            title=self.text(str(section.title)),
            intro=self.text(str(section.intro)),
            blocks=[self._block(b) for b in section.blocks],
        )

    def _block(self, block):
        if isinstance(block, Table):
            cols = [(c.key, c.source, not c.public_hosts) for c in block.columns]
            rows = []
            for row in block.rows:
                values = {
                    key: self._cell(row.values.get(key), self._field(source, row.ot), row.ot, hosts)
                    for key, source, hosts in cols
                }
                rows.append(Row(values, ot=row.ot))
            return dataclasses.replace(block, rows=rows, caption=self.text(str(block.caption)))
        if isinstance(block, Facts):
            items = [
                Fact(f.label, self._cell(f.value, self._field(f.source, False)))
                for f in block.items
            ]
            return dataclasses.replace(block, items=items)
        if isinstance(block, Chart):
            bars = [(self.text(str(label)), value) for label, value in block.bars]
            return dataclasses.replace(block, title=self.text(str(block.title)), bars=bars)
        if isinstance(block, Figure):
            return dataclasses.replace(
                block, title=self.text(str(block.title)), data=self._scan(block.data)
            )
        if isinstance(block, Paragraph | NoData):
            attr = "text" if isinstance(block, Paragraph) else "message"
            return dataclasses.replace(block, **{attr: self.text(str(getattr(block, attr)))})
        raise TypeError(f"unknown block type {type(block).__name__}")

    def _scan(self, value):
        """Every string inside nested dicts, lists and tuples as redacted free text."""
        if isinstance(value, dict):
            return {key: self._scan(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self._scan(item) for item in value)
        if isinstance(value, str | Promise):
            return self.text(str(value))
        return value


def _aggregates_only(section: Section) -> Section:
    """The public view of a section: its aggregate blocks only."""
    blocks = [b for b in section.blocks if not b.row_level]
    if len(blocks) < len(section.blocks) and not blocks:
        blocks = [NoData(_("Only aggregates are published; details are withheld."))]
    return dataclasses.replace(section, blocks=blocks)
