"""JSON Schemas of the YAML files, so that editors complete keys and flag mistakes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.model import types as model
from pipeline.outputs import write_atomic

# The exercise names the loader accepts are Python's \w (letters of any script, digits, _)
# and -; JSON Schema's \w is ASCII only, so the pattern names what is refused instead.
EXERCISE_NAME_PATTERN = r"^[^\s.,:;!?'\"/\\(){}\[\]<>@#$%^&*+=|~`]+$"


def _schema(cls: type[BaseModel], title: str) -> dict[str, Any]:
    # Fields the loader fills in itself (the logo's and images' paths, an exercise's id) are
    # marked SkipJsonSchema in the model, so the schema is the model as a facilitator writes it.
    schema = cls.model_json_schema(mode="validation")
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
        "propertyNames": {"pattern": EXERCISE_NAME_PATTERN},
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
