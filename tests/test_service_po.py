"""PO workflow over HTTP: export -> a translator edits msgstrs (polib) -> import rebuilds the article.

Needs ``l10n.po`` (PO branch) and the real test packages; skipped with the reason otherwise.
"""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient


ARTICLE = "# Budget\n\nThe city council met on Monday.\n\nIt approved the budget.\n"


@pytest.fixture
def client(request, tmp_path):
    from l10n.service.app import create_app
    from l10n.settings import Settings
    home = tmp_path / "home"
    shutil.copytree(request.getfixturevalue("installed_home"), home)
    with TestClient(create_app(Settings(home=home)), raise_server_exceptions=False) as c:
        yield c


def test_export_edit_import_round_trip(client):
    import polib
    article = {"id": "budget", "body": ARTICLE, "format": "markdown", "source": "en"}
    r = client.post("/v1/po/export", json={"article": article, "targets": ["uk"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert "msgid" in body["pot"] and set(body["files"]) == {"uk"}
    po = polib.pofile(body["files"]["uk"])
    entry = next(e for e in po if e.msgid == "The city council met on Monday.")
    entry.msgstr = "Міська рада зібралася в понеділок."
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    r = client.post("/v1/po/import", json={"article": article, "po": str(po)})
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["lang"] == "uk"
    assert "Міська рада зібралася в понеділок." in result["output"]
    assert result["output"].startswith("# ") and result["output"].count("\n\n") == 2
    # the approved sentence is now in the translation memory: reused without MT, counted as a TM hit
    r = client.post("/v1/translate", json={"body": "The city council met on Monday.", "source": "en",
                                           "targets": ["uk"]})
    assert r.status_code == 200, r.text
    segments = r.json()["translations"]["uk"]["segments"]
    assert [(s["origin"], s["target"]) for s in segments] == [("tm", "Міська рада зібралася в понеділок.")]
    assert "l10n_tm_hits_total 1" in client.get("/metrics").text


def test_malformed_po_is_a_400_naming_the_field(client):
    article = {"id": "budget", "body": ARTICLE, "format": "markdown", "source": "en"}
    r = client.post("/v1/po/import", json={"article": article, "po": 'msgid "unterminated\n'})
    assert r.status_code == 400 and r.json()["code"] == "po_error"
    assert "/tmp" not in r.json()["error"] and r.json()["error"].startswith("po")
