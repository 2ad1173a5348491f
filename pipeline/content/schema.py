"""JSON Schemas of the YAML files, so that editors complete keys and flag mistakes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.model import types as model
from pipeline.outputs import write_atomic

# Fields the loader fills in itself; a facilitator never writes them.
_INTERNAL = {"logo_path", "path", "id"}


def _strip_internal(node: Any) -> Any:
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                value = {k: v for k, v in value.items() if k not in _INTERNAL}
            result[key] = _strip_internal(value)
        return result
    if isinstance(node, list):
        return [_strip_internal(item) for item in node]
    return node


def _schema(cls: type[BaseModel], title: str) -> dict[str, Any]:
    schema = _strip_internal(cls.model_json_schema(mode="validation"))
    schema["title"] = title
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schemas() -> dict[str, dict[str, Any]]:
    exercise = _schema(model.Exercise, "exercises.yaml")
    exercises = {
        "$schema": exercise.pop("$schema"),
        "title": "exercises.yaml",
        "type": "object",
        "$defs": exercise.pop("$defs", {}),
        "additionalProperties": exercise,
    }
    return {
        "program.schema.json": _schema(model.Program, "program.yaml"),
        "samling.schema.json": _schema(model.Samling, "samling.yaml"),
        "exercises.schema.json": exercises,
        "results.schema.json": _schema(model.Results, "results.yaml"),
        "lederplattform.schema.json": _schema(model.Lederplattform, "lederplattform.yaml"),
    }


def write_schemas(folder: Path) -> list[Path]:
    written = []
    for name, schema in schemas().items():
        path = folder / name
        write_atomic(path, (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode())
        written.append(path)
    return written
