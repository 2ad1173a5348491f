"""The safety layer between templates and content on one side and CairoSVG on the other.

Templates come from a designer and content from facilitators, and neither is trusted to be
well-formed, let alone harmless. Everything that turns them into SVG, PDF or PNG goes through
here:

- (Jinja2 and its limits are in `pipeline.render.poster.sandbox`.)
- `clean_text`: control characters pasted from Word are taken out (and reported).
- `parse_svg`: the rendered SVG must be well-formed XML without a DOCTYPE or entities,
  scripts, event handlers or processing instructions.
- `inline_references`: an `href` or `url(...)` may point into the document itself, or at an
  image file inside the allowed folders (content/ and templates/), which is inlined as a
  data: URL so the SVG stands alone. Anything else (file:///etc/passwd, another local file,
  an http address) is refused.
- `render`: CairoSVG runs in safe mode in a child process, with our own `url_fetcher`, only
  the fonts the SVG names, and a time limit; a tiny SVG of nested <use> can keep it busy for
  most of a minute.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlparse

from pipeline.errors import TemplateError, ToolError

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

DEFAULT_TIME_LIMIT = 60.0

# --------------------------------------------------------------------------- content text

# Characters Word and web pages leave behind. Those that stand for a break become a space;
# the invisible ones are removed.
_AS_SPACE = {"\t", "\x0b", "\x0c", "\u2028", "\u2029", "\x85"}
_INVISIBLE = {
    "\u00ad",  # soft hyphen: cairo would print it as a hyphen
    "\u200b",  # zero width space
    "\u200c",
    "\u200d",
    "\u200e",  # left-to-right mark
    "\u200f",
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    *(chr(c) for c in range(0x202A, 0x202F)),  # bidirectional embeddings and overrides
    *(chr(c) for c in range(0x2066, 0x206A)),  # bidirectional isolates
}


WORKER_COMMAND = "from pipeline.render.poster.svgsafe import _worker; _worker()"


def _is_control(char: str) -> bool:
    code = ord(char)
    return (
        (code < 0x20 and char != "\n")
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or code in (0xFFFE, 0xFFFF)
    )


def clean_text(text: str, *, multiline: bool = False) -> tuple[str, list[str]]:
    """Text as it should be printed, and the characters that were taken out (as U+XXXX).

    Line breaks are kept when `multiline`, otherwise they become spaces. Runs of spaces
    become one. A no-break space stays: it keeps "10 %" together.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    removed: list[str] = []
    out: list[str] = []
    for char in text:
        if char in _AS_SPACE or (char == "\n" and not multiline):
            if char not in ("\n", "\t"):
                removed.append(f"U+{ord(char):04X}")
            out.append(" ")
        elif char in _INVISIBLE or _is_control(char):
            removed.append(f"U+{ord(char):04X}")
        else:
            out.append(char)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in "".join(out).split("\n")]
    return "\n".join(lines).strip(), sorted(set(removed))


# --------------------------------------------------------------------------- the SVG itself

# Checked in templates (pipeline.render.poster.sandbox) as well as in the SVG they give.
DTD_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)

_FORBIDDEN_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "handler"}
_URL_IN_CSS = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


MAX_SVG_BYTES = 32 * 1024 * 1024


