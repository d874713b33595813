"""Fast JSON Schema validation with jsonschema-rs against the schemas cyclonedx-python-lib ships.

cyclonedx-python-lib's own ``JsonStrictValidator`` (python-jsonschema) takes
~100 s on a 10,000-component SBOM, most of it in ``iri-reference`` format
checks; jsonschema-rs checks the same document against the same schema files
in milliseconds. Settings chosen so that it agrees with the library on the
whole CycloneDX conformance corpus (see tests/external/test_cyclonedx_conformance.py):

* the *strict* schema files (``additionalProperties: false`` for 1.2/1.3;
  1.4+ are strict already), exactly the files ``JsonStrictValidator`` uses;
* ``$ref`` to ``spdx``/``jsf``/``cryptography-defs`` resolved from the
  shipped files under the same URIs the library registers; any other
  reference fails instead of reaching the network;
* formats checked (the ``date-time`` and ``uri`` checks matter for the
  corpus), unknown formats (1.2's ``"format": "string"``) ignored, and
  ``email``/``idn-email`` checked as python-jsonschema does (contains "@").
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema_rs
from cyclonedx.schema import SchemaVersion

# The library keeps its schema paths in a private module; using them guarantees
# we validate against exactly the files its validators use (the agreement test
# catches any drift on upgrade).
from cyclonedx.schema._res import BOM_JSON_STRICT, CRYPTOGRAPHY_DEFS, JSF, SPDX_JSON

from assets.sbom.errors import ValidationIssue, shorten
from assets.sbom.spdx_schema import SPDX_SUBSET_SCHEMA

MAX_ISSUES = 1000
_SCHEMA_PREFIX = "http://cyclonedx.org/schema/"


def _load(path: str) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _no_network(uri: str) -> Any:
    raise ValueError(f"refusing to fetch schema {uri!r}: all schemas are resolved locally")


def _python_jsonschema_email(value: str) -> bool:
    return "@" in value


_FORMATS = {"email": _python_jsonschema_email, "idn-email": _python_jsonschema_email}


@cache
def _registry() -> jsonschema_rs.Registry:
    resources = [
        (f"{_SCHEMA_PREFIX}spdx.SNAPSHOT.schema.json", _load(SPDX_JSON)),
        (f"{_SCHEMA_PREFIX}jsf-0.82.SNAPSHOT.schema.json", _load(JSF)),
        (f"{_SCHEMA_PREFIX}cryptography-defs.SNAPSHOT.schema.json", _load(CRYPTOGRAPHY_DEFS)),
    ]
    return jsonschema_rs.Registry(resources, retriever=_no_network)


def _compile(schema: Any) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(
        schema,
        registry=_registry(),
        retriever=_no_network,
        validate_formats=True,
        ignore_unknown_formats=True,
        formats=_FORMATS,
    )


@cache
def cyclonedx_json_validator(spec_version: str) -> jsonschema_rs.Validator:
    """The compiled (and cached) validator for CycloneDX JSON ``spec_version`` (``"1.2"`` … ``"1.7"``)."""
    schema_file = BOM_JSON_STRICT[SchemaVersion.from_version(spec_version)]
    if (
        schema_file is None
    ):  # pragma: no cover - 1.0/1.1 have no JSON schema and are refused earlier
        raise ValueError(f"no JSON schema for CycloneDX {spec_version}")
    return _compile(_load(schema_file))


@cache
def cyclonedx_json_item_validator(spec_version: str, key: str) -> jsonschema_rs.Validator:
    """The validator for one entry of the top-level array ``key`` (``"components"``, ...).

    It checks an entry against the ``items`` schema of that array, with the
    document's own ``$id`` and ``definitions``, so that it judges an entry
    exactly as :func:`cyclonedx_json_validator` judges it inside the document
    (the array's ``uniqueItems`` is the caller's to check).
    """
    schema = _load(BOM_JSON_STRICT[SchemaVersion.from_version(spec_version)])
    return _compile(
        {
            "$schema": schema["$schema"],
            "$id": schema["$id"],
            "definitions": schema["definitions"],
            "allOf": [schema["properties"][key]["items"]],
        }
    )


@cache
def spdx_json_validator() -> jsonschema_rs.Validator:
    """The validator for the SPDX 2.2/2.3 JSON fields Bollwerk reads (a hand-written subset schema)."""
    return _compile(SPDX_SUBSET_SCHEMA)


def json_pointer(path: Any) -> str:
    """RFC 6901 pointer for a jsonschema-rs ``instance_path`` (a list of keys and indices)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _most_specific(error: jsonschema_rs.ValidationError) -> jsonschema_rs.ValidationError:
    """For a ``oneOf``/``anyOf`` failure, the deepest error among its branches (the likeliest cause)."""
    context = getattr(error.kind, "context", None)
    if not context:
        return error
    candidates = [sub for branch in context for sub in branch]
    if not candidates:
        return error
    deepest = max(candidates, key=lambda sub: len(sub.instance_path))
    if len(deepest.instance_path) <= len(error.instance_path):
        return error
    return _most_specific(deepest)


def validate_json(validator: jsonschema_rs.Validator, instance: Any) -> list[ValidationIssue]:
    """Every schema violation of ``instance`` (up to ``MAX_ISSUES``), located by JSON pointer."""
    issues: list[ValidationIssue] = []
    for error in validator.iter_errors(instance):
        specific = _most_specific(error)
        issues.append(
            ValidationIssue(json_pointer(specific.instance_path), shorten(specific.message))
        )
        if len(issues) >= MAX_ISSUES:
            break
    return issues
