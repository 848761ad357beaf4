"""The JSON Schema of the plan file format, from the models; imported by `workplan schema` only,
so that other commands do not load pydantic's JSON Schema machinery."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from workplan_cli.models import PlanFile


class _TomlJsonSchema(GenerateJsonSchema):
    """TOML has no null: an optional key is simply left out, so drop `null` from the schema."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        result = super().default_schema(schema)
        if result.get("default", 0) is None:
            del result["default"]
        return result


def plan_json_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file, for editors and check-jsonschema."""
    schema = PlanFile.model_json_schema(by_alias=True, schema_generator=_TomlJsonSchema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
