"""Shared fixtures: real test translation packages, a data directory with them installed, and a
package index served over HTTP on 127.0.0.1 — the same code paths users go through."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_MODELS = ROOT / "tests" / "fixtures" / "models"
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    """Never touch the user's data directory or argostranslate's folders in tests."""
    scratch = tmp_path_factory.getbasetemp() / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(scratch / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(scratch / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(scratch / "cache"))
    monkeypatch.delenv("L10N_HOME", raising=False)
    monkeypatch.delenv("L10N_INDEX_URL", raising=False)
    monkeypatch.delenv("L10N_MIRROR_URL", raising=False)


def fixture_packages() -> list[Path]:
    return sorted(FIXTURE_MODELS.glob("*.argosmodel"))


@pytest.fixture(scope="session")
def installed_home(tmp_path_factory) -> Path:
    """A data directory with every test package installed through ``install_path`` (read-only use)."""
    from l10n.engines.install import install_path
    from l10n.settings import Settings
    home = tmp_path_factory.mktemp("l10n-home")
    install_path(Settings(home=home), FIXTURE_MODELS)
    return home


@pytest.fixture
def home_copy(installed_home, tmp_path) -> Path:
    """A private, writable copy of ``installed_home``."""
    dest = tmp_path / "home"
    shutil.copytree(installed_home, dest)
    return dest


@pytest.fixture(scope="module")
def module_home(installed_home, tmp_path_factory) -> Path:
    """A writable copy of ``installed_home`` shared by the tests of one module (e.g. one server)."""
    dest = tmp_path_factory.mktemp("module-home") / "home"
    shutil.copytree(installed_home, dest)
    return dest


@pytest.fixture(scope="session")
def settings(installed_home):
    from l10n.settings import Settings
    return Settings(home=installed_home)


@pytest.fixture(scope="session")
def engine(settings):
    from l10n.engines.argos import ArgosEngine
    return ArgosEngine(settings)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture
def package_server(tmp_path):
    """An HTTP server on 127.0.0.1 serving the test packages and an Argos-style index.json."""
    import hashlib
    root = tmp_path / "www"
    root.mkdir()
    index = []
    for pkg in fixture_packages():
        shutil.copy(pkg, root / pkg.name)
        meta = _package_metadata(pkg)
        data = pkg.read_bytes()
        meta.update({"links": [f"PLACEHOLDER/{pkg.name}"], "size": len(data),
                     "sha256": hashlib.sha256(data).hexdigest()})
        index.append(meta)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for meta in index:
        meta["links"] = [link.replace("PLACEHOLDER", base) for link in meta["links"]]
    (root / "index.json").write_text(json.dumps(index), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"base": base, "root": root, "index": f"{base}/index.json"}
    finally:
        server.shutdown()
        server.server_close()


def _package_metadata(pkg: Path) -> dict:
    import zipfile
    with zipfile.ZipFile(pkg) as zf:
        name = next(n for n in zf.namelist() if n.endswith("metadata.json"))
        return json.loads(zf.read(name))


def run_cli(*argv: str) -> int:
    from l10n.cli import main
    return main(list(argv))


@pytest.fixture
def cli(capsys):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    def _run(*argv: str):
        code = run_cli(*argv)
        out, err = capsys.readouterr()
        return code, out, err
    return _run


os.environ.setdefault("PYTHONHASHSEED", "0")


from pg_cluster import pg_cluster, pg_url  # noqa: E402,F401  (real PostgreSQL fixtures)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long fuzzing runs; selected only with -m slow")


def pytest_collection_modifyitems(config, items):
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="long run: select with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
