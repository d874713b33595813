"""Firmware versions of OT devices, ordered the way vendors number them.

Generic comparators get firmware wrong: univers' ``IntdotVersion`` and ``GenericVersion`` order
1.10 before 1.9 or 4.4 after 4.33 in some inputs, and accept texts such as ``V23Q4`` that are no
version at all. :class:`FirmwareVersion` reads what vendor advisories actually write:

* a vendor prefix and a ``V``: ``V3.2``, ``v3.2``, ``MX-V4.0.1.15``, ``FW 2.1`` — all ignored;
* dotted numbers of any length, compared numerically with missing parts as zero
  (``V4.0 == V4``, ``1.9 < 1.10``, ``4.4 < 4.33``);
* an update letter right after the numbers: ``V3.2.1a`` (after 3.2.1, before 3.2.2);
* qualifiers, each with a number: service pack (``SP1``, ``Service Pack 1``), update
  (``Update 4``, ``Upd 4``, ``Upd4``), patch (``P018``), hotfix (``HF2``, ``Hotfix 2``),
  revision (``-r2``, ``.r1``) and build (``-40``, ``Build 12``).

Order: numbers, then letter, then service pack, update, patch, hotfix, revision, build; an
absent qualifier counts as 0, so ``V2.9 < V2.9 SP1 < V2.9 SP1 Update 1 < V2.10``. Anything else
is refused with :class:`VersionSyntaxError` rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache, total_ordering

from assets.vuln.errors import VersionSyntaxError

_PREFIX = re.compile(
    r"^\s*(?:[A-Za-z]{1,4}[-_ ])?(?:(?:firmware|version|fw|ver\.?)\s*)?[Vv]?\.?\s*", re.I
)
_NUMBERS = re.compile(r"(\d+(?:\.\d+)*)")
_QUALIFIERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sp", re.compile(r"^(?:sp|service\s*pack)\s*(\d+)", re.I)),
    ("update", re.compile(r"^(?:update|upd|u)\s*(\d+)", re.I)),
    ("patch", re.compile(r"^p\s*(\d+)", re.I)),
    ("hotfix", re.compile(r"^(?:hf|hotfix)\s*(\d+)", re.I)),
    ("revision", re.compile(r"^r(?:ev(?:ision)?)?\s*(\d+)", re.I)),
    ("build", re.compile(r"^(?:build|b)?\s*(\d+)", re.I)),
)
_RANK = {name: index for index, (name, _) in enumerate(_QUALIFIERS)}
_SEPARATORS = " \t-_.,"


@total_ordering
@dataclass(frozen=True, slots=True, eq=False)
class FirmwareVersion:
    """A parsed firmware version; compare with ``<``, ``==``; ``str()`` gives the input text."""

    text: str
    numbers: tuple[int, ...]
    letter: int = 0
    qualifiers: tuple[int, ...] = field(default=(0,) * len(_QUALIFIERS))

    @classmethod
    def parse(cls, text: str) -> FirmwareVersion:
        """Parse ``text`` or raise :class:`VersionSyntaxError` naming what was not understood."""
        return _parse_cached(text)

    @property
    def key(self) -> tuple[tuple[int, ...], int, tuple[int, ...]]:
        """The sort key: numbers without trailing zeros, letter, qualifiers."""
        numbers = self.numbers
        while len(numbers) > 1 and numbers[-1] == 0:
            numbers = numbers[:-1]
        return numbers, self.letter, self.qualifiers

    def next_major_of(self, depth: int) -> FirmwareVersion:
        """The first version after every ``N.M…`` that shares the first ``depth`` numbers.

        ``FirmwareVersion.parse("2").next_major_of(1)`` is 3 — used for ``<=2.x``.
        """
        head = list(self.numbers[:depth]) + [0] * max(0, depth - len(self.numbers))
        head[-1] += 1
        return FirmwareVersion(text=".".join(map(str, head)), numbers=tuple(head))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FirmwareVersion):
            return NotImplemented
        return self.key == other.key

    def __lt__(self, other: FirmwareVersion) -> bool:
        if not isinstance(other, FirmwareVersion):
            return NotImplemented
        return self.key < other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> FirmwareVersion:
    if not isinstance(text, str) or not text.strip():
        raise VersionSyntaxError(f"empty firmware version {text!r}")
    rest = _PREFIX.sub("", text, count=1)
    numbers_match = _NUMBERS.match(rest)
    if numbers_match is None:
        raise VersionSyntaxError(f"{text!r} is not a firmware version: no number after the prefix")
    numbers = tuple(int(part) for part in numbers_match.group(1).split("."))
    rest = rest[numbers_match.end() :]
    letter = 0
    if (
        len(rest) >= 1
        and rest[0].isalpha()
        and rest[0].islower()
        and (len(rest) == 1 or not rest[1].isalnum())
    ):
        letter = ord(rest[0]) - ord("a") + 1
        rest = rest[1:]
    values = [0] * len(_QUALIFIERS)
    last_rank = -1
    while rest.strip(_SEPARATORS):
        stripped = rest.lstrip(_SEPARATORS)
        for name, pattern in _QUALIFIERS:
            found = pattern.match(stripped)
            if found and _RANK[name] > last_rank:
                values[_RANK[name]] = int(found.group(1))
                last_rank = _RANK[name]
                rest = stripped[found.end() :]
                break
        else:
            raise VersionSyntaxError(
                f"{text!r} is not a firmware version: cannot read {stripped!r} "
                "(known: SP n, Update n, P n, HF n, -r n, build n, one update letter)"
            )
    return FirmwareVersion(
        text=text.strip(), numbers=numbers, letter=letter, qualifiers=tuple(values)
    )


def is_firmware_version(text: str) -> bool:
    """True when ``text`` parses as a :class:`FirmwareVersion`."""
    try:
        FirmwareVersion.parse(text)
    except VersionSyntaxError:
        return False
    return True
