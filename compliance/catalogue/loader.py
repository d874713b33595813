"""Load and strictly validate a catalogue version file.

Every problem raises :class:`CatalogueError` naming the file and the place in
it as a JSON pointer (``/duties/3/controls/0/statement/de``), so a broken data
file can be fixed without reading this code. Unknown keys are errors too: a
misspelt optional field would otherwise be silently ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import Applicability, Catalogue, Control, Duty, LegalRef, LegalWeight, Text
from .references import GRUNDSCHUTZ_MODULES, ISO27001_ANNEX_A, LAWS
from .signals import SIGNALS

DATA_DIR = Path(__file__).resolve().parent / "data"
MEASURE_LETTERS = tuple("abcdefghij")
MAX_REVIEW_MONTHS = 120

_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)*$")
_CONTROL_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)*\.\d+$")
_VERSION = re.compile(r"^\d{4}\.\d+(\.\d+)?$")

_TOP_KEYS = ({"catalogue", "version", "published", "duties"}, {"source"})
_DUTY_KEYS = ({"id", "title", "summary", "references", "applies", "controls"}, {"measure"})
_CONTROL_KEYS = (
    {"id", "statement", "guidance", "evidence", "review_months", "legal_weight"},
    {"signal", "iso27001", "grundschutz", "replaces"},
)


class CatalogueError(ValueError):
    """A catalogue file is unreadable or invalid; names the file and the JSON pointer."""

    def __init__(self, file: str, pointer: str, message: str) -> None:
        self.file = file
        self.pointer = pointer or "/"
        self.message = message
        super().__init__(f"{file}: {self.pointer}: {message}")


def catalogue_files() -> list[Path]:
    """The catalogue versions shipped in the repository, oldest first."""

    def key(path: Path) -> tuple[int, ...]:
        version = path.stem.rsplit("-", 1)[-1]
        return tuple(int(p) for p in version.split(".") if p.isdecimal())

    return sorted(DATA_DIR.glob("*.json"), key=key)


def catalogue_load(path: str | Path | None = None) -> Catalogue:
    """Read and validate one catalogue file; without ``path``, the newest shipped version."""
    file = Path(path) if path is not None else catalogue_files()[-1]
    try:
        raw = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError(str(file), "/", f"cannot read file: {exc.strerror}") from exc
    try:
        data = json.loads(raw, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            str(file), "/", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    except _DuplicateKey as exc:
        raise CatalogueError(str(file), "/", f"duplicate key {exc.args[0]!r}") from exc
    return _Validator(file).catalogue(data)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The newest shipped catalogue, loaded once per process."""
    return catalogue_load()


