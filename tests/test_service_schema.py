"""schemathesis generates requests from the service's own OpenAPI schema: no input may cause a 5xx.

Runs in-process (``from_asgi``) on the real Argos engine with the test packages; bounded to a few
examples per operation so the file stays well under a minute. (schemathesis' pytest plugin does
not work with pytest 9, so each operation's hypothesis strategy is driven directly.)
"""

from __future__ import annotations

import shutil

import schemathesis
from hypothesis import HealthCheck, given, settings


EXAMPLES_PER_OPERATION = 15


def test_no_server_errors_on_generated_input(request, tmp_path):
    from l10n.service.app import create_app
    from l10n.service.config import ServiceConfig
    from l10n.settings import Settings
    home = tmp_path / "home"
    shutil.copytree(request.getfixturevalue("installed_home"), home)
    app = create_app(Settings(home=home), config=ServiceConfig(max_segments=50, sync_max_chars=2000))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{op.method.upper()} {op.path}" for op in operations} >= {
        "POST /v1/translate", "POST /translate", "POST /detect", "GET /languages", "PUT /v1/glossaries/{glossary_id}"}
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call()
            text = response.text[:300]
            assert response.status_code < 500, f"{case.method} {case.path} {case.body!r}: {response.status_code} {text}"
            if response.status_code >= 400:
                body = response.json()
                assert isinstance(body, dict) and {"error", "code"} <= set(body), body

        check()
