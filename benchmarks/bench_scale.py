"""Scale-out benchmark on a real, throw-away PostgreSQL (initdb in a temporary folder).

    python benchmarks/bench_scale.py [--data ../shared/eval] [--home DIR] [--jobs 40] [--units 100000]

1. Throughput: the same ``--jobs`` articles (``--sentences`` sentences of the fixture corpus each,
   en -> uk) run by 1, 2 and 4 ``l10n worker`` processes (``--concurrency`` threads each) on one
   PostgreSQL: jobs/s from the first enqueue to the last job done (workers started and heartbeating
   before the clock starts) and the scaling factor against one worker.
2. Fault: two workers, ``--fault-jobs`` jobs with webhooks; ``kill -9`` of the worker holding a job
   once a third are done. Jobs done/failed, webhooks delivered twice (by webhook-id), and recovery
   time (kill -> the killed job claimed again by the survivor).
3. Translation memory: ``--writers`` processes add ``--units`` units at once (plus 2,000 shared
   sources every writer writes as MT and as human): lost units, duplicates, human-beats-MT; then exact
   ``lookup`` p50 and ``fuzzy`` p50 (one word changed) at that size.

Models: the test packages of ``tests/fixtures/models`` (or ``--home`` with installed ones); the
``--data`` folder is accepted for symmetry with the other benchmarks (sentences come from
``tests/fixtures/corpus``). The last line printed is the headline.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from _common import data_arg  # noqa: E402
from pg_cluster import Cluster, pg_bindir  # noqa: E402
from service_helpers import WebhookReceiver  # noqa: E402

from l10n.queue import JobQueue  # noqa: E402
from l10n.service.pgjobs import PgJobStore  # noqa: E402
from l10n.storage.postgres import Database  # noqa: E402


def sentences() -> list[str]:
    rows = (ROOT / "tests/fixtures/corpus/en-uk.tsv").read_text(encoding="utf-8").splitlines()
    return [r.split("\t")[0] for r in rows if "\t" in r]


def start_workers(url: str, home: Path, n: int, concurrency: int, extra: list[str]) -> list[subprocess.Popen]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return [subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "worker", "--database-url", url, "--home",
                              str(home), "--concurrency", str(concurrency), "--name", f"bench{i}", *extra],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(n)]


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()


def wait_workers(queue: JobQueue, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while queue.workers(alive_within_s=5) < n:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {queue.workers()} of {n} workers came up")
        time.sleep(0.2)


def submit(store: PgJobStore, queue: JobQueue, bodies: list[str], **extra) -> list[str]:
    ids = []
    for body in bodies:
        job = store.create({"body": body, "source": "en", "targets": ["uk"], "format": "text", **extra})
        queue.enqueue(job.id, "cms")
        ids.append(job.id)
    return ids


def wait_done(db: Database, ids: list[str], timeout: float = 600) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while True:
        counts = dict(db.query("SELECT state, COUNT(*) FROM l10n_jobs WHERE id = ANY(%s) GROUP BY 1", (ids,)))
        if counts.get("done", 0) + counts.get("failed", 0) == len(ids) or time.monotonic() > deadline:
            return counts
        time.sleep(0.05)


def articles(n: int, per: int, salt: str) -> list[str]:
    pool = sentences()
    rng = random.Random(salt)
    return [" ".join(rng.choice(pool) for _ in range(per)) + f" {salt} {i}." for i in range(n)]


def throughput(cluster: Cluster, home: Path, args) -> dict[int, float]:
    rates = {}
    for n in (1, 2, 4):
        url = cluster.new_database()
        db = Database(url)
        db.migrate()
        store, queue = PgJobStore(db), JobQueue(url)
        procs = start_workers(url, home, n, args.concurrency, [])
        try:
            wait_workers(queue, n)
            bodies = articles(args.jobs, args.sentences, f"run{n}")
            t0 = time.monotonic()
            ids = submit(store, queue, bodies)
            counts = wait_done(db, ids)
            rates[n] = len(ids) / (time.monotonic() - t0)
            print(f"workers={n} (x{args.concurrency} threads): {args.jobs} jobs in {len(ids) / rates[n]:.1f} s = "
                  f"{rates[n]:.2f} jobs/s, scaling x{rates[n] / rates[1]:.2f}; states {counts}", flush=True)
        finally:
            stop(procs)
            queue.close()
            db.close()
    return rates


def fault(cluster: Cluster, home: Path, args) -> dict:
    url = cluster.new_database()
    db = Database(url)
    db.migrate()
    store, queue = PgJobStore(db), JobQueue(url)
    with WebhookReceiver() as rx:
        prefix = rx.url.rsplit("/", 1)[0] + "/"
        procs = start_workers(url, home, 2, 1, ["--webhook-allow", prefix])
        try:
            wait_workers(queue, 2)
            ids = submit(store, queue, articles(args.fault_jobs, args.sentences * 4, "fault"), webhook_url=rx.url)
            victim = procs[0]
            while True:
                done = db.query("SELECT COUNT(*) FROM l10n_jobs WHERE id = ANY(%s) AND state = 'done'", (ids,))[0][0]
                held = db.query("SELECT id FROM l10n_jobs WHERE state = 'running' AND worker LIKE %s",
                                (f"%:{victim.pid}",))
                if held and done >= len(ids) // 3:
                    break
                time.sleep(0.01)
            os.kill(victim.pid, signal.SIGKILL)
            killed_at = time.time()
            counts = wait_done(db, ids)
            restarted = db.query("SELECT started FROM l10n_jobs WHERE id = %s", (held[0][0],))[0][0]
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and len({h.get("webhook-id") for h, _ in rx.deliveries}) < len(ids):
                time.sleep(0.1)
        finally:
            stop(procs)
        hook_ids = [h.get("webhook-id") for h, _ in rx.deliveries]
    out = {"jobs": len(ids), "done": counts.get("done", 0), "failed": counts.get("failed", 0),
           "delivered": len(set(hook_ids)), "delivered_twice": len(hook_ids) - len(set(hook_ids)),
           "recovery_s": restarted - killed_at}
    print(f"kill -9 of 1 of 2 workers during {out['jobs']} jobs: {out['done']} done "
          f"({100 * out['done'] / out['jobs']:.0f} %), {out['failed']} failed, webhooks {out['delivered']} delivered, "
          f"{out['delivered_twice']} delivered twice; recovery {out['recovery_s']:.1f} s (kill -> job re-claimed)",
          flush=True)
    queue.close()
    db.close()
    return out


WRITER = """
import random, sys
from l10n.storage.postgres import Database
from l10n.tm import Unit
from l10n.tm.pgstore import PgTranslationMemory
url, me, n, words = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split()
tm = PgTranslationMemory(Database(url))
def sentence(seed):
    r = random.Random(repr(seed))
    return " ".join(r.choice(words) for _ in range(r.randint(6, 18))).capitalize() + "."
