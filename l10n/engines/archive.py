"""Unpacking and vetting a package archive before anything of it is installed.

Why: a package is untrusted input. ``ZipFile.extractall`` writes whatever the archive claims — a
1 MiB archive can expand to gigabytes (a zip bomb fills the disk before any check runs) and member
names can point outside the folder. And a package whose tokenizer does not load installs fine and
only fails later, at the first translation. So extraction here streams every member through a byte
budget (the *actual* bytes written count, not the sizes the archive declares), refuses unsafe names,
and the tokenizer and model header are loaded once at install time.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from l10n.engines.limits import variable_shapes
from l10n.errors import ModelError

#: Expanded size allowed per byte of archive (model weights barely compress; bombs compress 1000x) …
MAX_RATIO = 20
#: … but never less than this (small packages with text files compress well) nor more than the cap.
MIN_BUDGET = 64 * 1024 * 1024
MAX_BUDGET = 16 * 1024 * 1024 * 1024
_CHUNK = 1024 * 1024


def extraction_budget(archive_size: int) -> int:
    """Bytes an archive of ``archive_size`` bytes may expand to.

    >>> extraction_budget(1024 * 1024) // (1024 * 1024)
    64
    """
    return max(MIN_BUDGET, min(MAX_BUDGET, MAX_RATIO * archive_size))


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise ValueError(f"unsafe path in archive: {name!r}")
    return path


def extract(archive: Path, dest: Path, *, where: str, budget: int | None = None) -> int:
    """Extract ``archive`` into the (empty) folder ``dest``; returns the bytes written.

    Stops as soon as the written bytes pass ``budget`` (default: ``extraction_budget``), so a zip
    bomb costs at most that much disk and time. CRCs are checked as members are read.
    """
    archive = Path(archive)
    limit = extraction_budget(archive.stat().st_size) if budget is None else budget
    written = 0
    try:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                try:
                    rel = _safe_name(info.filename)
                except ValueError as exc:
                    raise ModelError(str(exc), where=where) from None
                target = dest.joinpath(*rel.parts) if rel.parts else dest
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "wb") as out:
                    while chunk := src.read(_CHUNK):
                        written += len(chunk)
                        if written > limit:
                            raise ModelError(
                                f"archive expands to more than {limit // (1024 * 1024)} MiB "
                                f"(from {archive.stat().st_size} bytes); refusing it as a zip bomb",
                                where=where)
                        out.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise ModelError(f"corrupt archive ({exc})", where=where) from None
    except OSError as exc:
        raise ModelError(f"cannot unpack the archive ({exc.strerror or exc})", where=where) from None
    return written


def check_loadable(folder: Path) -> None:
    """Load the package's SentencePiece model and read its CTranslate2 model header, or raise
    a one-line ``ModelError`` saying which file is unusable."""
    spm_file = folder / "sentencepiece.model"
    if spm_file.is_file():
        import sentencepiece

        try:
            processor = sentencepiece.SentencePieceProcessor(model_file=str(spm_file))
            processor.encode("test", out_type=str)
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            detail = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
            raise ModelError(f"sentencepiece.model does not load ({detail})", where=str(folder)) from None
    try:
        variable_shapes(folder / "model" / "model.bin")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"model/model.bin is not a CTranslate2 model ({exc})", where=str(folder)) from None
