"""Installing Argos Translate packages (``.argosmodel``): from a file or folder, a package index, a URL.

This is the only module of the toolkit that touches the network, and only when asked
(``l10n models install`` with a pair name, an index URL or a package URL). Every access has a
timeout and fails with one clear message.

Packages are installed into ``Settings.models_dir`` (one folder per package, as Argos lays them
out). Installation is atomic: the archive is downloaded to a temporary file, checked (size and
SHA-256 when the index gives them), unpacked into a temporary folder beside the destination,
validated (``metadata.json``, CTranslate2 model, tokenizer, and loadable by ``argostranslate``),
and only then renamed into place — an interrupted install leaves nothing half-installed.

Listing and removing installed packages needs no network and lives in ``l10n.engines.packages``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from l10n.engines import archive as archive_mod
from l10n.engines.argos import load_argos_package
from l10n.engines.packages import InstalledPackage, read_metadata, version_key
from l10n.errors import ModelError, UsageError
from l10n.settings import Settings

#: progress(done_bytes, total_bytes_or_None, label)
Progress = Callable[[int, int | None, str], None]

_CHUNK = 1 << 16


@dataclass(frozen=True)
class IndexEntry:
    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]
    size: int | None
    sha256: str | None
    metadata: dict

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)


# ---------------------------------------------------------------- install from files

def _validate_package_dir(folder: Path) -> dict:
    meta = read_metadata(folder)
    if not (folder / "model" / "model.bin").is_file():
        raise ModelError("package has no CTranslate2 model (model/model.bin)", where=str(folder))
    if not ((folder / "sentencepiece.model").is_file() or (folder / "bpe.model").is_file()):
        raise ModelError("package has no tokenizer (sentencepiece.model or bpe.model)",
                         where=str(folder))
    archive_mod.check_loadable(folder)
    # Prove argostranslate itself accepts the package (same loader the engine uses).
    load_argos_package(folder)
    return meta


def install_file(settings: Settings, archive: Path, *, label: str | None = None) -> InstalledPackage:
    """Install one ``.argosmodel`` archive atomically; replaces an installed package of the same name."""
    archive = Path(archive)
    where = label or str(archive)
    if not archive.is_file():
        raise ModelError("no such file", where=where)
    if not zipfile.is_zipfile(archive):
        raise ModelError("not an Argos package (not a zip archive)", where=where)
    root = settings.models_dir
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
    try:
        archive_mod.extract(archive, staging, where=where)  # bounded: a zip bomb stops mid-way
        entries = [p for p in staging.iterdir()]
        if len(entries) == 1 and entries[0].is_dir():
            unpacked = entries[0]
        elif (staging / "metadata.json").is_file():
            unpacked = staging
        else:
            raise ModelError("archive must hold one package folder with metadata.json", where=where)
        try:
            meta = _validate_package_dir(unpacked)
        except ModelError as exc:
            raise ModelError(exc.message, where=where) from None
        name = unpacked.name if unpacked is not staging else archive.stem
        if name.startswith("."):
            name = archive.stem
        dest = root / name
        ready = root / f".ready-{name}"
        if ready.exists():
            shutil.rmtree(ready)
        os.replace(unpacked, ready)
        if dest.exists():
            old = root / f".replaced-{name}"
            if old.exists():
                shutil.rmtree(old)
            os.replace(dest, old)
            os.replace(ready, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(ready, dest)
        return InstalledPackage(name, meta["from_code"], meta["to_code"],
                                str(meta.get("package_version", "")), dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def install_path(settings: Settings, path: Path) -> list[InstalledPackage]:
    """Install a ``.argosmodel`` file, or every ``.argosmodel`` in a folder (air-gapped installs)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.argosmodel"))
        if not files:
            raise ModelError("no .argosmodel files in folder", where=str(path))
        return [install_file(settings, f) for f in files]
    return [install_file(settings, path)]


# ---------------------------------------------------------------- index and downloads

def _index_json_url(url: str) -> str:
    if url.endswith(".json"):
        return url
    return url.rstrip("/") + "/index.json"


