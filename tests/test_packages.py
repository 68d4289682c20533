"""Installed packages (``l10n.engines.packages``): offline listing, newest version wins."""

from __future__ import annotations

import json
import shutil

from l10n.engines.argos import ArgosEngine
from l10n.engines.packages import find_installed, installed_packages, version_key
from l10n.settings import Settings


def _with_version(folder, version):
    meta_path = folder / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["package_version"] = version
    meta_path.write_text(json.dumps(meta), encoding="utf-8")


def test_newest_of_two_installed_versions_wins_numerically(home_copy):
    settings = Settings(home=home_copy)
    original = find_installed(settings, "en", "uk")
    assert original is not None
    older = original.path.with_name("zz-old-en-uk")  # sorts after the original by folder name
    shutil.copytree(original.path, older)
    _with_version(older, "1.9")
    _with_version(original.path, "1.10")
    versions = [p.version for p in installed_packages(settings) if p.pair == ("en", "uk")]
    assert versions == ["1.9", "1.10"]
    assert find_installed(settings, "en", "uk").path == original.path
    engine = ArgosEngine(settings)
    assert ("en", "uk") in engine.pairs()
    assert engine.translate_direct(["Hello."], "en", "uk")  # the 1.10 package loads and translates


def test_version_key_orders_numbers_as_numbers():
    assert sorted(["1.10", "1.9", "1.2.3", "10.0", "2"], key=version_key) == ["1.2.3", "1.9", "1.10", "2", "10.0"]
