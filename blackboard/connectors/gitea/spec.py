"""Gitea's OpenAPI (Swagger 2.0) spec: operations by id, path matching, JSON-schema validators.

The spec file is Gitea's own ``templates/swagger/v1_json.tmpl`` (see ``gitea.md``). Swagger 2.0
schemas are turned into JSON Schema (draft 4) with two deliberate readings:

* every object *property* may be ``null`` (Go pointers and zero structs serialise as ``null``;
  Gitea's spec never says ``x-nullable``), while a whole body may not;
* with ``strict=True`` objects that list ``properties`` accept no other keys, so a client or the
  stand-in that sends a field the spec does not know is caught.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

SPEC_PATH = Path(__file__).with_name("gitea_swagger.json")
JSON = dict[str, Any]
_PARAM = re.compile(r"\{(\w+)\}")
_GREEDY_PARAMS = frozenset({"filepath"})


@dataclass(frozen=True)
class Parameter:
    """One non-body or body parameter of an operation."""

    name: str
    location: str
    required: bool
    schema: JSON
    collection_format: str = "csv"


@dataclass(frozen=True)
class Operation:
    """One operation: method, path template, parameters, documented responses."""

    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    responses: dict[str, JSON]
    consumes: tuple[str, ...]
    produces: tuple[str, ...]
    deprecated: bool = False
    summary: str = ""

    @property
    def body(self) -> Parameter | None:
        """The body parameter, if the operation takes one."""
        return next((p for p in self.parameters if p.location == "body"), None)

    def params_in(self, location: str) -> list[Parameter]:
        return [p for p in self.parameters if p.location == location]

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Regex for concrete paths; ``{filepath}`` may span slashes."""
        out, last = [], 0
        for m in _PARAM.finditer(self.path):
            out.append(re.escape(self.path[last : m.start()]))
            name = m.group(1)
            out.append(f"(?P<{name}>.+)" if name in _GREEDY_PARAMS else f"(?P<{name}>[^/]+)")
            last = m.end()
        out.append(re.escape(self.path[last:]))
        return re.compile("^" + "".join(out) + "$")

    @property
    def literal_weight(self) -> int:
        """How much of the template is literal text (more = more specific)."""
        return len(_PARAM.sub("", self.path))


