"""The sub-commands of ``jpnews-tags``: one module each, all registered the same way.

Each module listed in :data:`COMMAND_MODULES` exposes ``register(sub)``. It adds its parser with
:func:`jpnews_tags.cli.common.add_command`, only the option groups that apply to it (dictionary options, tag
options, output options; see :mod:`jpnews_tags.cli.common` and :mod:`jpnews_tags.cli.output`), and sets
``func``: called as ``func(args, out, err)``, it returns the exit status (see :mod:`jpnews_tags.cli.output` for
the policy every command follows).
"""

from __future__ import annotations

#: Modules (relative to this package) whose ``register`` the CLI calls, in the order of ``jpnews-tags --help``.
COMMAND_MODULES: tuple[str, ...] = (
    "analyze",
    "tags",
    "batch",
    "enrich",
    "report",
    "discover",
    "dict",
    "harvest_tags",
    "build_background",
    "evaluate",
    "train",
    "schema",
    "serve",
)
