"""``jpnews-tags serve``: the HTTP service and the editor's page (docs/serve.md), on uvicorn.

The command checks its options and the analyzer's (a bad dictionary or vocabulary is a usage error before the
server starts), then hands uvicorn the import string of :func:`worker_app`: each worker process calls it once,
which loads that worker's analyzer from the options passed in the environment (``JPNEWS_TAGS_SERVE``). The
options are the command line's own, rebuilt by :func:`jpnews_tags.cli.common.analyzer_options` in the worker:
one place turns options into an analyzer.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any, TextIO

from .common import add_command, add_dictionary_options, add_tag_options, analyzer_options
from .output import OK, CommandError, dump

#: The environment variable that carries the options to the worker processes.
ENV = "JPNEWS_TAGS_SERVE"
#: The options a worker needs to build its analyzer (the dictionary and tag options).
ANALYZER_OPTIONS = (
    "dict",
    "no_package_dict",
    "no_discovery",
    "no_recognizer",
    "model",
    "model_threshold",
    "max_tags",
    "min_score",
    "vocabulary",
    "no_new_tags",
    "no_keyphrases",
)


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "serve",
        help="an HTTP service (analyze, tags, enrich) and an editor's page; needs the serve extra",
        description="Serve POST /analyze, /tags, /enrich and GET /health (JSON, OpenAPI at /openapi.json) and the "
        "editor's page at /. Needs the serve extra: pip install 'jpnews-tags[serve]'.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument(
        "--workers", type=int, default=1, metavar="N", help="worker processes, each with its own analyzer (default: 1)"
    )
    p.add_argument(
        "--max-bytes", type=int, default=1 << 20, metavar="N", help="largest request body in bytes (default: 1 MiB)"
    )
    p.add_argument("--no-page", action="store_true", help="serve the API only, not the editor's page")
    p.add_argument(
        "--openapi", action="store_true", help="print the service's OpenAPI document (JSON) and exit, serving nothing"
    )
    add_dictionary_options(p)
    add_tag_options(p)
    p.set_defaults(func=run)


def _worker_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "analyzer": {k: getattr(args, k) for k in ANALYZER_OPTIONS},
        "max_bytes": args.max_bytes,
        "page": not args.no_page,
    }


def worker_app() -> Any:
    """The application of one worker process (uvicorn's factory): options from :data:`ENV`."""
    from ..serve import create_app

    options = json.loads(os.environ[ENV])
    analyzer = analyzer_options(argparse.Namespace(**options["analyzer"]))
    return create_app(analyzer.build, max_bytes=options["max_bytes"], page=options["page"])


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        import uvicorn

        import jpnews_tags.serve  # noqa: F401  (the extra's packages are all there)
    except ImportError as exc:
        missing = f"needs the serve extra ({exc.name} is missing): pip install 'jpnews-tags[serve]'"
        raise CommandError(missing) from exc
    if args.openapi:
        from ..serve import create_app

        dump(create_app(lambda: None).openapi(), out, pretty=True)  # type: ignore[arg-type,return-value]
        return OK
    if args.workers < 1 or args.max_bytes < 1 or not 0 <= args.port < 65536:
        raise CommandError("--workers and --max-bytes must be at least 1, --port between 0 and 65535")
    options = _worker_options(args)
    try:
        analyzer_options(argparse.Namespace(**options["analyzer"]))  # a bad vocabulary stops here, not in a worker
    except (ValueError, OSError) as exc:
        raise CommandError(str(exc)) from exc
    os.environ[ENV] = json.dumps(options)
    err.write(f"jpnews-tags: serving on http://{args.host}:{args.port}/ with {args.workers} worker(s)\n")
    err.flush()
    uvicorn.run(
        "jpnews_tags.cli.serve:worker_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="warning",
        access_log=False,
    )
    return OK