@dataclass
class Spec:
    """The parsed spec with validators built on demand."""

    raw: JSON
    strict: bool = True
    operations: dict[str, Operation] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)
    _validators: dict[str, Draft4Validator] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.definitions = {k: self.convert(v) for k, v in self.raw["definitions"].items()}
        for path, item in self.raw["paths"].items():
            for method, op in item.items():
                operation = self._operation(path, method, op)
                if operation.operation_id in self.operations:
                    self.duplicates.append(operation.operation_id)
                    continue
                self.operations[operation.operation_id] = operation
        self._ordered = sorted(self.operations.values(), key=lambda o: -o.literal_weight)

    def _operation(self, path: str, method: str, op: JSON) -> Operation:
        params = []
        for p in op.get("parameters", []):
            if p["in"] == "body":
                schema = self.convert(p.get("schema", {}), nullable_props=True)
            else:
                keep = ("type", "format", "items", "enum", "default")
                schema = self.convert({k: v for k, v in p.items() if k in keep})
            params.append(
                Parameter(
                    p["name"],
                    p["in"],
                    bool(p.get("required")),
                    schema,
                    p.get("collectionFormat", "csv"),
                )
            )
        return Operation(
            operation_id=op["operationId"],
            method=method.upper(),
            path=path,
            parameters=tuple(params),
            responses=op.get("responses", {}),
            consumes=tuple(op.get("consumes") or self.raw.get("consumes") or ()),
            produces=tuple(op.get("produces") or self.raw.get("produces") or ()),
            deprecated=bool(op.get("deprecated")),
            summary=op.get("summary", ""),
        )

    def convert(self, schema: JSON, nullable_props: bool = True) -> JSON:
        """Swagger 2.0 schema -> JSON Schema draft 4 (see the module docstring)."""
        if "$ref" in schema:
            return {"$ref": schema["$ref"]}
        out: JSON = {}
        for key, value in schema.items():
            if key == "type" and value == "file":
                continue
            if key in (
                "type",
                "format",
                "enum",
                "required",
                "default",
                "minimum",
                "maximum",
                "pattern",
                "minLength",
                "maxLength",
                "minItems",
                "maxItems",
            ):
                out[key] = value
        if "items" in schema:
            out["items"] = self.convert(schema["items"])
        if "properties" in schema:
            props = {k: self.convert(v) for k, v in schema["properties"].items()}
            if nullable_props:
                props = {k: {"anyOf": [{"type": "null"}, v]} for k, v in props.items()}
            out["properties"] = props
            if self.strict and "additionalProperties" not in schema:
                out["additionalProperties"] = False
        if isinstance(schema.get("additionalProperties"), dict):
            out["additionalProperties"] = self.convert(schema["additionalProperties"])
        return out

    def operation(self, operation_id: str) -> Operation:
        """The operation, or ``KeyError`` naming it."""
        try:
            return self.operations[operation_id]
        except KeyError:
            raise KeyError(f"the Gitea API has no operation {operation_id!r}") from None

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The most specific operation whose template matches ``path`` (without /api/v1)."""
        for op in self._ordered:
            if op.method != method.upper():
                continue
            m = op.pattern.match(path)
            if m:
                return op, m.groupdict()
        return None

    def validator(self, schema: JSON) -> Draft4Validator:
        """A cached validator for ``schema`` with the spec's definitions in scope."""
        key = json.dumps(schema, sort_keys=True)
        found = self._validators.get(key)
        if found is None:
            found = Draft4Validator({"allOf": [schema], "definitions": self.definitions})
            self._validators[key] = found
        return found

    def errors(self, schema: JSON, value: Any) -> list[str]:
        """Human-readable validation errors of ``value`` against ``schema`` (empty = valid)."""
        out = []
        for err in self.validator(schema).iter_errors(value):
            err = _deepest(err)
            where = "/".join(str(p) for p in err.absolute_path) or "(root)"
            out.append(f"{where}: {_short(err)}")
        return out

    def response(self, op: Operation, status: int) -> JSON | None:
        """The documented response for ``status`` (refs resolved), or None if undocumented."""
        resp = op.responses.get(str(status), op.responses.get("default"))
        if resp is None:
            return None
        if "$ref" in resp:
            resp = self.raw["responses"][resp["$ref"].rsplit("/", 1)[1]]
        return dict(resp)

    def response_schema(self, op: Operation, status: int) -> JSON | None:
        """JSON schema of the response body for ``status``, if the spec gives one."""
        resp = self.response(op, status)
        if resp is None or "schema" not in resp:
            return None
        return self.convert(resp["schema"])


def _deepest(err: Any) -> Any:
    """Look through ``anyOf`` (the null-or-value wrapper) to the error that explains it."""
    while err.validator == "anyOf" and err.context:
        useful = [
            e for e in err.context if not (e.validator == "type" and e.validator_value == "null")
        ]
        if not useful:
            break
        err = max(useful, key=lambda e: len(e.absolute_path))
    return err


def _short(err: Any) -> str:
    message = str(err.message)
    return message if len(message) < 300 else message[:297] + "..."


def coerce_query(param: Parameter, raw: list[str]) -> Any:
    """Turn query-string text into the typed value the parameter's schema describes."""
    schema = param.schema
    if schema.get("type") == "array":
        values = (
            raw
            if param.collection_format == "multi"
            else [part for item in raw for part in item.split(",") if part]
        )
        return [_scalar(schema.get("items", {}), v) for v in values]
    return _scalar(schema, raw[-1])


def _scalar(schema: JSON, text: str) -> Any:
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text)
    except ValueError:
        return text
    if kind == "boolean":
        lowered = text.lower()
        if lowered in ("1", "t", "true"):
            return True
        if lowered in ("0", "f", "false"):
            return False
    return text


@lru_cache(maxsize=2)
def load_spec(strict: bool = True) -> Spec:
    """The bundled spec (parsed once per strictness)."""
    return Spec(json.loads(SPEC_PATH.read_text(encoding="utf-8")), strict=strict)
