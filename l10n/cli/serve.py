"""``l10n serve``: run the HTTP translation service (own API + LibreTranslate-compatible)."""

from __future__ import annotations

import argparse

from l10n.cli.common import add_database_arg, add_engine_args, float_in, int_in


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="run the HTTP translation service",
        description="Run the HTTP service: /v1/* (articles, jobs, PO, glossaries) and the LibreTranslate-"
                    "compatible /translate, /detect, /languages. OpenAPI docs at /docs.",
        epilog="Example: l10n serve --port 5000 --api-key-file keys.txt --webhook-allow http://127.0.0.1:9000/")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int_in(1, 65535), default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int_in(1, 256), default=1, metavar="N",
                   help="worker processes, each loading the models once (default 1)")
    p.add_argument("--api-key-file", metavar="FILE",
                   help="require API keys; FILE holds their SHA-256 hashes (see --new-api-key)")
    p.add_argument("--new-api-key", metavar="NAME",
                   help="create a key named NAME, append its hash to --api-key-file, print the key, and exit")
    p.add_argument("--rate-limit", type=float_in(0), default=0.0, metavar="PER_S",
                   help="requests per second per API key (or client address); 0 = off (default)")
    p.add_argument("--rate-burst", type=int_in(1), default=20, metavar="N", help="token-bucket burst size (default 20)")
    p.add_argument("--max-body", type=int_in(1), default=2 * 1024 * 1024, metavar="BYTES",
                   help="largest request body (default 2 MiB)")
    p.add_argument("--sync-max-chars", type=int_in(1), default=20_000, metavar="N",
                   help="articles longer than this become jobs (202) (default 20000)")
    p.add_argument("--max-segments", type=int_in(1), default=2000, metavar="N",
                   help="sentences (or LibreTranslate q items) per request (default 2000)")
    p.add_argument("--timeout", type=float_in(0.001), default=120.0, metavar="S",
                   help="seconds before a synchronous request answers 504 (default 120)")
    p.add_argument("--keep-alive", type=float_in(1), default=75.0, metavar="S",
                   help="seconds an idle keep-alive connection stays open (default 75; uvicorn's own 5 s equals "
                        "httpx's pool expiry, so a client reusing a connection at 4.9 s races the close)")
    p.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                   help="allow browser calls from ORIGIN (repeatable; '*' for any)")
    p.add_argument("--webhook-allow", action="append", default=[], metavar="URL_PREFIX",
                   help="allow job callbacks to URLs starting with this prefix (repeatable; default none)")
    p.add_argument("--webhook-secret-file", metavar="FILE",
                   help="file holding the webhook signing secret whsec_... "
                        "(default: created in $L10N_HOME/service/webhook-secret)")
    p.add_argument("--batch-wait-ms", type=float_in(0), default=5.0, metavar="MS",
                   help="how long a request waits for others to share a model call (default 5)")
    p.add_argument("--no-memory", action="store_true",
                   help="do not use the translation memory ($L10N_HOME/memory.sqlite3)")
    lt = p.add_argument_group("LibreTranslate compatibility (names as in LibreTranslate; see docs/service.md)")
    lt.add_argument("--char-limit", type=int_in(1), default=100_000, metavar="N",
                    help="characters per /translate request, all q items together (default 100000)")
    lt.add_argument("--batch-limit", type=int_in(1), metavar="N", help="q items per request (same as --max-segments)")
    lt.add_argument("--req-limit", type=int_in(1), metavar="N",
                    help="requests per minute per API key or client (sets --rate-limit N/60, --rate-burst N)")
    lt.add_argument("--alternatives-limit", type=int_in(-1), default=-1, metavar="N",
                    help="largest 'alternatives' a request may ask for (default -1: no limit)")
    lt.add_argument("--suggestions", action="store_true",
                    help="accept POST /suggest (stored unreviewed in the translation memory; see l10n tm review)")
    lt.add_argument("--disable-files-translation", action="store_true", help="turn off /translate_file")
    lt.add_argument("--max-file-size", type=int_in(1), default=2 * 1024 * 1024, metavar="BYTES",
                    help="largest /translate_file upload (default 2 MiB; --max-body must be larger)")
    lt.add_argument("--files-ttl", type=float_in(0), default=3600.0, metavar="S",
                    help="seconds a translated file stays downloadable (default 3600)")
    lt.add_argument("--frontend-timeout", type=int_in(0), default=500, metavar="MS",
                    help="frontendTimeout reported by /frontend/settings (default 500)")
    p.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"])
    add_database_arg(p)
    add_engine_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from l10n.cli.common import settings_from_args
    from l10n.errors import UsageError
    try:
        import uvicorn

        from l10n.service.config import ServiceConfig
        from l10n.service.webhooks import parse_secret_text
    except ModuleNotFoundError as exc:
        raise UsageError(f"the service needs its extra packages ({exc.name} is missing): "
                         "pip install 'l10n[service]'") from None

    settings = settings_from_args(args)
    db = None
    if settings.database_url:  # fail here, in one line, rather than in every uvicorn worker
        from l10n.storage.postgres import open_database
        db = open_database(settings.database_url)
    if args.new_api_key:
        return _new_api_key(args, db)
    secret = None
    if args.webhook_secret_file:
        try:
            text = Path(args.webhook_secret_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError(f"cannot read: {exc.strerror}", where=args.webhook_secret_file) from None
        secret = parse_secret_text(text, where=args.webhook_secret_file)
    config = ServiceConfig(
        max_body_bytes=args.max_body, sync_max_chars=args.sync_max_chars, max_segments=args.max_segments,
        request_timeout_s=args.timeout,
        api_keys=_api_keys(args, db),
        rate_limit_per_s=args.rate_limit, rate_limit_burst=args.rate_burst, cors_origins=args.cors,
        webhook_allow=args.webhook_allow, webhook_secret=secret, batch_wait_ms=args.batch_wait_ms,
        memory=not args.no_memory, max_chars=args.char_limit, alternatives_limit=args.alternatives_limit,
        suggestions=args.suggestions, files_translation=not args.disable_files_translation,
        max_file_bytes=args.max_file_size, files_ttl_s=args.files_ttl, frontend_timeout_ms=args.frontend_timeout)
    if args.batch_limit is not None:
        config.max_segments = args.batch_limit
    if args.req_limit is not None:
        config.rate_limit_per_s, config.rate_limit_burst = args.req_limit / 60, max(1, args.req_limit)
    if args.suggestions and args.no_memory:
        raise UsageError("--suggestions stores suggestions in the translation memory; drop --no-memory")
    # Worker processes rebuild settings and config from the environment (uvicorn imports the factory).
    os.environ["L10N_HOME"] = str(settings.home)
    os.environ["L10N_DEVICE"] = settings.device
    if settings.threads:
        os.environ["L10N_THREADS"] = str(settings.threads)
    os.environ["L10N_BEAM_SIZE"] = str(settings.beam_size)
    os.environ["L10N_SERVICE_CONFIG"] = config.to_json()
    if settings.database_url:
        os.environ["L10N_DATABASE_URL"] = settings.database_url
    uvicorn.run("l10n.service.app:create_app_from_env", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level=args.log_level, access_log=args.log_level in ("debug", "info"),
                timeout_keep_alive=args.keep_alive)
    return 0


def _new_api_key(args: argparse.Namespace, db) -> int:
    """Create a key; its hash goes to --api-key-file, else to the shared database."""
    from pathlib import Path

    from l10n.errors import UsageError
    from l10n.service.security import add_key, hash_key, new_key
    if args.api_key_file:
        print(add_key(Path(args.api_key_file), args.new_api_key))
    elif db is not None:
        key = new_key()
        db.add_api_key(hash_key(key), args.new_api_key)
        print(key)
    else:
        raise UsageError("--new-api-key needs --api-key-file FILE (or --database-url) to store the key's hash in")
    return 0


def _api_keys(args: argparse.Namespace, db) -> dict[str, str] | None:
    """Key hashes from --api-key-file and the shared database (read at start-up); None = open service."""
    from pathlib import Path

    from l10n.service.security import load_key_file
    keys = load_key_file(Path(args.api_key_file)) if args.api_key_file else {}
    if db is not None:
        keys.update(db.api_keys())
    return keys or None
