"""``l10n batch``: an archive folder as jobs, on the embedded SQLite store and on real PostgreSQL."""

from __future__ import annotations

import json

import pytest

from l10n.cli import main

ARTICLES = {
    "2023/kyiv.md": "# Kharkiv rebuilds as talks resume in Istanbul\n\nThe talks will continue on Tuesday.\n",
    "2024/drones.txt": "Russia launched 117 drones and four missiles at Ukraine overnight, the Ukrainian air force "
                       "said on Monday.\n",
    "2024/page.html": "<p>Two people were killed in Odesa on Sunday.</p>\n",
}


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    for rel, text in ARTICLES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "notes.bin").write_bytes(b"\x00")  # not an article: ignored
    return root


def status(capsys, *args) -> dict:
    capsys.readouterr()
    assert main(["batch", "status", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def check_round_trip(archive, tmp_path, capsys, *db: str) -> None:
    home = ["--home", str(tmp_path / "home")]
    assert main(["batch", "submit", str(archive), "--to", "uk,tr", "--run", *home, *db]) == 0
    assert "3 jobs submitted, 0 already submitted" in capsys.readouterr().err
    assert status(capsys, *home, *db) == {"total": 3, "queued": 0, "running": 0, "done": 3, "failed": 0, "eta_s": 0.0}
    assert main(["batch", "submit", str(archive), "--to", "uk,tr", *home, *db]) == 0  # deduplicated
    assert "0 jobs submitted, 3 already submitted" in capsys.readouterr().err
    out = tmp_path / "out"
    assert main(["batch", "fetch", "--out", str(out), *home, *db]) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        f"{lang}/{rel}" for lang in ("uk", "tr") for rel in ARTICLES)
    uk = (out / "uk/2023/kyiv.md").read_text(encoding="utf-8")
    assert uk.startswith("# ") and "Харків" in uk
    assert (out / "tr/2024/page.html").read_text(encoding="utf-8").startswith("<p>")
    (out / "uk/2024/drones.txt").write_text("edited by hand\n", encoding="utf-8")
    assert main(["batch", "fetch", "--out", str(out), *home, *db]) == 1  # never a silent overwrite
    assert "exists with different content; use --force" in capsys.readouterr().err
    assert main(["batch", "fetch", "--out", str(out), "--force", *home, *db]) == 0
    assert "1 files written, 5 unchanged" in capsys.readouterr().err


def test_batch_on_the_embedded_store(archive, tmp_path, capsys, installed_home, monkeypatch):
    import shutil
    shutil.copytree(installed_home, tmp_path / "home")
    check_round_trip(archive, tmp_path, capsys)


def test_batch_on_postgres(archive, tmp_path, capsys, installed_home, pg_url):
    import shutil
    shutil.copytree(installed_home, tmp_path / "home")
    check_round_trip(archive, tmp_path, capsys, "--database-url", pg_url)


def test_nothing_to_submit_is_one_line(tmp_path, capsys):
    assert main(["batch", "submit", str(tmp_path / "*.md"), "--to", "uk", "--home", str(tmp_path)]) == 1
    assert "no article files" in capsys.readouterr().err
