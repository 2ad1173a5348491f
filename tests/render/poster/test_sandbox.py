"""The template sandbox: autoescaping, strict variables, Python internals, and the limits
a template cannot pass: links and outside files, range(), output size, includes, time."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import TemplateError
from pipeline.render.poster import sandbox, svgsafe

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="10mm">'


def template(tmp_path: Path, text: str, name: str = "t.svg.j2") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_svg_j2_templates_are_autoescaped(tmp_path: Path) -> None:
    path = template(tmp_path, SVG_HEAD + "<text>{{ value }}</text></svg>")
    out = sandbox.render_template(path, {"value": 'Trygg & modig <3 "sitat"'})
    assert "Trygg &amp; modig &lt;3 &#34;sitat&#34;" in out
    root = svgsafe.parse_svg(out.encode(), "t")
    assert root[0].text == 'Trygg & modig <3 "sitat"'


def test_undefined_variable_is_a_template_error_with_its_line(tmp_path: Path) -> None:
    path = template(tmp_path, SVG_HEAD + "\n\n{{ visjon }}</svg>")
    with pytest.raises(TemplateError) as caught:
        sandbox.render_template(path, {})
    diagnostic = caught.value.diagnostics[0]
    assert "'visjon' is undefined" in diagnostic.message
    assert diagnostic.file == path
    assert diagnostic.line == 3


def test_syntax_error_is_a_template_error(tmp_path: Path) -> None:
    path = template(tmp_path, SVG_HEAD + "{% if %}</svg>")
    with pytest.raises(TemplateError, match="template syntax"):
        sandbox.render_template(path, {})


def test_sandbox_refuses_reaching_python_internals(tmp_path: Path) -> None:
    path = template(tmp_path, SVG_HEAD + "{{ ''.__class__.__mro__[1].__subclasses__() }}</svg>")
    with pytest.raises(TemplateError, match="unsafe"):
        sandbox.render_template(path, {})


def test_sandbox_is_immutable(tmp_path: Path) -> None:
    path = template(tmp_path, SVG_HEAD + "{{ items.append(4) }}</svg>")
    with pytest.raises(TemplateError, match="sandbox"):
        sandbox.render_template(path, {"items": [1, 2, 3]})


@pytest.mark.parametrize(
    "declaration",
    [
        '<!DOCTYPE svg [<!ENTITY x "boom">]>',
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">',
        "<!doctype svg>",
    ],
)
def test_doctype_and_entities_in_a_template_are_refused(tmp_path: Path, declaration: str) -> None:
    path = template(tmp_path, '<?xml version="1.0"?>\n' + declaration + "\n" + SVG_HEAD + "</svg>")
    with pytest.raises(TemplateError) as caught:
        sandbox.render_template(path, {})
    assert "DOCTYPE and entity declarations are not allowed" in caught.value.diagnostics[0].message
    assert caught.value.diagnostics[0].line == 2
