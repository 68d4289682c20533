"""``kill -9`` in the middle of ``l10n translate``, ``l10n po export`` and ``l10n tm import``: every file
that exists afterwards is complete (byte-identical to an uninterrupted run) and the translation memory
passes SQLite's ``integrity_check``. The kill moments are spread over one uninterrupted run's duration;
the assertions hold wherever a kill lands, so no timing is asserted."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "kyiv-talks.md"
FRACTIONS = (0.35, 0.7, 0.95)


def _env(home: Path) -> dict:
    # a fixed header date: a run that crosses a minute boundary must not look like a different file
    env = dict(os.environ, L10N_HOME=str(home), PYTHONHASHSEED="0", SOURCE_DATE_EPOCH="1700000000")
    env.pop("L10N_INDEX_URL", None)
    return env


def _run(args: list[str], home: Path, kill_after: float | None) -> float:
    """Run the CLI; SIGKILL it after ``kill_after`` seconds (None: to completion). Returns seconds run."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *args], env=_env(home),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        if kill_after is None:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err.decode()
        else:
            try:
                proc.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    return time.monotonic() - started


def _visible_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def _articles(tmp_path: Path, n: int = 6) -> list[str]:
    src = tmp_path / "in"
    src.mkdir()
    text = ARTICLE.read_text(encoding="utf-8")
    for i in range(n):
        (src / f"story{i}.md").write_text(text, encoding="utf-8")
    return sorted(str(p) for p in src.iterdir())


@pytest.mark.parametrize("command", ["translate", "po-export"])
def test_kill9_leaves_only_complete_output_files(command, home_copy, tmp_path):
    inputs = _articles(tmp_path)

    def args(out: Path) -> list[str]:
        if command == "translate":
            return ["translate", *inputs, "--to", "uk,ru", "--from", "en", "--out", str(out), "--no-memory",
                    "--quiet"]
        return ["po", "export", *inputs, "--to", "uk,ru", "--from", "en", "--out", str(out), "--no-memory"]

    reference = tmp_path / "reference"
    duration = _run(args(reference), home_copy, None)
    expected = _visible_files(reference)
    assert len(expected) >= 12
    for fraction in FRACTIONS:
        out = tmp_path / f"killed-{fraction}"
        _run(args(out), home_copy, duration * fraction)
        got = _visible_files(out) if out.exists() else {}
        assert set(got) <= set(expected)
        for name, data in got.items():
            assert data == expected[name], f"{name} is truncated or differs after kill -9"


def _tmx(path: Path, units: int) -> None:
    rows = [f'<tu><tuv xml:lang="en"><seg>Sentence number {i} about the council.</seg></tuv>'
            f'<tuv xml:lang="uk"><seg>Речення номер {i} про раду.</seg></tuv></tu>' for i in range(units)]
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
                    'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="test" '
                    'creationtool="test" creationtoolversion="1"/><body>' + "".join(rows) +
                    "</body></tmx>\n", encoding="utf-8")


def test_kill9_during_tm_import_keeps_the_memory_sound(tmp_path):
    from l10n.tm import TranslationMemory

    home = tmp_path / "home"
    tmx = tmp_path / "big.tmx"
    _tmx(tmx, 20000)
    reference = tmp_path / "reference.sqlite3"
    duration = _run(["tm", "import", str(tmx), "--memory", str(reference)], home, None)
    with TranslationMemory(reference) as tm:
        full = tm.stats()["units"]
    assert full == 20000
    for fraction in FRACTIONS:
        db = tmp_path / f"killed-{fraction}.sqlite3"
        _run(["tm", "import", str(tmx), "--memory", str(db)], home, duration * fraction)
        if not db.exists():
            continue
        with TranslationMemory(db) as tm:
            assert tm.integrity_check() == "ok"
            assert tm.stats()["units"] <= full
            for unit in tm.units():  # whatever was committed is whole: each unit its own pair
                number = unit.source.split()[2]
                assert unit.target == f"Речення номер {number} про раду.", unit
    shutil.rmtree(home, ignore_errors=True)
