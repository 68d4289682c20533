"""schemathesis generates requests from the service's own OpenAPI schema: no input may cause a 5xx.

Runs in-process (``from_asgi``) on the real Argos engine with the test packages; bounded to a few
examples per operation so the file stays well under a minute.
"""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from service_helpers import require_models


@pytest.fixture(scope="module")
def api_schema(installed_home, tmp_path_factory):
    require_models()
    from l10n.service.app import create_app
    from l10n.service.config import ServiceConfig
    from l10n.settings import Settings
    home = tmp_path_factory.mktemp("schema") / "home"
    shutil.copytree(installed_home, home)
    app = create_app(Settings(home=home), config=ServiceConfig(max_segments=50, sync_max_chars=2000))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.path}: {response.status_code} {response.text[:300]}"
    if response.status_code >= 400 and response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        assert isinstance(body, dict) and "error" in body and "code" in body, body
