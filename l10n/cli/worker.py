"""``l10n worker``: run queued translation jobs from the shared PostgreSQL (scale-out)."""

from __future__ import annotations

import argparse

from l10n.cli.common import add_database_arg, add_engine_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "worker", help="run translation jobs queued in the shared PostgreSQL (any number, any machine)",
        description="Load the models once and run jobs that 'l10n serve --database-url' replicas and "
                    "'l10n batch submit' enqueue. Jobs run in threads that share one batching engine; a job "
                    "whose worker dies is retried by another worker within about 20 seconds.",
        epilog="example:\n  l10n worker --database-url postgresql://l10n@db/l10n --queues cms,bulk --concurrency 4",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_database_arg(p, required=True)
    p.add_argument("--queues", default="cms,bulk", metavar="Q1,Q2",
                   help="queues to take jobs from (default cms,bulk; cms jobs have priority)")
    p.add_argument("--concurrency", type=int, default=4, metavar="N",
                   help="jobs run at once in this process, sharing one model (default 4)")
    p.add_argument("--name", help="worker name in logs (default: host and process id)")
    p.add_argument("--webhook-allow", action="append", default=[], metavar="URL_PREFIX",
                   help="allow job callbacks to URLs starting with this prefix (as on 'l10n serve')")
    p.add_argument("--batch-wait-ms", type=float, default=5.0, metavar="MS",
                   help="how long a sentence batch waits for other jobs' sentences (default 5)")
    p.add_argument("--no-memory", action="store_true", help="do not use the shared translation memory")
    p.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"])
    add_engine_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import logging
    import os
    import socket

    from l10n.cli.common import settings_from_args
    from l10n.errors import UsageError
    from l10n.queue import QUEUES, run_worker
    from l10n.service.config import ServiceConfig
    from l10n.service.core import Service

    settings = settings_from_args(args)
    if not settings.database_url:
        raise UsageError("l10n worker needs the shared database: --database-url postgresql://... or "
                         "L10N_DATABASE_URL (without one, 'l10n batch submit --run' translates in-process)")
    if args.concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    queues = [q.strip() for q in args.queues.split(",") if q.strip()]
    unknown = sorted(set(queues) - set(QUEUES))
    if unknown or not queues:
        raise UsageError(f"unknown queue {', '.join(unknown) or '(none)'}; queues are {', '.join(QUEUES)}",
                         where="--queues")
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    config = ServiceConfig(webhook_allow=args.webhook_allow, batch_wait_ms=args.batch_wait_ms,
                           memory=not args.no_memory)
    service = Service(settings, config)  # connects (one clear line if it cannot), migrates, loads models
    run_worker(settings.database_url, service.run_queued_job, queues=queues, concurrency=args.concurrency,
               name=args.name or f"{socket.gethostname()}-{os.getpid()}")
    return 0
