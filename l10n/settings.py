"""Runtime settings, built from the environment and command-line options; no I/O at import time.

Environment variables (all optional):

=====================  ==============================================================
``L10N_HOME``          data directory (models, translation memory, jobs); default
                       ``$XDG_DATA_HOME/l10n`` or ``~/.local/share/l10n``
``L10N_INDEX_URL``     Argos package index (``index.json`` URL or a folder URL holding it)
``L10N_MIRROR_URL``    folder URL that serves the ``.argosmodel`` files named in the index
``L10N_DEVICE``        ``cpu`` (default), ``cuda`` or ``auto``
``L10N_THREADS``       CTranslate2 threads per model (0 = every usable core)
``L10N_COMPUTE_TYPE``  CTranslate2 compute type (default ``int8`` on CPU, ``auto`` on CUDA)
``L10N_BEAM_SIZE``     beam size (default 2)
=====================  ==============================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from l10n.errors import UsageError

ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"


def default_home(env: Mapping[str, str]) -> Path:
    if env.get("L10N_HOME"):
        return Path(env["L10N_HOME"]).expanduser()
    xdg = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg).expanduser() / "l10n"


@dataclass(frozen=True)
class Settings:
    home: Path
    index_url: str = ARGOS_INDEX_URL
    mirror_url: str | None = None
    device: str = "cpu"
    threads: int = 0
    compute_type: str | None = None
    beam_size: int = 2
    max_batch_tokens: int = 2048   # CTranslate2 batches of at most this many source tokens
    length_penalty: float = 1.0    # CTranslate2's default (argostranslate decodes with 0.2)
    max_decoding_length: int = 256
    download_timeout: float = 30.0
    #: shared PostgreSQL (``postgresql://...``, ``$L10N_DATABASE_URL``); None = SQLite under ``home``
    database_url: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "home", Path(self.home).expanduser())

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def memory_path(self) -> Path:
        return self.home / "memory.sqlite3"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> "Settings":
        """Settings from ``env`` (default ``os.environ``); keyword overrides win (``None`` = not given)."""
        env = os.environ if env is None else env
        values: dict = {"home": default_home(env)}
        if env.get("L10N_INDEX_URL"):
            values["index_url"] = env["L10N_INDEX_URL"]
        if env.get("L10N_MIRROR_URL"):
            values["mirror_url"] = env["L10N_MIRROR_URL"]
        if env.get("L10N_DEVICE"):
            values["device"] = env["L10N_DEVICE"]
        if env.get("L10N_COMPUTE_TYPE"):
            values["compute_type"] = env["L10N_COMPUTE_TYPE"]
        if env.get("L10N_DATABASE_URL"):
            values["database_url"] = env["L10N_DATABASE_URL"]
        for key, name in (("threads", "L10N_THREADS"), ("beam_size", "L10N_BEAM_SIZE")):
            if env.get(name):
                try:
                    values[key] = int(env[name])
                except ValueError:
                    raise UsageError(f"{name} must be an integer, got {env[name]!r}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        if settings.device not in ("cpu", "cuda", "auto"):
            raise UsageError(f"device must be cpu, cuda or auto, got {settings.device!r}")
        return settings

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)
