"""Installed Argos Translate packages: list, find, remove — offline, no network.

Packages live in ``Settings.models_dir``, one folder per package as Argos lays them out, each
with a ``metadata.json`` (``from_code``, ``to_code``, ``package_version``). When several packages
serve one pair the newest version wins, compared with ``version_key`` (numerically: 1.10 is newer
than 1.9) — the same order ``l10n.engines.install`` uses to pick from a package index.

Installing (from files, an index or a URL) is ``l10n.engines.install``; this module is what the
engine needs at run time.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import ModelError, UsageError
from l10n.settings import Settings


@dataclass(frozen=True)
class InstalledPackage:
    name: str
    from_code: str
    to_code: str
    version: str
    path: Path

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)

    def to_dict(self) -> dict:
        return {"name": self.name, "from": self.from_code, "to": self.to_code,
                "version": self.version, "path": str(self.path)}


def read_metadata(folder: Path) -> dict:
    meta_path = folder / "metadata.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError("package has no metadata.json", where=str(folder)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"metadata.json is not valid JSON ({exc})", where=str(meta_path)) from None
    if not isinstance(meta, dict):
        raise ModelError("metadata.json must hold an object", where=str(meta_path))
    for key in ("from_code", "to_code"):
        if not isinstance(meta.get(key), str) or not meta[key]:
            raise ModelError(f"metadata.json lacks {key!r}", where=str(meta_path))
    if meta.get("type", "translate") != "translate":
        raise ModelError(f"package type {meta.get('type')!r} is not a translation package",
                         where=str(meta_path))
    return meta


def installed_packages(settings: Settings) -> list[InstalledPackage]:
    """Installed translation packages, sorted by pair, then version (oldest first, compared with
    ``version_key``). Unreadable folders are skipped."""
    root = settings.models_dir
    if not root.is_dir():
        return []
    out = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        try:
            meta = read_metadata(folder)
        except ModelError:
            continue
        out.append(InstalledPackage(folder.name, meta["from_code"], meta["to_code"],
                                    str(meta.get("package_version", "")), folder))
    return sorted(out, key=lambda p: (p.pair, version_key(p.version)))


def find_installed(settings: Settings, src: str, tgt: str) -> InstalledPackage | None:
    """The newest installed package for ``src -> tgt``, or None."""
    matches = [p for p in installed_packages(settings) if p.pair == (src, tgt)]
    return matches[-1] if matches else None


def parse_pair(text: str) -> tuple[str, str]:
    """``"en-uk"`` / ``"en_uk"`` / ``"en:uk"`` -> ``("en", "uk")``."""
    for sep in ("-", "_", ":", ">"):
        if sep in text:
            a, _, b = text.partition(sep)
            if a.strip() and b.strip():
                return a.strip().lower(), b.strip().lower()
    raise UsageError(f"expected a language pair like en-uk, got {text!r}")


def remove(settings: Settings, src: str, tgt: str) -> InstalledPackage:
    pkg = find_installed(settings, src, tgt)
    if pkg is None:
        raise ModelError(f"no package installed for {src}->{tgt}")
    trash = pkg.path.with_name(f".removing-{pkg.path.name}")
    os.replace(pkg.path, trash)
    shutil.rmtree(trash, ignore_errors=True)
    return pkg


def version_key(version: str) -> tuple:
    """Sort key for package versions: numeric parts compare as numbers, others as text.

    >>> sorted(["1.10", "1.9", "1.9.1", "2.0-beta"], key=version_key)
    ['1.9', '1.9.1', '1.10', '2.0-beta']
    """
    parts = []
    for piece in version.replace("-", ".").split("."):
        parts.append((0, int(piece), "") if piece.isdigit() else (1, 0, piece))
    return tuple(parts)
