"""``jpnews-tags serve``: an HTTP service (FastAPI on uvicorn) and an editor's page, an optional extra.

Install with ``pip install 'jpnews-tags[serve]'``. :func:`create_app` builds the ASGI application around an
analyzer factory; the endpoints take and return the library's models (docs/serve.md).
"""

from .app import DEFAULT_MAX_BYTES, BodyLimit, create_app

__all__ = ["DEFAULT_MAX_BYTES", "BodyLimit", "create_app"]