def parse_svg(data: bytes, where: str) -> Any:
    """Parse the rendered SVG into an lxml element; TemplateError for anything unsafe.

    `where` names the template in messages.
    """
    from lxml import etree

    if len(data) > MAX_SVG_BYTES:
        raise TemplateError(
            f"{where}: the SVG is {len(data) // (1024 * 1024)} MB; a poster may be at most "
            f"{MAX_SVG_BYTES // (1024 * 1024)} MB. Does a loop in the template run away?"
        )

    match = DTD_DECLARATION.search(data)
    if match:
        raise TemplateError(
            f"{where}: the SVG contains <!{match.group(1).decode().upper()}>; DOCTYPE and "
            "entity declarations are not allowed"
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            f"{where}: the filled-in template is not well-formed XML: {exc}. Check the "
            "template's markup; values from the content are escaped automatically"
        ) from None
    if root.getroottree().docinfo.doctype:
        raise TemplateError(f"{where}: the SVG has a DOCTYPE; that is not allowed")
    if root.tag != f"{{{SVG_NS}}}svg":
        raise TemplateError(
            f'{where}: the root element must be <svg xmlns="{SVG_NS}">, found {root.tag}'
        )
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise TemplateError(f"{where}: the SVG uses the entity {node}; not allowed")
        if isinstance(node, etree._ProcessingInstruction):
            raise TemplateError(
                f"{where}: the SVG contains the processing instruction <?{node.target}?> "
                f"(line {node.sourceline}); not allowed"
            )
        if not isinstance(node.tag, str):
            continue
        local = etree.QName(node).localname
        if local in _FORBIDDEN_ELEMENTS:
            raise TemplateError(
                f"{where}: <{local}> on line {node.sourceline} is not allowed in a poster"
            )
        for name in node.attrib:
            if etree.QName(name).localname.lower().startswith("on"):
                raise TemplateError(
                    f"{where}: the event handler attribute {etree.QName(name).localname!r} "
                    f"on line {node.sourceline} is not allowed"
                )
    for sibling in _siblings(root):
        if isinstance(sibling, etree._ProcessingInstruction):
            raise TemplateError(
                f"{where}: the processing instruction <?{sibling.target}?> is not allowed"
            )
    return root


def _siblings(root: Any) -> list[Any]:
    found = []
    node = root.getprevious()
    while node is not None:
        found.append(node)
        node = node.getprevious()
    node = root.getnext()
    while node is not None:
        found.append(node)
        node = node.getnext()
    return found


def inside(path: Path, roots: Sequence[Path]) -> bool:
    """Whether `path` (symlinks resolved) lies inside one of `roots`."""
    real = Path(os.path.realpath(path))
    for root in roots:
        base = Path(os.path.realpath(root))
        if real == base or base in real.parents:
            return True
    return False


def _local_path(reference: str, base_dir: Path) -> Path | None:
    """The file a reference names, or None when it is not a local file reference."""
    parsed = urlparse(reference)
    if parsed.scheme == "file":
        if parsed.netloc not in ("", "localhost"):
            return None
        return Path(unquote(parsed.path))
    if parsed.scheme or reference.startswith("//"):
        return None
    path = Path(unquote(parsed.path))
    return path if path.is_absolute() else base_dir / path


def _image_data_url(path: Path, reference: str, where: str) -> str:
    data = path.read_bytes()
    for magic, mime in _IMAGE_TYPES.items():
        if data.startswith(magic):
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    head = data[:1024].lstrip()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096]:
        parse_svg(data, f"{where}: image {reference}")
        return f"data:image/svg+xml;base64,{base64.b64encode(data).decode('ascii')}"
    raise TemplateError(
        f"{where}: the image {reference} is not a PNG, JPEG or SVG file; convert it to PNG"
    )


def inline_references(root: Any, base_dir: Path, allowed_roots: Sequence[Path], where: str) -> None:
    """Check every reference in the SVG, and inline the allowed local images.

    Allowed: "#id" inside the document; data: URLs of PNG, JPEG and SVG images; and files
    inside `allowed_roots` (relative references start from `base_dir`), which become data:
    URLs here, so that the SVG stands alone and CairoSVG never needs to open a file.
    """
    from lxml import etree

    href_names = ("href", f"{{{XLINK_NS}}}href")
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        local = etree.QName(node).localname
        for name in href_names:
            reference = node.get(name)
            if reference is None:
                continue
            reference = reference.strip()
            if reference.startswith("#"):
                continue
            if reference.startswith("data:"):
                if local == "image" and re.match(
                    r"data:image/(png|jpeg|svg\+xml)[;,]", reference, re.IGNORECASE
                ):
                    continue
                raise TemplateError(
                    f"{where}: only PNG, JPEG and SVG images may be given as data: URLs "
                    f"(line {node.sourceline})"
                )
            path = _local_path(reference, base_dir)
            if path is None:
                raise TemplateError(
                    f"{where}: the reference {reference!r} on line {node.sourceline} points "
                    "outside the project; a poster may only use images inside content/ or "
                    "templates/"
                )
            if local != "image":
                raise TemplateError(
                    f"{where}: <{local}> on line {node.sourceline} refers to the file "
                    f"{reference!r}; only <image> may use a file, other references must "
                    "point inside the SVG (#id)"
                )
            if not inside(path, allowed_roots):
                raise TemplateError(
                    f"{where}: the image {reference!r} on line {node.sourceline} is outside "
                    "content/ and templates/; a poster may only use images from there"
                )
            if not path.is_file():
                raise TemplateError(f"{where}: the image {reference!r} does not exist")
            node.set(name, _image_data_url(path, reference, where))
        for name, value in node.attrib.items():
            if name in href_names:
                continue
            _check_css_urls(value, where, node.sourceline)
        if local == "style" and node.text:
            if re.search(r"@import", node.text, re.IGNORECASE):
                raise TemplateError(f"{where}: @import in <style> is not allowed")
            _check_css_urls(node.text, where, node.sourceline)


