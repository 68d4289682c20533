"""Where shared state lives: embedded SQLite under ``$L10N_HOME`` (the default, no server) or one
PostgreSQL named by ``--database-url`` / ``L10N_DATABASE_URL`` (scale-out: many service replicas and
``l10n worker`` processes on any number of machines).

The translation memory, the job store, webhook delivery state, stored glossaries and API-key
hashes each have one interface with the two implementations side by side; ``l10n.storage.postgres``
is the only module that opens PostgreSQL connections.

This package is below the stores that use it: ``l10n.tm.pgstore`` and ``l10n.service.pgjobs`` import
``l10n.storage.postgres``, never the reverse (``l10n.tm.memory_for`` picks the memory's backend).
"""

from __future__ import annotations

import os
from typing import Mapping

ENV = "L10N_DATABASE_URL"


def database_url(explicit: str | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """The PostgreSQL URL to use: ``explicit`` (``--database-url``), else ``$L10N_DATABASE_URL``, else
    None (= embedded SQLite).

    >>> database_url("postgresql://db/l10n", {})
    'postgresql://db/l10n'
    >>> database_url(None, {}) is None
    True
    """
    env = os.environ if env is None else env
    return explicit or env.get(ENV) or None
