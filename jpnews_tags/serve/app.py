"""The ASGI application of ``jpnews-tags serve`` (FastAPI): the endpoints, the size limit, the errors, the page.

One analyzer per worker process, loaded once when the worker starts (the lifespan), never per request. Analysis
is CPU work: each request's analysis runs in a thread, one at a time per worker (the analyzer is not shared
between threads), so the event loop keeps answering (``/health`` stays quick under load) and requests are served
concurrently by running several worker processes (``--workers N``).

Example:
    >>> from fastapi.testclient import TestClient
    >>> from jpnews_tags import Analyzer
    >>> with TestClient(create_app(Analyzer)) as client:
    ...     r = client.post("/tags", json={"text": "エヌビディアはGPUを発表した。", "preset": "zenn"})
    >>> r.status_code, r.json()["tags"][0]["tag"]
    (200, 'nvidia')
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any, TypeVar

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..documents.document import SupportsAnalyze, analyze_document, parse_document
from ..enrich.plan import EnrichError, EnrichOptions, enrich_text
from ..enrich.platforms import PRESETS, name_index, platform_tags
from ..models import Analysis, Versions
from ..version import __version__
from .models import (
    AnalyzeRequest,
    EnrichRequest,
    EnrichResponse,
    Health,
    LeftOutTag,
    Problem,
    TagsRequest,
    TagsResponse,
)

#: The largest request body accepted by default (an article is 5-50 KB; 1 MiB leaves room for long ones).
DEFAULT_MAX_BYTES = 1 << 20
#: The response header naming the worker process that answered (the load test counts requests per worker).
WORKER_HEADER = "x-jpnews-tags-worker"
T = TypeVar("T")
_PAGE = files("jpnews_tags.serve") / "static"


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` gets 413 before the application sees it, whether its
    length is announced (``Content-Length``) or streamed (chunked: the 413 goes out as soon as the count passes
    the limit, the application is told the client left, and whatever it answers is dropped)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        seen, refused = 0, False

        async def counted() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    refused = True
                    await self._refuse(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not refused:
                raise

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await _problem(413, f"request body over {self.max_bytes:,} bytes")(scope, receive, send)


def _problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(x) for x in loc if x != "body"]
    return ".".join(parts) or "body"


def create_app(
    load: Callable[[], SupportsAnalyze], *, max_bytes: int = DEFAULT_MAX_BYTES, page: bool = True
) -> FastAPI:
    """The service around the analyzer ``load()`` returns (called once, when the worker starts).

    ``max_bytes``: the largest request body (413 above it); ``page``: serve the editor's page at ``/``.
    """
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state["analyzer"] = await anyio.to_thread.run_sync(load)
        state["names"] = name_index(state["analyzer"])
        state["lock"] = anyio.CapacityLimiter(1)
        yield
        state.clear()

    app = FastAPI(
        title="jpnews-tags",
        version=__version__,
        summary="Typed, canonical entities and explained tags for Japanese tech news.",
        description="Entities and tags of Japanese tech posts; tags written into their front matter. "
        "Models and JSON Schema are the library's (docs/serve.md).",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN; everything here works offline
        redoc_url=None,
        responses={413: {"model": Problem}, 422: {"model": Problem}},
    )
    app.add_middleware(BodyLimit, max_bytes=max_bytes)
    worker = str(os.getpid())

    @app.middleware("http")
    async def which_worker(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers[WORKER_HEADER] = worker
        return response

    async def run(fn: Callable[[], T]) -> T:
        return await anyio.to_thread.run_sync(fn, limiter=state["lock"])

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _problem(400, "the body is not valid JSON")
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        message = f"{_where(tuple(first.get('loc', ())))}: {first.get('msg', 'invalid')}"
        message = message.replace("Value error, ", "")
        return _problem(422, message + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _problem(exc.status_code, str(exc.detail))

    @app.exception_handler(ValueError)
    async def unusable(request: Request, exc: ValueError) -> JSONResponse:
        return _problem(422, str(exc).splitlines()[0] if str(exc) else "invalid input")

    @app.get("/health", response_model=Health, tags=["service"])
    async def health() -> Health:
        """The worker is up, its analyzer loaded; which worker answered, and the versions."""
        versions = getattr(state["analyzer"], "versions", None) or Versions(library=__version__, dictionary="unknown")
        return Health(status="ok", worker=os.getpid(), versions=versions)

    @app.post("/analyze", response_model=Analysis, tags=["analysis"])
    async def analyze(req: AnalyzeRequest) -> Analysis:
        """Entities (offsets into the whole text) and tags of a post or a text: ``jpnews-tags analyze FILE``."""
        return await run(lambda: analyze_document(state["analyzer"], req.text, req.title))

    @app.post("/tags", response_model=TagsResponse, tags=["analysis"])
    async def tags(req: TagsRequest) -> TagsResponse:
        """Suggested tags with scores, sources and reasons; with ``preset``, as that platform can write them
        (mapped, limited, or left out with a reason): ``jpnews-tags tags --preset``."""
        result = await run(lambda: analyze_document(state["analyzer"], req.text, req.title))
        if req.preset is None:
            return TagsResponse(title=result.title, tags=result.tags)
        preset = PRESETS[req.preset]
        mapped = platform_tags(result.tags, preset, state["names"])
        kept = mapped.tags[: preset.max_tags]
        left = [LeftOutTag(tag=x.tag, reason=x.reason) for x in mapped.left_out]
        limit = f"{preset.title} allows {preset.max_tags} {preset.key}"
        left += [LeftOutTag(tag=t.tag, reason=limit) for t in mapped.tags[len(kept) :]]
        return TagsResponse(title=result.title, tags=kept, preset=req.preset, left_out=left)

    @app.post("/enrich", response_model=EnrichResponse, responses={422: {"model": Problem}}, tags=["front matter"])
    async def enrich(req: EnrichRequest) -> EnrichResponse:
        """A post in; the post with its tags written into the front matter (only those lines change), the diff,
        the notes: ``jpnews-tags enrich`` on a text. Nothing is stored."""
        options = EnrichOptions(
            key=req.key or "",
            policy=req.policy,
            max_new=req.max_new,
            entities_key=req.entities_key,
            add_front_matter=req.add_front_matter,
            preset=req.preset,
        )
        try:
            r = await run(lambda: enrich_text(req.text, state["analyzer"], options))
        except EnrichError as exc:
            raise StarletteHTTPException(422, str(exc)) from exc
        assert r.status != "failed"
        edited = parse_document(r.text, options.limits)
        return EnrichResponse(
            status=r.status,
            text=r.text,
            front_matter=r.text[: edited.body_start] if edited.header is not None else None,
            diff=r.diff(),
            key=options.key,
            tags=r.tags,
            added=r.added,
            notes=r.notes,
            left_out=[LeftOutTag(tag=x.tag, reason=x.reason) for x in r.left_out],
            reason=r.reason,
        )

    if page:

        @app.get("/", response_class=HTMLResponse, include_in_schema=False)
        async def index() -> HTMLResponse:
            return HTMLResponse(_PAGE.joinpath("index.html").read_text(encoding="utf-8"))

        @app.get("/static/{name}", include_in_schema=False)
        async def static(name: str) -> Response:
            kinds = {".js": "text/javascript", ".css": "text/css"}
            kind = next((v for k, v in kinds.items() if name.endswith(k)), None)
            item = _PAGE.joinpath(name)
            if kind is None or "/" in name or not item.is_file():
                return _problem(404, f"no such file: {name}")
            return Response(item.read_text(encoding="utf-8"), media_type=f"{kind}; charset=utf-8")

    return app