def _check_css_urls(text: str, where: str, line: int | None) -> None:
    for match in _URL_IN_CSS.finditer(text):
        target = match.group(2).strip()
        if not target.startswith("#"):
            raise TemplateError(
                f"{where}: url({target}) on line {line} is not allowed; a url() in a poster "
                "may only point inside the SVG, like url(#gradient)"
            )


# --------------------------------------------------------------------------- rendering


class RefusedURL(Exception):
    """A URL the poster's url_fetcher will not open."""


def url_fetcher(allowed_roots: Sequence[Path]) -> Callable[[str, str], bytes]:
    """A CairoSVG url_fetcher that opens only data: URLs and files inside `allowed_roots`."""
    roots = [Path(r) for r in allowed_roots]

    def fetch(url: str, resource_type: str) -> bytes:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            from urllib.request import urlopen

            with urlopen(url) as response:  # noqa: S310 - data: URLs only, checked above
                return bytes(response.read())
        if parsed.scheme == "file" and parsed.netloc in ("", "localhost"):
            path = Path(unquote(parsed.path))
            if inside(path, roots) and path.is_file():
                return path.read_bytes()
        raise RefusedURL(f"the poster refers to {url}, which is outside content/ and templates/")

    return fetch


@dataclass(frozen=True)
class Job:
    """One output of one SVG: a PDF, or a PNG at a width or height in pixels."""

    format: Literal["pdf", "png"]
    output_width: int | None = None
    output_height: int | None = None
    background: str | None = None


def render(
    items: Sequence[tuple[bytes, Job]],
    *,
    allowed_roots: Sequence[Path],
    fonts: Sequence[Path],
    time_limit: float = DEFAULT_TIME_LIMIT,
    where: str = "the SVG",
) -> list[bytes]:
    """Render each (svg, job) with CairoSVG in one child process, under `time_limit` seconds.

    The SVGs must have passed `parse_svg` and `inline_references`. `fonts` are the font files
    they use: fontconfig in the child sees only their folders. A result rendered before from
    the same inputs comes from `svgcache` (when the build turned it on), without a child.
    """
    from pipeline.render.poster import svgcache

    keys = [svgcache.key(svg, asdict(job), fonts, allowed_roots) for svg, job in items]
    found = [svgcache.get(entry) for entry in keys]
    missing = [index for index, data in enumerate(found) if data is None]
    if missing:
        rendered = _run_child(
            [items[index] for index in missing], allowed_roots, fonts, time_limit, where
        )
        for index, data in zip(missing, rendered, strict=True):
            found[index] = data
            svgcache.put(keys[index], data)
    return [data for data in found if data is not None]


