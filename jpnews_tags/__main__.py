"""``python -m jpnews_tags`` runs the command line."""

from .cli import main

raise SystemExit(main())
