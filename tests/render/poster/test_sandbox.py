"""The template sandbox: autoescaping, strict variables, Python internals, and the limits
a template cannot pass: links and outside files, range(), output size, includes, time."""

from __future__ import annotations

import os
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


# --------------------------------------------------------------------------- links, outside files


def test_include_of_a_symlink_to_an_outside_file_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0", encoding="utf-8")
    folder = tmp_path / "poster"
    folder.mkdir()
    (folder / "leak.txt").symlink_to(outside)
    path = template(folder, SVG_HEAD + "\n{% include 'leak.txt' %}</svg>")
    with pytest.raises(TemplateError) as caught:
        sandbox.render_template(path, {})
    diagnostic = caught.value.diagnostics[0]
    assert "root:x" not in str(caught.value)
    assert "'leak.txt' is a symbolic link" in diagnostic.message
    assert diagnostic.file == path
    assert diagnostic.line == 2


def test_include_of_a_symlinked_template_inside_the_folder_is_refused(tmp_path: Path) -> None:
    real = template(tmp_path, "<g/>", "part.svg.j2")
    (tmp_path / "alias.svg.j2").symlink_to(real)
    path = template(tmp_path, SVG_HEAD + "{% include 'alias.svg.j2' %}</svg>")
    with pytest.raises(TemplateError, match="'alias.svg.j2' is a symbolic link"):
        sandbox.render_template(path, {})


def test_include_through_a_symlinked_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    template(elsewhere, "<g/>", "part.svg.j2")
    folder = tmp_path / "poster"
    folder.mkdir()
    (folder / "parts").symlink_to(elsewhere)
    path = template(folder, SVG_HEAD + "{% include 'parts/part.svg.j2' %}</svg>")
    with pytest.raises(TemplateError, match="'parts/part.svg.j2' is a symbolic link"):
        sandbox.render_template(path, {})


def test_a_symlinked_template_itself_is_refused(tmp_path: Path) -> None:
    real = template(tmp_path, SVG_HEAD + "</svg>", "real.svg.j2")
    link = tmp_path / "poster.svg.j2"
    link.symlink_to(real)
    with pytest.raises(TemplateError) as caught:
        sandbox.render_template(link, {})
    assert "'poster.svg.j2' is a symbolic link" in caught.value.diagnostics[0].message
    assert caught.value.diagnostics[0].file == link


def test_include_outside_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "poster"
    folder.mkdir()
    path = template(folder, SVG_HEAD + "{% include '../secret.txt' %}</svg>")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    with pytest.raises(TemplateError, match="secret.txt"):
        sandbox.render_template(path, {})


def test_include_of_a_real_file_in_the_folder_still_works(tmp_path: Path) -> None:
    os.makedirs(tmp_path / "parts")
    template(tmp_path / "parts", "<g id='{{ name }}'/>", "part.svg.j2")
    path = template(tmp_path, SVG_HEAD + "{% include 'parts/part.svg.j2' %}</svg>")
    assert "<g id='x'/>" in sandbox.render_template(path, {"name": "x"})


def test_include_error_names_the_including_template_and_its_line(tmp_path: Path) -> None:
    (tmp_path / "leak.txt").symlink_to("/etc/hostname")
    template(tmp_path, "<g>\n{% include 'leak.txt' %}</g>", "part.svg.j2")
    path = template(tmp_path, SVG_HEAD + "{% include 'part.svg.j2' %}</svg>")
    with pytest.raises(TemplateError) as caught:
        sandbox.render_template(path, {})
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.file == tmp_path / "part.svg.j2"
    assert diagnostic.line == 2
    assert "'leak.txt'" in diagnostic.message


# --------------------------------------------------------------------------- limits


def test_range_beyond_the_limit_is_a_template_error_with_its_line(tmp_path: Path) -> None:
    path = template(tmp_path, SVG_HEAD + "\n{% for i in range(10**9) %}{% endfor %}</svg>")
    with pytest.raises(TemplateError) as caught:
        sandbox.render_template(path, {})
    diagnostic = caught.value.diagnostics[0]
    assert "range() would give 1,000,000,000 numbers" in diagnostic.message
    assert f"MAX_RANGE = {sandbox.MAX_RANGE:,}" in diagnostic.message
    assert diagnostic.line == 2


def test_range_larger_than_an_index_is_refused_too(tmp_path: Path) -> None:
    path = template(tmp_path, SVG_HEAD + "{% for i in range(10**30) %}{% endfor %}</svg>")
    with pytest.raises(TemplateError, match="MAX_RANGE"):
        sandbox.render_template(path, {})


def test_range_within_the_limit_works(tmp_path: Path) -> None:
    path = template(tmp_path, SVG_HEAD + "{% for i in range(3) %}{{ i }}{% endfor %}</svg>")
    assert "012" in sandbox.render_template(path, {})