class _DuplicateKey(Exception):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _Validator:
    """Walks the parsed JSON, building model objects and failing at the first problem."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.seen_ids: dict[str, str] = {}
        self.measures: dict[str, str] = {}

    def fail(self, pointer: str, message: str) -> CatalogueError:
        return CatalogueError(str(self.file), pointer, message)

    def keys(self, obj: Any, pointer: str, allowed: tuple[set[str], set[str]]) -> dict:
        required, optional = allowed
        if not isinstance(obj, dict):
            raise self.fail(pointer, f"expected an object, got {type(obj).__name__}")
        missing = sorted(required - obj.keys())
        if missing:
            raise self.fail(pointer, f"missing key(s): {', '.join(missing)}")
        unknown = sorted(obj.keys() - required - optional)
        if unknown:
            raise self.fail(pointer, f"unknown key(s): {', '.join(unknown)}")
        return obj

    def string(self, value: Any, pointer: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(pointer, "expected a non-empty string")
        return value

    def strings(self, value: Any, pointer: str, *, allow_empty: bool = True) -> list[str]:
        if not isinstance(value, list):
            raise self.fail(pointer, "expected a list")
        if not value and not allow_empty:
            raise self.fail(pointer, "must not be empty")
        items = [self.string(v, f"{pointer}/{i}") for i, v in enumerate(value)]
        for i, item in enumerate(items):
            if item in items[:i]:
                raise self.fail(f"{pointer}/{i}", f"{item!r} is listed twice")
        return items

    def text(self, value: Any, pointer: str) -> Text:
        obj = self.keys(value, pointer, ({"de", "en"}, set()))
        return Text(
            de=self.string(obj["de"], f"{pointer}/de"), en=self.string(obj["en"], f"{pointer}/en")
        )

    def claim_id(self, value: Any, pointer: str, pattern: re.Pattern[str]) -> str:
        ident = self.string(value, pointer)
        if not pattern.match(ident):
            raise self.fail(pointer, f"{ident!r} is not a valid id (pattern {pattern.pattern})")
        if ident in self.seen_ids:
            raise self.fail(pointer, f"duplicate id {ident!r} (first at {self.seen_ids[ident]})")
        self.seen_ids[ident] = pointer
        return ident

    def catalogue(self, data: Any) -> Catalogue:
        obj = self.keys(data, "", _TOP_KEYS)
        name = self.string(obj["catalogue"], "/catalogue")
        version = self.string(obj["version"], "/version")
        if not _VERSION.match(version):
            raise self.fail("/version", f"{version!r} is not a version like 2026.1")
        prefix = f"{name}-"
        if self.file.stem.startswith(prefix) and self.file.stem != f"{name}-{version}":
            raise self.fail("/version", f"{version!r} does not match the file name")
        published = self.string(obj["published"], "/published")
        try:
            dt.date.fromisoformat(published)
        except ValueError as exc:
            raise self.fail("/published", f"{published!r} is not an ISO date") from exc
        if not isinstance(obj["duties"], list) or not obj["duties"]:
            raise self.fail("/duties", "expected a non-empty list")
        duties = tuple(self.duty(d, f"/duties/{i}") for i, d in enumerate(obj["duties"]))
        self.check_replaces(duties)
        source = self.string(obj["source"], "/source") if "source" in obj else ""
        return Catalogue(name, version, published, duties, source)

    def duty(self, value: Any, pointer: str) -> Duty:
        obj = self.keys(value, pointer, _DUTY_KEYS)
        duty_id = self.claim_id(obj["id"], f"{pointer}/id", _ID)
        refs = tuple(
            self.legal_ref(r, f"{pointer}/references/{i}")
            for i, r in enumerate(
                self.strings(obj["references"], f"{pointer}/references", allow_empty=False)
            )
        )
        applies = self.strings(obj["applies"], f"{pointer}/applies", allow_empty=False)
        for i, tag in enumerate(applies):
            if tag not in Applicability._value2member_map_:
                known = ", ".join(a.value for a in Applicability)
                raise self.fail(
                    f"{pointer}/applies/{i}", f"unknown applicability {tag!r} ({known})"
                )
        measure = obj.get("measure")
        if measure is not None:
            if measure not in MEASURE_LETTERS:
                raise self.fail(
                    f"{pointer}/measure", f"{measure!r} is not an Art. 21(2) letter a-j"
                )
            if measure in self.measures:
                raise self.fail(
                    f"{pointer}/measure", f"measure {measure!r} already at {self.measures[measure]}"
                )
            self.measures[measure] = pointer
        controls = obj["controls"]
        if not isinstance(controls, list) or not controls:
            raise self.fail(f"{pointer}/controls", "expected a non-empty list")
        return Duty(
            id=duty_id,
            title=self.text(obj["title"], f"{pointer}/title"),
            summary=self.text(obj["summary"], f"{pointer}/summary"),
            references=refs,
            applies=frozenset(Applicability(a) for a in applies),
            measure=measure,
            controls=tuple(
                self.control(c, f"{pointer}/controls/{i}", duty_id) for i, c in enumerate(controls)
            ),
        )

    def legal_ref(self, value: str, pointer: str) -> LegalRef:
        for law in sorted(LAWS, key=len, reverse=True):
            if value.startswith(law + " ") and value[len(law) + 1 :].strip():
                return LegalRef(law, value[len(law) + 1 :].strip())
        raise self.fail(pointer, f"{value!r} names no known law ({', '.join(LAWS)})")

    def control(self, value: Any, pointer: str, duty_id: str) -> Control:
        obj = self.keys(value, pointer, _CONTROL_KEYS)
        control_id = self.claim_id(obj["id"], f"{pointer}/id", _CONTROL_ID)
        if not control_id.startswith(duty_id + "."):
            raise self.fail(f"{pointer}/id", f"{control_id!r} must start with {duty_id + '.'!r}")
        months = obj["review_months"]
        if (
            isinstance(months, bool)
            or not isinstance(months, int)
            or not 0 < months <= MAX_REVIEW_MONTHS
        ):
            raise self.fail(
                f"{pointer}/review_months",
                f"expected a whole number 1-{MAX_REVIEW_MONTHS}, got {months!r}",
            )
        signal = obj.get("signal")
        if signal is not None and signal not in SIGNALS:
            raise self.fail(
                f"{pointer}/signal", f"unknown signal {signal!r} ({', '.join(SIGNALS)})"
            )
        weight = obj["legal_weight"]
        if weight not in LegalWeight._value2member_map_:
            raise self.fail(f"{pointer}/legal_weight", f"unknown legal weight {weight!r}")
        iso = self.strings(obj.get("iso27001", []), f"{pointer}/iso27001")
        for i, ref in enumerate(iso):
            if ref not in ISO27001_ANNEX_A:
                raise self.fail(
                    f"{pointer}/iso27001/{i}", f"{ref!r} is no ISO/IEC 27001:2022 Annex A control"
                )
        modules = self.strings(obj.get("grundschutz", []), f"{pointer}/grundschutz")
        for i, ref in enumerate(modules):
            if ref not in GRUNDSCHUTZ_MODULES:
                raise self.fail(
                    f"{pointer}/grundschutz/{i}", f"{ref!r} is no known IT-Grundschutz module"
                )
        replaces = self.strings(obj.get("replaces", []), f"{pointer}/replaces")
        for i, ref in enumerate(replaces):
            if not _CONTROL_ID.match(ref):
                raise self.fail(f"{pointer}/replaces/{i}", f"{ref!r} is not a control id")
        return Control(
            id=control_id,
            duty_id=duty_id,
            statement=self.text(obj["statement"], f"{pointer}/statement"),
            guidance=self.text(obj["guidance"], f"{pointer}/guidance"),
            evidence=self.text(obj["evidence"], f"{pointer}/evidence"),
            review_months=months,
            signal=signal,
            legal_weight=LegalWeight(weight),
            iso27001=tuple(iso),
            grundschutz=tuple(modules),
            replaces=tuple(replaces),
        )

    def check_replaces(self, duties: tuple[Duty, ...]) -> None:
        """A control cannot replace one that is still in this version."""
        for d_index, duty in enumerate(duties):
            for c_index, control in enumerate(duty.controls):
                for r_index, old in enumerate(control.replaces):
                    if old in self.seen_ids:
                        raise self.fail(
                            f"/duties/{d_index}/controls/{c_index}/replaces/{r_index}",
                            f"{old!r} is still present in this version (at {self.seen_ids[old]})",
                        )