shared = [Unit("en", "uk", sentence(("shared", i)), f"MT {me}", "mt") for i in range(2000)]
shared += [Unit("en", "uk", sentence(("shared", i)), f"human {i}", "human", created="2024-01-01T00:00:00Z")
           for i in range(2000)]
tm.add_many(shared)
for start in range(0, n, 500):
    tm.add_many([Unit("en", "uk", sentence((me, i)), f"w{me} {i}", "human") for i in range(start, min(n, start + 500))])
"""


def memory(cluster: Cluster, args) -> dict:
    from l10n.tm.pgstore import PgTranslationMemory
    url = cluster.new_database()
    db = Database(url)
    db.migrate()
    words = sorted({w.strip(".,;:\"'()").lower() for s in sentences() for w in s.split() if w.isascii()} - {""})
    script = Path(tempfile.mkdtemp()) / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    per = args.units // args.writers
    t0 = time.monotonic()
    procs = [subprocess.Popen([sys.executable, str(script), url, str(me), str(per), " ".join(words)],
                              env=dict(os.environ, PYTHONPATH=str(ROOT))) for me in range(args.writers)]
    codes = [p.wait() for p in procs]
    seconds = time.monotonic() - t0
    if any(codes):
        raise SystemExit(f"a TM writer process failed: exit codes {codes}")
    db.run(lambda conn: conn.execute("ANALYZE l10n_tm_units"))  # what autovacuum does after a bulk load
    tm = PgTranslationMemory(db)
    expected = 2000 + per * args.writers
    stored = tm.stats()["units"]
    distinct = db.query("SELECT COUNT(DISTINCT (src_lang, tgt_lang, source)) FROM l10n_tm_units")[0][0]
    stored_sources = {r[0] for r in db.query("SELECT source FROM l10n_tm_units")}
    mt_won = db.query("SELECT COUNT(*) FROM l10n_tm_units WHERE origin = 'mt'")[0][0]
    sample = [r[0] for r in db.query("SELECT source FROM l10n_tm_units ORDER BY random() LIMIT 550")]
    rng = random.Random(7)
    exact, fuzzy = [], []
    for text in sample[:500]:
        t = time.perf_counter()
        assert tm.lookup("en", "uk", [text])
        exact.append(time.perf_counter() - t)
    hits = 0
    for text in sample[500:550]:
        parts = text.split()
        parts[rng.randrange(len(parts))] = rng.choice(words)
        t = time.perf_counter()
        hits += bool(tm.fuzzy("en", "uk", " ".join(parts), threshold=0.75))
        fuzzy.append(time.perf_counter() - t)
    out = {"writers": args.writers, "codes": codes, "expected": expected, "stored": stored,
           "lost": expected - len(stored_sources), "duplicates": stored - distinct, "mt_won": mt_won,
           "exact_p50_ms": 1000 * statistics.median(exact), "fuzzy_p50_ms": 1000 * statistics.median(fuzzy),
           "fuzzy_hits": hits, "write_units_per_s": (expected + 2000 * (args.writers - 1)) / seconds}
    print(f"TM: {args.writers} writer processes, {expected} distinct units expected: {stored} stored, "
          f"{out['lost']} lost, {out['duplicates']} duplicates, {mt_won} MT over human "
          f"({out['write_units_per_s']:.0f} unit writes/s)", flush=True)
    print(f"TM lookups at {stored} units: exact p50 {out['exact_p50_ms']:.2f} ms, fuzzy p50 "
          f"{out['fuzzy_p50_ms']:.2f} ms ({hits}/50 one-word-changed queries matched)", flush=True)
    db.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    data_arg(parser)
    parser.add_argument("--home", help="data directory with installed models (default: the test packages)")
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--sentences", type=int, default=20, help="sentences per throughput article")
    parser.add_argument("--concurrency", type=int, default=2, help="threads per worker process")
    parser.add_argument("--fault-jobs", type=int, default=24)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--units", type=int, default=100_000)
    args = parser.parse_args()
    bindir = pg_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL binaries not found (apt-get install postgresql)")
    scratch = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    cluster = Cluster(bindir)
    cluster.start()
    try:
        home = Path(args.home) if args.home else scratch / "home"
        if not args.home:
            from l10n.engines.install import install_path
            from l10n.settings import Settings
            install_path(Settings(home=home), ROOT / "tests" / "fixtures" / "models")
        print(f"PostgreSQL {bindir.parent.name} on 127.0.0.1:{cluster.port}; {os.cpu_count()} cores; "
              f"models {'--home' if args.home else 'tests/fixtures/models'}", flush=True)
        rates = throughput(cluster, home, args)
        crash = fault(cluster, home, args)
        tm = memory(cluster, args)
    finally:
        cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"headline: {rates[1]:.2f}/{rates[2]:.2f}/{rates[4]:.2f} jobs/s with 1/2/4 workers "
          f"(x{rates[2] / rates[1]:.2f}, x{rates[4] / rates[1]:.2f}); kill -9: {crash['done']}/{crash['jobs']} done, "
          f"{crash['failed']} failed, {crash['delivered_twice']} delivered twice, recovery {crash['recovery_s']:.1f} s; "
          f"TM {tm['writers']} writers: {tm['lost']} lost, {tm['duplicates']} duplicates; exact p50 "
          f"{tm['exact_p50_ms']:.2f} ms, fuzzy p50 {tm['fuzzy_p50_ms']:.2f} ms at {tm['stored']} units")


if __name__ == "__main__":
    main()
