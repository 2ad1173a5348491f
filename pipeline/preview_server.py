"""The web side of `samling preview N`: a starlette app served by uvicorn on 127.0.0.1.

    GET /                          the page (pipeline/preview_page/index.html)
    GET /static/...                its script and style
    GET /state                     what the page shows (PreviewState.snapshot), as JSON
    GET /picture/{doc}/{n}.png     slide or page n of the deck, guide or worksheets
    GET /events                    server-sent events: "update" after every change

The page fetches /state on every "update" and touches only the pictures whose version
changed. The rebuilds run in a thread of their own (`pipeline.preview.watch_and_refresh`), so
the page stays served while a build runs; uvicorn runs in the main thread, where Ctrl-C and
SIGTERM reach it.
"""

from __future__ import annotations

import asyncio
import socket
import tempfile
import threading
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline.errors import Diagnostic, ToolError
from pipeline.preview import DOCUMENTS, Preview, PreviewState, Say, start_pictures
from pipeline.preview import watch_and_refresh as _watch
from pipeline.project import Project

HOST = "127.0.0.1"
# How often an event stream looks at the state's generation. Polling a number is cheaper
# than it sounds and, unlike a thread blocked on a condition, ends at once when the browser
# goes away or the server stops.
POLL_SECONDS = 0.05
KEEPALIVE_SECONDS = 15.0
NO_STORE = {"Cache-Control": "no-store"}


def page_folder() -> Path:
    return Path(str(resources.files("pipeline") / "preview_page"))


def create_app(state: PreviewState) -> Starlette:
    folder = page_folder()

    async def index(_: Request) -> Response:
        return HTMLResponse((folder / "index.html").read_text(encoding="utf-8"), headers=NO_STORE)

    async def current(_: Request) -> Response:
        return JSONResponse(state.snapshot(), headers=NO_STORE)

    async def picture(request: Request) -> Response:
        document, number = request.path_params["document"], request.path_params["number"]
        png = state.picture(document, number) if document in DOCUMENTS else None
        if png is None:
            return Response("no such picture", status_code=404, media_type="text/plain")
        # The URL carries the picture's version, so the page asks again only when it changed.
        return Response(png, media_type="image/png", headers=NO_STORE)

    async def events(_: Request) -> Response:
        return StreamingResponse(
            event_stream(state), media_type="text/event-stream", headers=NO_STORE
        )

    return Starlette(
        routes=[
            Route("/", index),
            Route("/state", current),
            Route("/picture/{document}/{number:int}.png", picture),
            Route("/events", events),
            Mount("/static", StaticFiles(directory=folder), name="static"),
        ]
    )


async def event_stream(state: PreviewState) -> AsyncIterator[str]:
    """An "update" event at once and after every change; a comment now and then, so a proxy
    or the browser does not take a quiet stream for a dead one. Ends when the state closes."""
    seen = -1
    quiet = 0.0
    while not state.closed:
        if state.generation != seen:
            seen = state.generation
            quiet = 0.0
            yield f"event: update\ndata: {seen}\n\n"
        elif quiet >= KEEPALIVE_SECONDS:
            quiet = 0.0
            yield ": still here\n\n"
        await asyncio.sleep(POLL_SECONDS)
        quiet += POLL_SECONDS


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:`port` (0: any free port). Bound here, not by uvicorn,
    so the port chosen is known before the server starts and can be printed."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
    except OSError as exc:
        listener.close()
        raise ToolError(
            [
                Diagnostic(
                    "error",
                    f"cannot listen on {HOST}:{port}: {exc.strerror}",
                    hint="give another --port, or --port 0 for any free one",
                )
            ]
        ) from None
    listener.listen(64)
    return listener


def serve(project: Project, number: int, port: int, say: Say) -> None:
    """Serve the preview of samling `number` until Ctrl-C or SIGTERM."""
    import uvicorn

    listener = bind(port)
    with tempfile.TemporaryDirectory(prefix="samling-preview-") as scratch_name:
        scratch = Path(scratch_name)
        say("Starting LibreOffice for the pictures …")
        pictures = start_pictures(scratch, say)
        preview = Preview(project, number, pictures, scratch)
        stop = threading.Event()
        watcher = threading.Thread(target=_watch, args=(preview, stop), daemon=True)
        config = uvicorn.Config(
            create_app(preview.state),
            log_level="warning",
            lifespan="off",
            # An open event stream would otherwise hold the shutdown up forever.
            timeout_graceful_shutdown=1,
        )
        try:
            watcher.start()
            chosen = listener.getsockname()[1]
            say(f"Preview of samling {number}: http://{HOST}:{chosen}/ (Ctrl-C stops)")
            uvicorn.Server(config).run(sockets=[listener])
        finally:
            stop.set()
            preview.state.close()
            watcher.join(timeout=30)
            preview.pictures.close()
            listener.close()
