"""The one exception tree: every class declares its stable code and HTTP status, and the service
answers with exactly those."""

from __future__ import annotations

import inspect

from fastapi.testclient import TestClient

from l10n import errors
from l10n.api import Translator
from l10n.service.app import create_app
from l10n.service.config import ServiceConfig
from l10n.settings import Settings


def error_classes() -> list[type[errors.L10nError]]:
    return [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.L10nError)]


def test_every_error_class_declares_code_and_http_status_itself():
    classes = error_classes()
    assert len(classes) >= 12
    codes = [c.code for c in classes]
    assert len(set(codes)) == len(codes), "codes are stable identifiers: one per class"
    for cls in classes:
        assert "code" in vars(cls) and "http_status" in vars(cls), cls.__name__
        # client errors, except the shared database being unavailable (the server's side: 503)
        assert 400 <= cls.http_status < 500 or (cls is errors.DatabaseError and cls.http_status == 503), cls.__name__
    assert errors.NotFound.http_status == 404 and errors.LimitExceeded.http_status == 413


class OneWayEngine:
    name = "one-way"

    def pairs(self):
        return {("en", "uk")}

    def translate_direct(self, sentences, src, tgt):
        return list(sentences)


def test_service_answers_with_the_class_status_and_code(tmp_path):
    settings = Settings(home=tmp_path / "home")
    app = create_app(settings, Translator(settings, engine=OneWayEngine(), glossary=None),
                     config=ServiceConfig(max_segments=2))
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/v1/glossaries/missing")
        assert (r.status_code, r.json()["code"]) == (errors.NotFound.http_status, errors.NotFound.code)
        r = client.post("/v1/translate", json={"body": "One. Two. Three.", "targets": ["uk"], "source": "en"})
        assert (r.status_code, r.json()["code"]) == (errors.LimitExceeded.http_status, errors.LimitExceeded.code)
        r = client.post("/v1/translate", json={"body": "x", "targets": ["xx"], "source": "en"})
        assert (r.status_code, r.json()["code"]) == (400, errors.UnknownLanguage.code)