def _run_child(
    items: Sequence[tuple[bytes, Job]],
    allowed_roots: Sequence[Path],
    fonts: Sequence[Path],
    time_limit: float,
    where: str,
) -> list[bytes]:
    """Render the items with CairoSVG in one sandboxed child process."""
    # Imported here, not at the top: the child imports this module and needs neither.
    from pipeline.render.poster.fonts import fontconfig_conf

    request = json.dumps(
        {
            "jobs": [
                {**asdict(job), "svg": base64.b64encode(svg).decode("ascii")} for svg, job in items
            ],
            "allowed_roots": [str(r) for r in allowed_roots],
            "time_limit": time_limit,
        }
    )
    package_parent = str(Path(__file__).resolve().parents[3])
    with tempfile.TemporaryDirectory(prefix="samling-fc-") as tmp:
        conf = Path(tmp) / "fonts.conf"
        conf.write_text(fontconfig_conf(list(fonts), Path(tmp) / "cache"), encoding="utf-8")
        env = dict(os.environ)
        env.pop("FONTCONFIG_PATH", None)
        env["FONTCONFIG_FILE"] = str(conf)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_parent, env.get("PYTHONPATH", "")) if p
        )
        try:
            result = subprocess.run(
                [sys.executable, "-c", WORKER_COMMAND],
                input=request.encode("ascii"),
                capture_output=True,
                timeout=time_limit,
                env=env,
                cwd=tmp,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise TemplateError(
                f"{where}: rendering was stopped after {time_limit:g} s. CairoSVG was still "
                "busy; deeply nested <use> elements or huge patterns do this. Simplify the "
                "template"
            ) from None
        except OSError as exc:
            raise ToolError(f"could not start the SVG renderer: {exc}") from None
    try:
        answer = json.loads(result.stdout.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        stderr = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = stderr[-1] if stderr else f"exit status {result.returncode}"
        if result.returncode < 0 or "MemoryError" in detail:
            raise TemplateError(
                f"{where}: rendering was stopped ({detail}); the SVG needs more time or memory "
                "than a poster may take. Simplify the template"
            ) from None
        raise ToolError(f"the SVG renderer failed: {detail}") from None
    if not answer.get("ok"):
        if answer.get("kind") == "refused":
            raise TemplateError(f"{where}: {answer['message']}")
        raise TemplateError(f"{where}: CairoSVG could not render it: {answer['message']}")
    return [base64.b64decode(item) for item in answer["outputs"]]


def exact_font_options(context: Any) -> None:
    """Turn off hinting on a cairo context, so text advances exactly as fontTools measures.

    Raster surfaces hint by default: each letter's advance is rounded to whole pixels, and a
    word comes out up to a pixel per letter wider than measured. PDF output is unhinted anyway.
    """
    import cairocffi

    options = cairocffi.FontOptions()
    options.set_hint_metrics(cairocffi.HINT_METRICS_OFF)
    options.set_hint_style(cairocffi.HINT_STYLE_NONE)
    context.set_font_options(options)


def _exact_metrics_everywhere() -> None:
    """In the child process: every cairo context CairoSVG makes gets exact_font_options."""
    import cairocffi

    class ExactContext(cairocffi.Context):
        def __init__(self, target: Any) -> None:
            super().__init__(target)
            exact_font_options(self)

    cairocffi.Context = ExactContext


def _worker() -> None:
    """The child process: read one request on stdin, write the outputs as JSON on stdout."""
    import resource

    request = json.loads(sys.stdin.buffer.read())
    seconds = int(float(request["time_limit"])) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    gigabytes = 4 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (gigabytes, gigabytes))

    import cairosvg.surface

    _exact_metrics_everywhere()
    fetch = url_fetcher([Path(r) for r in request["allowed_roots"]])
    outputs = []
    try:
        for job in request["jobs"]:
            options: dict[str, Any] = {
                "bytestring": base64.b64decode(job["svg"]),
                "unsafe": False,
                "url_fetcher": fetch,
            }
            if job["output_width"]:
                options["output_width"] = job["output_width"]
            if job["output_height"]:
                options["output_height"] = job["output_height"]
            if job["background"]:
                options["background_color"] = job["background"]
            surface = (
                cairosvg.surface.PDFSurface
                if job["format"] == "pdf"
                else cairosvg.surface.PNGSurface
            )
            outputs.append(base64.b64encode(surface.convert(**options)).decode("ascii"))
    except RefusedURL as exc:
        answer: dict[str, Any] = {"ok": False, "kind": "refused", "message": str(exc)}
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a clean error
        answer = {"ok": False, "kind": "cairo", "message": f"{type(exc).__name__}: {exc}"}
    else:
        answer = {"ok": True, "outputs": outputs}
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()
