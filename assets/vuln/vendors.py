"""OT vendor and product names: alias normalization and product/family/model matching.

CSAF advisories for OT name products by vendor, product family, product name and model
numbers, never by purl or CPE (CISA's ICS advisories carry neither). An inventory writes the
same things differently ("Siemens AG" vs "Siemens", "SIMATIC S7-1500 CPU 1516-3 PN/DP" vs the
advisory's "SIMATIC S7-1500 CPU family"), so matching goes through these normalizations.

The alias table is ``data/vendor_aliases.json`` in this package.
"""

from __future__ import annotations

import fnmatch
import json
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

_LEGAL_FORMS = re.compile(
    r"\b(?:gmbh\s*&\s*co\.?\s*kgaa?|gmbh|ag|se|kgaa?|inc|incorporated|ltd|limited|llc|corp|"
    r"corporation|co|company|s\.?a\.?s?|s\.?p\.?a|plc|n\.?v|b\.?v|oy|ab|as|a/s|sas|pty)\.?(?=\s|$|,)",
    re.I,
)
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_FAMILY_WORDS = {"family", "families", "series", "product", "products", "line", "devices", "range"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss")
    return " ".join(text.split())


def vendor_key_raw(name: str) -> str:
    """Fold case, drop legal forms and punctuation: ``"Siemens AG"`` → ``"siemens"``."""
    text = _fold(name)
    text = _LEGAL_FORMS.sub(" ", text)
    text = re.sub(r"[^\w+&]+", " ", text)
    return " ".join(text.split())


@cache
def _alias_map() -> dict[str, str]:
    raw = json.loads(
        resources.files("assets.vuln").joinpath("data/vendor_aliases.json").read_text("utf-8")
    )
    mapping: dict[str, str] = {}
    for canonical, aliases in raw.items():
        if canonical.startswith("_"):
            continue
        target = vendor_key_raw(canonical)
        for alias in (canonical, *aliases):
            mapping[vendor_key_raw(alias)] = target
    return mapping


@lru_cache(maxsize=16384)
def normalize_vendor(name: str) -> str:
    """The canonical vendor key: aliases resolved (``"Allen-Bradley"`` → ``"rockwell automation"``)."""
    key = vendor_key_raw(name)
    return _alias_map().get(key, key)


def product_tokens(name: str, vendor: str | None = None) -> tuple[str, ...]:
    """Tokens of a product name without parentheticals, commas and a leading vendor name."""
    text = _PARENS.sub(" ", _fold(name))
    text = re.sub(r"[,;:]", " ", text)
    tokens = text.split()
    if vendor:
        vendor_tokens = vendor_key_raw(vendor).split()
        if vendor_tokens and tokens[: len(vendor_tokens)] == vendor_tokens:
            tokens = tokens[len(vendor_tokens) :]
    return tuple(tokens)


def family_tokens(name: str, vendor: str | None = None) -> tuple[str, ...] | None:
    """If ``name`` names a family ("… family", "… series"), its tokens without those words."""
    tokens = product_tokens(name, vendor)
    if not any(t in _FAMILY_WORDS for t in tokens):
        return None
    cut = next(i for i, t in enumerate(tokens) if t in _FAMILY_WORDS)
    return tokens[:cut] or None


def normalize_model(text: str) -> str:
    """Model / order numbers compare without case and blanks: ``6ES7 518-4AX00`` = ``6es7518-4ax00``."""
    return re.sub(r"\s+", "", text).upper()


class ProductMatch(NamedTuple):
    """How an asset matched an advisory product: ``kind`` is model, name or family."""

    kind: str
    detail: str


def match_product(
    *,
    vendor: str | None,
    product: str | None,
    family: str | None,
    model_numbers: tuple[str, ...],
    asset_product: str | None,
    asset_model: str | None,
) -> ProductMatch | None:
    """Does an asset's product/model fall under an advisory product (vendor already equal)?

    Order: a model number (CSAF allows ``*``/``?`` wildcards in them) decides alone — a
    different model number excludes the entry even if the names agree; then the
    product name token for token; then a family — the product_family branch, or a product name
    that says "family"/"series" — whose tokens start the asset's product name.
    """
    if asset_model and model_numbers:
        wanted = normalize_model(asset_model)
        for pattern in model_numbers:
            if fnmatch.fnmatchcase(wanted, normalize_model(pattern)):
                return ProductMatch("model", f"model number {asset_model} matches {pattern}")
        return None  # both name model numbers and they differ: another variant of the product
    if not asset_product:
        return None
    asset_tokens = product_tokens(asset_product, vendor)
    if product and asset_tokens == product_tokens(product, vendor):
        return ProductMatch("name", f"product name {asset_product!r} = {product!r}")
    candidates: list[tuple[tuple[str, ...], str]] = []
    if product and (tokens := family_tokens(product, vendor)):
        candidates.append((tokens, product))
    if family and not product:
        candidates.append((product_tokens(family, vendor), family))
    for tokens, label in candidates:
        if tokens and asset_tokens[: len(tokens)] == tokens:
            return ProductMatch("family", f"{asset_product!r} is in the family {label!r}")
    if family and product and asset_tokens == product_tokens(f"{family} {product}", vendor):
        return ProductMatch("name", f"product name {asset_product!r} = {family!r} + {product!r}")
    return None
