"""Sub-commands of ``jpnews-tags`` that live in their own modules.

Each module here exposes ``register(sub, common)``: ``sub`` is the argparse sub-parser collection and
``common`` adds the shared analyzer options (``--dict``, ``--no-package-dict``, ``--no-discovery``,
``--max-tags``, ``--min-score``) to a parser. The command function it sets with ``set_defaults(func=...)`` is
called as ``func(args, out, err)`` and returns the exit status. :mod:`jpnews_tags.cli.main` lists the modules in
:data:`COMMAND_MODULES`.
"""

from __future__ import annotations

#: Modules (relative to this package) whose ``register`` the CLI calls, in help order.
COMMAND_MODULES: tuple[str, ...] = ("batch", "report", "tags", "enrich")
