"""Validate OParl output against the OParl 1.1 JSON schemas shipped in tests/data.

The schemas are draft-4 style but link objects with OParl's own keyword: an embedded object of
another type is `{"type": "object", "schema": "File.json"}`, not a `$ref`. We rewrite those to
`$ref`s, give every file an `id` under one base URI and put them in a `referencing` registry,
so that an embedded File inside a Paper is checked against File.json too.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "data" / "oparl-1.1-schema"
BASE = "https://schema.oparl.org/1.1/"
TYPES = [path.stem for path in sorted(SCHEMA_DIR.glob("[A-Z]*.json"))]

_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

format_checker = FormatChecker()


@format_checker.checks("url")
def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@format_checker.checks("date-time")
def _is_date_time(value: object) -> bool:
    """OParl wants ISO 8601 with a time zone."""
    return not isinstance(value, str) or bool(_DATE_TIME.match(value))


@format_checker.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or (len(value) == 10 and bool(date.fromisoformat(value)))


def _with_refs(node: Any) -> Any:
    if isinstance(node, dict):
        target = node.get("schema")
        if node.get("type") == "object" and isinstance(target, str) and target.endswith(".json"):
            return {"$ref": target}
        return {key: _with_refs(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_with_refs(value) for value in node]
    return node


@cache
def _schemas() -> tuple[dict[str, dict], Registry]:
    schemas = {}
    for name in TYPES:
        schema = _with_refs(json.loads((SCHEMA_DIR / f"{name}.json").read_text()))
        schema["id"] = f"{BASE}{name}.json"
        schemas[name] = schema
    registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        for schema in schemas.values()
    )
    return schemas, registry


def _validator(schema: dict) -> Draft4Validator:
    _, registry = _schemas()
    return Draft4Validator(schema, registry=registry, format_checker=format_checker)


# OParl 1.1, "Gelöschte Objekte": a deleted object keeps id, type and created, gets `modified`
# (the time of deletion) and `deleted: true`; every other attribute must go.
DELETED = {
    "type": "object",
    "required": ["id", "type", "created", "modified", "deleted"],
    "properties": {
        "id": {"type": "string", "format": "url"},
        "type": {"type": "string"},
        "created": {"type": "string", "format": "date-time"},
        "modified": {"type": "string", "format": "date-time"},
        "deleted": {"enum": [True]},
    },
    "additionalProperties": False,
}


def validate_object(data: dict) -> str:
    """Validate one object by its `type` (a deleted one by the rule above); returns the type
    name."""
    schemas, _ = _schemas()
    type_name = data["type"].removeprefix(BASE)
    assert type_name in schemas, data["type"]
    _validator(DELETED if data.get("deleted") is True else schemas[type_name]).validate(data)
    return type_name


def validate_list(data: dict) -> None:
    """A list page: data, pagination, links; each item against its own type's schema."""
    url = {"type": "string", "format": "url"}
    integer = {"type": "integer", "minimum": 0}
    page_schema = {
        "type": "object",
        "required": ["data", "pagination", "links"],
        "properties": {
            "data": {"type": "array", "items": {"type": "object", "required": ["id", "type"]}},
            "pagination": {
                "type": "object",
                "required": ["totalElements", "elementsPerPage", "currentPage", "totalPages"],
                "properties": {
                    "totalElements": integer,
                    "elementsPerPage": integer,
                    "currentPage": integer,
                    "totalPages": integer,
                },
            },
            "links": {
                "type": "object",
                "required": ["first", "last", "self"],
                "properties": {name: url for name in ("first", "prev", "next", "last", "self")},
                "additionalProperties": False,
            },
        },
    }
    _validator(page_schema).validate(data)
    for item in data["data"]:
        validate_object(item)


def find_nulls(data: Any, path: str = "$") -> list[str]:
    if data is None:
        return [path]
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in find_nulls(value, f"{path}.{key}")]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in find_nulls(value, f"{path}[{index}]")]
    return []


def objects_without_timestamps(data: Any) -> list[str]:
    """Every OParl object, embedded ones included, must carry created and modified."""
    missing = []
    if isinstance(data, dict):
        if str(data.get("type", "")).startswith(BASE) and not {"created", "modified"} <= data.keys():
            missing.append(data.get("id", "?"))
        for value in data.values():
            missing.extend(objects_without_timestamps(value))
    elif isinstance(data, list):
        for value in data:
            missing.extend(objects_without_timestamps(value))
    return missing
