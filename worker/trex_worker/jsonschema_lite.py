"""A small JSON Schema validator for the subset zod 4's z.toJSONSchema emits for the job contract.

Supported keywords: type, properties, required, additionalProperties, propertyNames, enum, const,
minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, pattern, minItems,
maxItems, items, anyOf, oneOf, allOf, $ref (local "#/..."), default (see `apply_defaults`).
(Debian's python3-jsonschema is not installed on the worker machines, so we do not depend on it.)
"""
from __future__ import annotations

import copy
import re

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def _path(path: str, key) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


def _describe(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    return {dict: "object", list: "array", str: "string"}.get(type(v), type(v).__name__)


class Validator:
    def __init__(self, schema: dict):
        self.root = schema

    def _resolve(self, schema: dict) -> dict:
        seen = 0
        while "$ref" in schema and seen < 20:
            ref = schema["$ref"]
            if not ref.startswith("#"):
                raise ValueError(f"unsupported $ref {ref}")
            node = self.root
            for part in [p for p in ref[1:].split("/") if p]:
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema, seen = node, seen + 1
        return schema

    def errors(self, value, schema: dict | None = None, path: str = "job") -> list[str]:
        s = self._resolve(self.root if schema is None else schema)
        if s is True or s == {}:
            return []
        if s is False:
            return [f"{path}: not allowed"]
        errs: list[str] = []
        t = s.get("type")
        if t is not None:
            types = t if isinstance(t, list) else [t]
            if not any(_TYPES[x](value) for x in types if x in _TYPES):
                return [f"{path}: expected {' or '.join(types)}, got {_describe(value)}"]
        if "const" in s and value != s["const"]:
            errs.append(f"{path}: must be {s['const']!r}, got {value!r}")
        if "enum" in s and value not in s["enum"]:
            errs.append(f"{path}: must be one of {', '.join(map(repr, s['enum']))}, got {value!r}")
        if _TYPES["number"](value):
            if "minimum" in s and value < s["minimum"]:
                errs.append(f"{path}: must be >= {s['minimum']}, got {value}")
            if "maximum" in s and value > s["maximum"]:
                errs.append(f"{path}: must be <= {s['maximum']}, got {value}")
            if "exclusiveMinimum" in s and value <= s["exclusiveMinimum"]:
                errs.append(f"{path}: must be > {s['exclusiveMinimum']}, got {value}")
            if "exclusiveMaximum" in s and value >= s["exclusiveMaximum"]:
                errs.append(f"{path}: must be < {s['exclusiveMaximum']}, got {value}")
        if isinstance(value, str):
            if "minLength" in s and len(value) < s["minLength"]:
                errs.append(f"{path}: must have at least {s['minLength']} characters")
            if "maxLength" in s and len(value) > s["maxLength"]:
                errs.append(f"{path}: must have at most {s['maxLength']} characters")
            if "pattern" in s and not re.search(s["pattern"], value):
                errs.append(f"{path}: must match /{s['pattern']}/")
        if isinstance(value, list):
            if "minItems" in s and len(value) < s["minItems"]:
                errs.append(f"{path}: must have at least {s['minItems']} items")
            if "maxItems" in s and len(value) > s["maxItems"]:
                errs.append(f"{path}: must have at most {s['maxItems']} items")
            if isinstance(s.get("items"), dict):
                for i, item in enumerate(value):
                    errs += self.errors(item, s["items"], _path(path, i))
        if isinstance(value, dict):
            props = s.get("properties", {})
            for key in s.get("required", []):
                if key not in value:
                    errs.append(f"{_path(path, key)}: required field is missing")
            for key, item in value.items():
                if key in props:
                    errs += self.errors(item, props[key], _path(path, key))
                else:
                    extra = s.get("additionalProperties", True)
                    if extra is False:
                        errs.append(f"{_path(path, key)}: unknown field")
                    elif isinstance(extra, dict):
                        errs += self.errors(item, extra, _path(path, key))
                if isinstance(s.get("propertyNames"), dict):
                    errs += [e.replace(": ", " (key): ", 1) for e in self.errors(key, s["propertyNames"], _path(path, key))]
        for kw in ("anyOf", "oneOf"):
            if kw in s:
                branch_errs = [self.errors(value, b, path) for b in s[kw]]
                ok = [e for e in branch_errs if not e]
                if not ok:
                    hit = _discriminated(value, s[kw], self)
                    errs += branch_errs[hit] if hit is not None else [
                        f"{path}: does not match any allowed shape ({'; '.join(min(branch_errs, key=len))})"]
                elif kw == "oneOf" and len(ok) > 1:
                    errs.append(f"{path}: matches more than one allowed shape")
        for sub in s.get("allOf", []):
            errs += self.errors(value, sub, path)
        return errs

    def apply_defaults(self, value, schema: dict | None = None):
        """Return a copy of `value` with the schema's `default`s filled in for missing properties."""
        s = self._resolve(self.root if schema is None else schema)
        if not isinstance(s, dict):
            return value
        value = copy.deepcopy(value)
        if isinstance(value, dict):
            for key, sub in s.get("properties", {}).items():
                sub_r = self._resolve(sub)
                if key not in value and isinstance(sub_r, dict) and "default" in sub_r:
                    value[key] = copy.deepcopy(sub_r["default"])
                if key in value:
                    value[key] = self.apply_defaults(value[key], sub)
        if isinstance(value, list) and isinstance(s.get("items"), dict):
            value = [self.apply_defaults(v, s["items"]) for v in value]
        for kw in ("anyOf", "oneOf"):
            for branch in s.get(kw, []):
                candidate = self.apply_defaults(value, branch)
                if not self.errors(candidate, branch):
                    return candidate
        for sub in s.get("allOf", []):
            value = self.apply_defaults(value, sub)
        return value


def _discriminated(value, branches, v: Validator):
    """Index of the one branch whose const discriminator(s) the value carries, else None."""
    if not isinstance(value, dict):
        return None
    hits = []
    for i, b in enumerate(branches):
        b = v._resolve(b)
        props = b.get("properties", {}) if isinstance(b, dict) else {}
        consts = {k: p.get("const") for k, p in props.items() if isinstance(p, dict) and "const" in p}
        if consts and all(value.get(k) == c for k, c in consts.items()):
            hits.append(i)
    return hits[0] if len(hits) == 1 else None
