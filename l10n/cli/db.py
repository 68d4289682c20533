"""``l10n db migrate|status``: the shared PostgreSQL database of a scale-out deployment."""

from __future__ import annotations

import argparse

from l10n.cli.common import add_actions, add_database_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("db", help="shared PostgreSQL database: create/upgrade the schema, show its state",
                       description="Service replicas and workers create and upgrade the schema themselves on "
                                   "start-up; 'l10n db migrate' does it explicitly (e.g. in a deploy step).")
    dsub = add_actions(p, "db_command")
    m = dsub.add_parser("migrate", help="create or upgrade the tables (l10n's and procrastinate's)",
                        epilog="example:\n  l10n db migrate --database-url postgresql://l10n@db/l10n",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    m.set_defaults(func=run_migrate)
    s = dsub.add_parser("status", help="schema version, memory units, jobs per state")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=run_status)
    for q in (m, s):
        add_database_arg(q, required=True)


def _url(args) -> str:
    from l10n.errors import UsageError
    from l10n.storage import database_url
    url = database_url(args.database_url)
    if not url:
        raise UsageError("no database: give --database-url postgresql://... or set L10N_DATABASE_URL")
    return url


def run_migrate(args: argparse.Namespace) -> int:
    from l10n.storage.postgres import Database
    with Database(_url(args)) as db:
        before, after = db.migrate()
    print(f"{db.where}: schema version {before} -> {after}" if before != after
          else f"{db.where}: schema version {after}, up to date")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from l10n.cli.common import print_json
    from l10n.storage.postgres import Database
    with Database(_url(args)) as db:
        version = db.schema_version()
        out: dict = {"database": db.where, "schema_version": version, "units": 0, "jobs": {}}
        if version:
            out["units"] = db.query("SELECT COUNT(*) FROM l10n_tm_units")[0][0]
            out["jobs"] = dict(db.query("SELECT state, COUNT(*) FROM l10n_jobs GROUP BY 1 ORDER BY 1"))
    if args.json:
        print_json(out)
    else:
        print(f"{out['database']}: schema {version or 'not created'}, {out['units']} memory units, jobs: "
              + (", ".join(f"{n} {s}" for s, n in out["jobs"].items()) or "none"))
    return 0
