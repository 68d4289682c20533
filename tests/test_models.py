"""Model management through the real code paths: files, folders, an HTTP index on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURE_MODELS, fixture_packages
from l10n.engines import install, packages
from l10n.errors import ModelError
from l10n.settings import Settings


def test_fixture_packages_exist():
    names = {p.name for p in fixture_packages()}
    assert len(names) >= 4


def test_install_folder_then_list_and_pivot(tmp_path, cli):
    home = tmp_path / "home"
    code, out, err = cli("models", "install", str(FIXTURE_MODELS), "--home", str(home))
    assert code == 0, err
    assert "installed en-uk" in err
    code, out, _ = cli("models", "list", "--home", str(home), "--json")
    data = json.loads(out)
    installed = {(p["from"], p["to"]) for p in data["installed"]}
    assert {("en", "uk"), ("en", "ru"), ("en", "tr"), ("uk", "en")} <= installed
    # uk -> ru and uk -> tr are reachable only through English
    assert data["pivot"]["uk-ru"] == ["uk-en", "en-ru"]
    assert data["pivot"]["uk-tr"] == ["uk-en", "en-tr"]
    code, out, _ = cli("models", "list", "--home", str(home))
    assert "uk-ru  via uk-en + en-ru" in out
    # no temporary folders are left behind
    assert not [p for p in (home / "models").iterdir() if p.name.startswith(".")]


def test_install_from_index_over_http_with_checksums(tmp_path, package_server, cli):
    home = tmp_path / "home"
    code, _, err = cli("models", "install", "en-uk", "en-tr", "--index-url", package_server["index"],
                       "--home", str(home), "-q")
    assert code == 0, err
    pairs = {p.pair for p in packages.installed_packages(Settings(home=home))}
    assert pairs == {("en", "uk"), ("en", "tr")}
    # list --available reads the same index
    code, out, _ = cli("models", "list", "--available", "--index-url", package_server["base"] + "/",
                       "--home", str(home), "--json")
    assert {(a["from"], a["to"]) for a in json.loads(out)["available"]} >= {("en", "ru"), ("uk", "en")}


def test_install_uses_mirror_and_env_index(tmp_path, package_server, monkeypatch, cli):
    index = json.loads((package_server["root"] / "index.json").read_text())
    for meta in index:  # the index's own links are dead; the mirror has the files
        meta["links"] = ["http://127.0.0.1:9/nowhere/" + Path(meta["links"][0]).name]
    (package_server["root"] / "dead-index.json").write_text(json.dumps(index))
    monkeypatch.setenv("L10N_INDEX_URL", package_server["base"] + "/dead-index.json")
    monkeypatch.setenv("L10N_MIRROR_URL", package_server["base"])
    home = tmp_path / "home"
    code, _, err = cli("models", "install", "en-ru", "--home", str(home), "-q")
    assert code == 0, err
    assert packages.find_installed(Settings(home=home), "en", "ru") is not None


def test_checksum_mismatch_installs_nothing(tmp_path, package_server, cli):
    index = json.loads((package_server["root"] / "index.json").read_text())
    for meta in index:
        meta["sha256"] = "0" * 64
    (package_server["root"] / "index.json").write_text(json.dumps(index))
    home = tmp_path / "home"
    code, _, err = cli("models", "install", "en-uk", "--index-url", package_server["index"], "--home", str(home))
    assert code == 1
    assert "checksum mismatch" in err and err.count("\n") == 1
    assert packages.installed_packages(Settings(home=home)) == []
    leftovers = list((home / "models").rglob("*")) if (home / "models").exists() else []
    assert [p for p in leftovers if p.is_file()] == []


def test_interrupted_download_leaves_nothing(tmp_path):
    payload = fixture_packages()[0].read_bytes()

    class Truncating(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload[: len(payload) // 2])
            self.wfile.flush()
            self.close_connection = True

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Truncating)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = Settings(home=tmp_path / "home", download_timeout=5)
    try:
        with pytest.raises(ModelError, match="incomplete|interrupted"):
            install.install_url(settings, f"http://127.0.0.1:{server.server_address[1]}/x.argosmodel")
    finally:
        server.shutdown()
        server.server_close()
    assert packages.installed_packages(settings) == []
    assert [p for p in (settings.models_dir).rglob("*") if p.is_file()] == []


def test_unreachable_index_is_one_clear_line(tmp_path, cli):
    code, _, err = cli("models", "install", "en-uk", "--index-url", "http://127.0.0.1:9/index.json",
                       "--home", str(tmp_path))
    assert code == 1
    assert err.startswith("l10n: error: http://127.0.0.1:9/index.json: cannot reach server")
    assert err.count("\n") == 1


def test_bad_archives_are_rejected(tmp_path):
    settings = Settings(home=tmp_path / "home")
    not_zip = tmp_path / "bad.argosmodel"
    not_zip.write_text("hello")
    with pytest.raises(ModelError, match="not a zip"):
        install.install_file(settings, not_zip)
    slip = tmp_path / "slip.argosmodel"
    with zipfile.ZipFile(slip, "w") as zf:
        zf.writestr("../evil.txt", "x")
    with pytest.raises(ModelError, match="unsafe path"):
        install.install_file(settings, slip)
    assert not (tmp_path / "home" / "evil.txt").exists()
    no_model = tmp_path / "nomodel.argosmodel"
    with zipfile.ZipFile(no_model, "w") as zf:
        zf.writestr("pkg/metadata.json", json.dumps({"from_code": "en", "to_code": "uk"}))
    with pytest.raises(ModelError, match="no CTranslate2 model"):
        install.install_file(settings, no_model)
    assert packages.installed_packages(settings) == []


def test_reinstall_replaces_and_remove(tmp_path, cli):
    home = tmp_path / "home"
    pkg = next(p for p in fixture_packages() if "en_uk" in p.name)
    for _ in range(2):
        assert cli("models", "install", str(pkg), "--home", str(home))[0] == 0
    assert len(packages.installed_packages(Settings(home=home))) == 1
    code, _, err = cli("models", "remove", "en-uk", "--home", str(home))
    assert code == 0 and "removed en-uk" in err
    assert packages.installed_packages(Settings(home=home)) == []
    code, _, err = cli("models", "remove", "en-uk", "--home", str(home))
    assert code == 1 and "no package installed for en->uk" in err


def test_models_path_follows_l10n_home(tmp_path, monkeypatch, cli):
    monkeypatch.setenv("L10N_HOME", str(tmp_path / "data"))
    code, out, _ = cli("models", "path")
    assert out.strip() == str(tmp_path / "data" / "models")


def test_sha256_of_index_matches_served_file(package_server):
    index = json.loads((package_server["root"] / "index.json").read_text())
    for meta in index:
        served = package_server["root"] / Path(meta["links"][0]).name
        assert hashlib.sha256(served.read_bytes()).hexdigest() == meta["sha256"]
