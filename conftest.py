"""Doctest collection over the package (``--doctest-modules``, ``l10n`` in ``testpaths``): modules
of an optional extra are skipped, not errors, when that extra is not installed."""

from __future__ import annotations

import importlib.util

#: module path -> the import it needs (the extra that provides it, see pyproject.toml)
_OPTIONAL = {
    "l10n/integrations/wagtail.py": "wagtail_localize",   # [wagtail]
    "l10n/storage/postgres.py": "psycopg",                # [postgres]
    "l10n/queue.py": "procrastinate",                     # [postgres]
    "l10n/service/pgjobs.py": "psycopg",                  # [postgres]
    "l10n/service": "fastapi",                            # [service]
}

collect_ignore = [path for path, module in _OPTIONAL.items() if importlib.util.find_spec(module) is None]
