"""The API reference page, read from the OpenAPI schema: one source for machines and people.

Swagger UI fails WCAG 2.1 AA (colour contrast of its method badges and links) and needs
scripts; this page is plain, server-rendered USWDS HTML that passes axe and works by keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    authenticated: bool
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    responses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        slug = self.path.strip("/").replace("/", "-").replace("{", "").replace("}", "")
        return f"{self.method}-{slug}"


@dataclass
class Section:
    name: str
    operations: list[Operation]

    @property
    def anchor(self) -> str:
        return "tag-" + self.name.lower().replace(" ", "-")


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = schema
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return target


def _kind(schema: dict[str, Any], node: dict[str, Any]) -> str:
    node = _resolve(schema, node)
    if "enum" in node:
        return "one of: " + ", ".join(str(v) for v in node["enum"])
    if "anyOf" in node:
        kinds = [_kind(schema, option) for option in node["anyOf"]]
        return " or ".join(k for k in kinds if k != "null") + (
            " (may be null)" if "null" in kinds else ""
        )
    if node.get("type") == "array":
        return f"list of {_kind(schema, node.get('items', {}))}"
    kind = node.get("type", "object")
    return f"{kind} ({node['format']})" if "format" in node else kind


def _body_fields(schema: dict[str, Any], body: dict[str, Any] | None) -> list[Field]:
    if not body:
        return []
    content = body.get("content", {}).get("application/json", {})
    model = _resolve(schema, content.get("schema", {}))
    required = set(model.get("required", []))
    return [
        Field(
            name=name,
            kind=_kind(schema, prop),
            required=name in required,
            description=_resolve(schema, prop).get("description", ""),
        )
        for name, prop in model.get("properties", {}).items()
    ]


def api_reference(schema: dict[str, Any]) -> list[Section]:
    """The operations of an OpenAPI 3 schema, grouped by tag, in the schema's order."""
    sections: dict[str, Section] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            spec = item.get(method)
            if spec is None:
                continue
            operation = Operation(
                method=method.upper(),
                path=path,
                summary=spec.get("summary", ""),
                description=spec.get("description", ""),
                authenticated=bool(spec.get("security", schema.get("security"))),
                parameters=[
                    Field(
                        name=p["name"],
                        kind=f"{_kind(schema, p.get('schema', {}))}, in the {p.get('in', 'query')}",
                        required=bool(p.get("required")),
                        description=p.get("description", ""),
                    )
                    for p in spec.get("parameters", [])
                ],
                body=_body_fields(schema, spec.get("requestBody")),
                responses=[
                    (code, response.get("description", ""))
                    for code, response in spec.get("responses", {}).items()
                ],
            )
            tag = (spec.get("tags") or ["Other"])[0]
            sections.setdefault(tag, Section(name=tag, operations=[])).operations.append(operation)
    return list(sections.values())
