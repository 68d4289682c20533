"""``l10n batch submit|status|fetch``: translate a whole archive as jobs (one per article)."""

from __future__ import annotations

import argparse
import sys

from l10n.cli.common import add_actions, add_database_arg, add_translation_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("batch", help="bulk archive translation: submit a folder as jobs, follow, fetch results",
                       description="One job per article file, deduplicated by content. With a shared database "
                                   "(--database-url) 'l10n worker's run them; embedded (SQLite), use --run.")
    bsub = add_actions(p, "batch_command")
    s = bsub.add_parser("submit", help="enqueue one job per article file",
                        epilog="examples:\n  l10n batch submit archive/ --to uk,ru,tr --run\n"
                               "  l10n batch submit 'archive/2023/**/*.md' --to uk --database-url postgresql://db/l10n",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("source", metavar="DIR_OR_GLOB", help="a folder (every .md/.html/.txt/.json/.srt/.vtt below it) "
                                                         "or a quoted glob pattern")
    add_translation_args(s, article_format=False)
    s.add_argument("--queue", default="bulk", choices=["bulk", "cms"], help="queue (default bulk: after CMS jobs)")
    s.add_argument("--run", action="store_true", help="translate the queued jobs in this process now")
    s.add_argument("--concurrency", type=int, default=4, metavar="N", help="jobs at once with --run (default 4)")
    s.set_defaults(func=run_submit)
    st = bsub.add_parser("status", help="progress of the submitted jobs: bar, counts per state, ETA")
    st.add_argument("--json", action="store_true", help="print JSON")
    st.set_defaults(func=run_status)
    f = bsub.add_parser("fetch", help="write finished translations to OUT/<lang>/<path> (atomically)")
    f.add_argument("--out", required=True, metavar="DIR", help="output folder")
    f.add_argument("--force", action="store_true", help="replace existing files that differ")
    f.set_defaults(func=run_fetch)
    for q in (s, st, f):
        add_database_arg(q)
        q.add_argument("--home", metavar="DIR", help="data directory (default $L10N_HOME)")


def _stores(settings, *, with_queue: bool = True):
    """The job store (and the queue, with a shared database) — no models are loaded for these."""
    if settings.database_url:
        from l10n.queue import JobQueue
        from l10n.service.pgjobs import PgJobStore
        from l10n.storage.postgres import open_database
        return PgJobStore(open_database(settings.database_url)), JobQueue(settings.database_url) if with_queue else None
    from l10n.service.config import ServiceConfig
    from l10n.service.jobs import JobStore
    return JobStore(ServiceConfig().data_dir(settings) / "jobs.sqlite3"), None


def run_submit(args: argparse.Namespace) -> int:
    from l10n.batch import collect, submit
    from l10n.cli.common import settings_from_args
    from l10n.languages import normalize_lang, parse_lang_list
    settings = settings_from_args(args)
    targets = parse_lang_list(args.to)
    files = collect(args.source)
    jobs, queue = _stores(settings, with_queue=not args.run)
    new, old = submit(jobs, queue, files, targets, src=normalize_lang(args.src, allow_auto=True),
                      queue_name=args.queue)
    print(f"{args.source}: {new} jobs submitted, {old} already submitted", file=sys.stderr)
    if args.run:
        return _run_here(settings, jobs, args.concurrency)
    if queue is None:
        print("embedded store: run them with 'l10n batch submit --run' (or a later 'l10n serve' on this data "
              "directory resumes them)", file=sys.stderr)
    return 0


def _run_here(settings, jobs, concurrency: int) -> int:
    """Translate every queued batch job in this process, ``concurrency`` at a time (one shared model)."""
    from concurrent.futures import ThreadPoolExecutor

    from l10n.cli.progress import ProgressBar
    from l10n.service.config import ServiceConfig
    from l10n.service.core import Service
    service = Service(settings, ServiceConfig())
    todo = [j.id for j in jobs.batch_jobs() if j.state in ("queued", "running")]
    bar = ProgressBar()
    with ThreadPoolExecutor(max(1, concurrency), thread_name_prefix="l10n-batch") as pool:
        for n, _ in enumerate(pool.map(service.run_queued_job, todo), 1):
            bar("translate", n, len(todo))
    bar.close()
    service.close()
    return _print_status(jobs, as_json=False)


def run_status(args: argparse.Namespace) -> int:
    from l10n.cli.common import settings_from_args
    jobs, _ = _stores(settings_from_args(args), with_queue=False)
    return _print_status(jobs, as_json=args.json)


def _print_status(jobs, *, as_json: bool) -> int:
    from l10n.batch import progress
    from l10n.cli.common import print_json
    state = progress(jobs.batch_jobs())
    if as_json:
        print_json(state.to_dict())
        return 0
    c, width = state.counts, 30
    filled = int(width * (c["done"] + c["failed"]) / max(state.total, 1))
    eta = "-" if state.eta_s is None else f"{int(state.eta_s // 60)}m{int(state.eta_s % 60):02d}s"
    print(f"[{'#' * filled}{'-' * (width - filled)}] {c['done'] + c['failed']}/{state.total}: {c['done']} done, "
          f"{c['failed']} failed, {c['running']} running, {c['queued']} queued; ETA {eta}")
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    from pathlib import Path

    from l10n.batch import fetch
    from l10n.cli.common import settings_from_args
    jobs, _ = _stores(settings_from_args(args), with_queue=False)
    report = fetch(jobs.batch_jobs(), Path(args.out), force=args.force)
    print(f"{args.out}: {report['written']} files written, {report['unchanged']} unchanged; "
          f"{report['failed']} jobs failed, {report['unfinished']} not finished", file=sys.stderr)
    return 0