def _open(url: str, timeout: float):
    scheme = urllib.parse.urlparse(url).scheme
    if scheme not in ("http", "https", "file"):
        raise UsageError(f"unsupported URL scheme in {url!r} (use http, https or file)")
    req = urllib.request.Request(url, headers={"User-Agent": "l10n-models/0.1"})
    try:
        return urllib.request.urlopen(req, timeout=timeout)
    except urllib.error.HTTPError as exc:
        raise ModelError(f"HTTP {exc.code} {exc.reason}", where=url) from None
    except urllib.error.URLError as exc:
        raise ModelError(f"cannot reach server ({exc.reason}); offline? install from a file "
                         f"with 'l10n models install PATH.argosmodel'", where=url) from None
    except (TimeoutError, OSError) as exc:
        raise ModelError(f"network error ({exc})", where=url) from None


def fetch_index(settings: Settings, index_url: str | None = None) -> list[IndexEntry]:
    """Download and parse an Argos package index (a JSON list of package metadata)."""
    url = _index_json_url(index_url or settings.index_url)
    with _open(url, settings.download_timeout) as resp:
        raw = resp.read()
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"package index is not valid JSON ({exc})", where=url) from None
    if not isinstance(data, list):
        raise ModelError("package index must be a JSON list", where=url)
    entries = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or item.get("type", "translate") != "translate":
            continue
        if not item.get("from_code") or not item.get("to_code") or not item.get("links"):
            continue
        sha = item.get("sha256") or item.get("checksum")
        links = tuple(urllib.parse.urljoin(url, link) for link in item["links"])
        entries.append(IndexEntry(item["from_code"], item["to_code"], str(item.get("package_version", "")),
                                  links, item.get("size"), sha, item))
    return entries


def _mirror(link: str, mirror_url: str | None) -> str:
    if not mirror_url:
        return link
    name = Path(urllib.parse.urlparse(link).path).name
    return mirror_url.rstrip("/") + "/" + name


def download(settings: Settings, url: str, dest_dir: Path, *, size: int | None = None,
             sha256: str | None = None, progress: Progress | None = None) -> Path:
    """Download ``url`` into a temporary file in ``dest_dir``; verify size and SHA-256 when known."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".download-", suffix=".argosmodel", dir=dest_dir)
    digest = hashlib.sha256()
    done = 0
    label = Path(urllib.parse.urlparse(url).path).name or url
    try:
        with os.fdopen(fd, "wb") as out, _open(url, settings.download_timeout) as resp:
            total = size or (int(resp.headers["Content-Length"]) if resp.headers.get("Content-Length") else None)
            while True:
                try:
                    chunk = resp.read(_CHUNK)
                except (TimeoutError, OSError) as exc:
                    raise ModelError(f"download interrupted after {done} bytes ({exc})", where=url) from None
                if not chunk:
                    break
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total, label)
        if total is not None and done != total:
            raise ModelError(f"download incomplete: got {done} of {total} bytes", where=url)
        if sha256 and digest.hexdigest().lower() != sha256.lower():
            raise ModelError("checksum mismatch (SHA-256); the file was not installed", where=url)
        return Path(tmp)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def install_url(settings: Settings, url: str, *, size: int | None = None, sha256: str | None = None,
                progress: Progress | None = None) -> InstalledPackage:
    tmp = download(settings, url, settings.models_dir / ".downloads", size=size, sha256=sha256,
                   progress=progress)
    try:
        return install_file(settings, tmp, label=url)
    finally:
        tmp.unlink(missing_ok=True)


def install_pairs(settings: Settings, pairs: Iterable[tuple[str, str]], *, index_url: str | None = None,
                  mirror_url: str | None = None, progress: Progress | None = None) -> list[InstalledPackage]:
    """Install the newest index package for each pair (downloading from its links or a mirror)."""
    pairs = list(pairs)
    entries = fetch_index(settings, index_url)
    mirror_url = mirror_url or settings.mirror_url
    installed = []
    for src, tgt in pairs:
        candidates = [e for e in entries if e.pair == (src, tgt)]
        if not candidates:
            available = ", ".join(sorted({f"{e.from_code}-{e.to_code}" for e in entries})) or "none"
            raise ModelError(f"the package index has no {src}-{tgt} package (available: {available})",
                             where=_index_json_url(index_url or settings.index_url))
        entry = max(candidates, key=lambda e: version_key(e.version))
        errors = []
        for link in entry.links:
            try:
                installed.append(install_url(settings, _mirror(link, mirror_url), size=entry.size,
                                             sha256=entry.sha256, progress=progress))
                break
            except ModelError as exc:
                errors.append(str(exc))
        else:
            raise ModelError(f"could not install {src}-{tgt}: " + "; ".join(errors))
    return installed