def test_output_beyond_the_limit_stops_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "MAX_OUTPUT_BYTES", 10_000)
    body = "{% for i in range(5000) %}<g/>{% endfor %}"
    path = template(tmp_path, SVG_HEAD + body + "</svg>")
    with pytest.raises(TemplateError) as caught:
        sandbox.render_template(path, {})
    message = caught.value.diagnostics[0].message
    assert "passed 10,000 bytes (MAX_OUTPUT_BYTES)" in message
    assert caught.value.diagnostics[0].file == path


def test_a_template_that_includes_itself_is_a_template_error(tmp_path: Path) -> None:
    path = template(tmp_path, SVG_HEAD + "{% include 't.svg.j2' %}</svg>")
    with pytest.raises(TemplateError) as caught:
        sandbox.render_template(path, {})
    diagnostic = caught.value.diagnostics[0]
    assert "includes itself" in diagnostic.message
    assert "recursion limit" in diagnostic.message
    assert diagnostic.file == path


def test_two_templates_that_include_each_other_are_a_template_error(tmp_path: Path) -> None:
    template(tmp_path, "{% include 't.svg.j2' %}", "other.svg.j2")
    path = template(tmp_path, SVG_HEAD + "{% include 'other.svg.j2' %}</svg>")
    with pytest.raises(TemplateError, match="includes nest without end"):
        sandbox.render_template(path, {})


def test_a_loop_that_never_ends_is_stopped_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1.0)
    loops = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    path = template(tmp_path, SVG_HEAD + "\n" + loops + "</svg>")
    with pytest.raises(TemplateError) as caught:
        sandbox.render_template(path, {})
    diagnostic = caught.value.diagnostics[0]
    assert "stopped after TIME_LIMIT = 1 s" in diagnostic.message
    assert diagnostic.file == path
    assert diagnostic.line == 2


def test_arithmetic_stuck_in_c_code_is_stopped_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A huge power runs inside one C call: no Python check can interrupt it, the kernel can.
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1.0)
    path = template(tmp_path, SVG_HEAD + "{{ (n ** (n ** n)) % 7 }}</svg>")
    with pytest.raises(TemplateError, match="stopped after TIME_LIMIT = 1 s"):
        sandbox.render_template(path, {"n": 9})


def test_a_huge_string_is_stopped_at_the_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "MEMORY_LIMIT", 64 * 1024 * 1024)
    path = template(tmp_path, SVG_HEAD + "{{ ('x' * n)|length }}</svg>")
    with pytest.raises(TemplateError) as caught:
        sandbox.render_template(path, {"n": 1024**3})
    assert "MEMORY_LIMIT = 64 MiB" in caught.value.diagnostics[0].message


def test_helper_warnings_from_the_child_reach_the_caller(tmp_path: Path) -> None:
    from pipeline.errors import warning

    found = [warning("before")]

    def note(text: str) -> str:
        found.append(warning(text))
        return text

    path = template(tmp_path, SVG_HEAD + "{{ note('low contrast') }}</svg>")
    assert "low contrast" in sandbox.render_template(path, {"note": note}, collects=found)
    assert [d.message for d in found] == ["before", "low contrast"]


def test_a_precompiled_template_is_only_filled_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    path = template(tmp_path, "<text>{{ value }}</text>")
    sandbox.precompile([path])

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(ImmutableSandboxedEnvironment, "compile", no_compiling)
    assert sandbox.render_template(path, {"value": "Tillit"}) == "<text>Tillit</text>"


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    path = template(tmp_path, "<text>{{ value }}</text>")
    sandbox.precompile([path])
    path.write_text("<tspan>{{ value }}</tspan>", encoding="utf-8")
    assert sandbox.render_template(path, {"value": "Mot"}) == "<tspan>Mot</tspan>"


def test_a_template_that_does_not_compile_is_left_to_its_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    broken = template(tmp_path, "<text>{% if %}</text>", name="broken.svg.j2")
    good = template(tmp_path, "<text>{{ value }}</text>", name="good.svg.j2")
    sandbox.precompile([broken, good])  # no error here: the build reports it with its line
    with pytest.raises(TemplateError):
        sandbox.render_template(broken, {})
    real = ImmutableSandboxedEnvironment.compile

    def not_good(self: object, source: str, *args: object, **kwargs: object) -> object:
        assert "value" not in source, "the good template was compiled again"
        return real(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ImmutableSandboxedEnvironment, "compile", not_good)
    assert sandbox.render_template(good, {"value": "Ro"}) == "<text>Ro</text>"


def test_a_template_that_runs_away_while_compiling_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1.0)
    # Jinja folds constants while compiling: this one would take over ten seconds and
    # hundreds of MB. The limit stops the folding (Jinja then compiles it unfolded).
    slow = template(tmp_path, "<text>{{ [1] * 100000000 }}</text>", name="slow.svg.j2")
    good = template(tmp_path, "<text>{{ value }}</text>", name="good.svg.j2")
    sandbox.precompile([slow, good])  # comes back, and the next template is still compiled
    monkeypatch.setattr(ImmutableSandboxedEnvironment, "compile", None)  # kept: not compiled
    assert sandbox.render_template(good, {"value": "Ro"}) == "<text>Ro</text>"
