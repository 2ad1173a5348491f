"""A designer's mapping file: which layout a slide kind (or a role) uses, overriding the guess.

    templates/pptx/default.pptx
    templates/pptx/default.layouts.yaml     # title: "Forside"
                                            # pause: "Skilleark mørk"

The file sits next to the template and is named after it (`pipeline.project.layout_mapping_for`).
A key is a role (title, section, content, two_content, title_only) or a slide kind (pause,
agenda, ...); a kind's entry wins over its role's. `mapping_text` writes a ready-to-edit file
with the current guess and, per line, why.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.content.read_yaml import read_yaml
from pipeline.errors import Diagnostic, TemplateError
from pipeline.project import layout_mapping_for
from pipeline.render.deck.layouts import (
    KIND_ROLE,
    ROLE_KINDS,
    ROLE_WORDS,
    ROLES,
    LayoutChoice,
    LayoutInfo,
    Role,
    score,
)


def _names(infos: list[LayoutInfo]) -> str:
    return ", ".join(f"“{info.name}”" for info in infos)


def read_mapping(
    path: Path, infos: list[LayoutInfo]
) -> tuple[dict[Role, LayoutInfo], dict[str, LayoutInfo]]:
    """(role -> layout, kind -> layout) from a mapping file, or TemplateError at file:line:col."""
    doc, problems = read_yaml(path)
    errors = [p for p in problems if p.severity == "error"]
    if doc is None or errors:
        raise TemplateError(errors or problems)
    data = doc.data
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise TemplateError(
            [
                doc.diagnostic(
                    (),
                    'a layout mapping is a list of lines like  title: "Forside"',
                    hint="one line per slide kind or role: the kind, a colon, the layout's name",
                )
            ]
        )
    by_name: dict[str, LayoutInfo] = {}
    for info in infos:
        by_name.setdefault(info.name, info)
    roles: dict[Role, LayoutInfo] = {}
    kinds: dict[str, LayoutInfo] = {}
    found: list[Diagnostic] = []
    for key, value in data.items():
        if key not in ROLES and key not in KIND_ROLE:
            found.append(
                doc.diagnostic(
                    (key,),
                    f"“{key}” is not a slide kind or a role",
                    hint="use one of: " + ", ".join(dict.fromkeys([*ROLES, *KIND_ROLE])),
                    at=doc.position((key,), of_key=True),
                )
            )
            continue
        if not isinstance(value, str) or value not in by_name:
            found.append(
                doc.diagnostic(
                    (key,),
                    f"the template has no layout named “{value}”",
                    hint=f"the layouts it has: {_names(infos)}",
                )
            )
            continue
        if key in ROLES:
            roles[key] = by_name[value]
        else:
            kinds[key] = by_name[value]
    if found:
        raise TemplateError(found)
    return roles, kinds


def _choice(role: Role, info: LayoutInfo) -> LayoutChoice:
    _, exact, note = score(role, info)
    return LayoutChoice(role, info, exact, note)


def apply_mapping(
    template: Path, infos: list[LayoutInfo], chosen: dict[Role, LayoutChoice]
) -> tuple[dict[Role, LayoutChoice], dict[str, LayoutChoice]]:
    """The guess with the designer's mapping file (if there is one) laid over it."""
    path = layout_mapping_for(template)
    if not path.is_file():
        return chosen, {}
    roles, kinds = read_mapping(path, infos)
    merged = dict(chosen)
    for role, info in roles.items():
        merged[role] = _choice(role, info)
    return merged, {kind: _choice(KIND_ROLE[kind], info) for kind, info in kinds.items()}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _why(choice: LayoutChoice) -> str:
    look = choice.layout.look.words() if choice.layout.look else ""
    if choice.role not in ("title", "section"):
        look = ""  # what a layout looks like decides only cover and section layouts
    if choice.layout.title is not None:  # its big text box is not where the title goes
        look = look.replace("a big text box, ", "").replace("a big text box", "")
    why = "made for it" if choice.exact else "closest match"
    if look:
        why += f"; it has {look}"
    if choice.note:
        why += f"; {choice.note}"
    return why


def mapping_text(
    template: Path, chosen: dict[Role, LayoutChoice], kinds: dict[str, LayoutChoice]
) -> str:
    """A ready-to-edit mapping file: every role with the layout it uses now, and why."""
    lines = [
        f"# Which layout of {template.name} each slide kind uses. Save this as",
        f"# {layout_mapping_for(template).name} next to the template and edit the names.",
        "# A slide kind (pause, agenda, ...) can have its own line; it wins over its role.",
    ]
    for role in ROLES:
        choice = chosen[role]
        lines.append(f"# {role} ({ROLE_WORDS[role]}): {', '.join(ROLE_KINDS[role])}")
        lines.append(f"{role}: {_quoted(choice.layout.name)}  # {_why(choice)}")
    for kind, choice in kinds.items():
        lines.append(f"{kind}: {_quoted(choice.layout.name)}  # from the mapping file")
    return "\n".join(lines) + "\n"
