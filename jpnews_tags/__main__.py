"""``python -m jpnews_tags`` runs the command line."""

from .cli.main import main

raise SystemExit(main())
