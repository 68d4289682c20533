"""The ASGI application: ``create_app(settings, translator=None) -> FastAPI``.

FastAPI (on Starlette, served by uvicorn) because it derives the OpenAPI schema from the typed
request models: CMS developers read it at ``/docs``, and the tests feed the same schema to
schemathesis, so the documentation cannot drift from the code.

This module only wires the pieces together:

* ``l10n.service.core.Service`` — what the routes do, without HTTP (one per process);
* ``l10n.service.v1`` and ``l10n.service.libretranslate`` — the routers;
* ``l10n.service.http`` — ``ApiError``, the error handlers, the thread-pool ``Runner`` and the
  ``AccessCheck`` (API keys, rate limit), handed to the routers explicitly;
* ``l10n.service.middleware`` — layers, outermost first: body-size limit -> metrics -> CORS
  (optional) -> routes.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from l10n import __version__
from l10n.service.config import ServiceConfig
from l10n.service.core import Service
from l10n.service.http import AccessCheck, ApiError, Runner, add_error_handlers
from l10n.service.libretranslate import LibreTranslateRoutes
from l10n.service.middleware import BodyLimit, MetricsMiddleware
from l10n.service.schemas import LT_COMPONENTS, add_components
from l10n.service.v1 import V1Routes
from l10n.settings import Settings

DESCRIPTION = ("Offline article translation (en <-> uk, ru, tr) with glossary, localization and QA; "
               "LibreTranslate-compatible endpoints at /translate, /detect, /languages.")


def create_app(settings: Settings | None = None, translator: Any = None, *,
               config: ServiceConfig | None = None) -> FastAPI:
    """Build the service. ``translator``: a shared ``l10n.Translator`` (default: Argos models from
    ``settings.home`` behind a ``BatchingEngine``)."""
    settings = settings or Settings.from_env()
    config = config or ServiceConfig()
    service = Service(settings, config, translator)
    run = Runner(config.request_threads, config.request_timeout_s)
    access = AccessCheck.from_config(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service.recover()
        yield
        service.close()
        run.shutdown()

    app = FastAPI(title="l10n translation service", version=__version__, lifespan=lifespan,
                  description=DESCRIPTION)
    add_error_handlers(app)
    app.include_router(V1Routes(service, run, access).router())
    app.include_router(LibreTranslateRoutes(service, run, access).router())
    _add_openapi_components(app, LT_COMPONENTS)

    app.add_middleware(MetricsMiddleware, metrics=service.metrics)
    if config.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=config.cors_origins, allow_methods=["GET", "POST", "PUT"],
                           allow_headers=["Authorization", "Content-Type", "X-API-Key"])
    app.add_middleware(BodyLimit, limit=config.max_body_bytes)
    return app


def _add_openapi_components(app: FastAPI, components: dict[str, Any]) -> None:
    """Extend the generated schema with hand-written components (FastAPI's "Extending OpenAPI")."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_components(generate(), components)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app_from_env() -> FastAPI:
    """Factory for uvicorn workers (``l10n serve``): settings and config from the environment."""
    raw = os.environ.get("L10N_SERVICE_CONFIG")
    config = ServiceConfig.from_json(raw) if raw else ServiceConfig()
    return create_app(Settings.from_env(), config=config)


__all__ = ["create_app", "create_app_from_env", "ApiError"]
