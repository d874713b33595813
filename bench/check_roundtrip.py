"""Round trip of a no-op check through the broker and a real worker.

For each run: ``check_run_request`` (run row + message on the queue) → a Celery
worker claims and executes the ``selftest`` check → the run row says
``succeeded``; the time until this process sees that is the round trip. Prints
p50/p95/max over ``--runs`` runs (after ``--warmup``), and the split into
queue wait (queued→started) and execution (started→finished) from the row's
own timestamps. Target: p50 under 200 ms.

Needs Redis (``CELERY_BROKER_URL``, default redis://127.0.0.1:6379/14). Uses
``DATABASE_URL`` when set (e.g. PostgreSQL), else a fresh SQLite file in a
temporary folder; worker and this process share it. Skips (exit 0) without Redis.

Usage: .venv/bin/python bench/check_roundtrip.py [--runs 50] [--warmup 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()

    broker = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/14"
    import redis

    try:
        redis.Redis.from_url(broker, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        print(f"skipped: Redis not reachable at {broker} ({exc})")
        return 0

    var_dir = tempfile.mkdtemp(prefix="bollwerk-bench-")
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {
        "DJANGO_SETTINGS_MODULE": "bollwerk.settings",
        "DEBUG": "1",
        "SECRET_KEY": "bench-" + "x" * 50,
        "BOLLWERK_VAR_DIR": var_dir,
        "CELERY_BROKER_URL": broker,
        "BOLLWERK_CHECK_QUEUE": queue,
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bollwerk.checks.models import CheckRun
    from bollwerk.checks.services import check_run_request
    from bollwerk.models import Organization

    call_command("migrate", verbosity=0, run_syncdb=True)  # apps without migrations yet
    database = settings.DATABASES["default"]
    print(f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}; broker: {broker}")
    org, _ = Organization.objects.get_or_create(
        slug="bench-roundtrip", defaults={"name": "Benchmark utility"}
    )
    log = open(Path(var_dir) / "worker.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bollwerk", "worker", "-Q", queue,
         "--concurrency", "1", "--pool", "prefork", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--hostname", f"{queue}@%h", "--loglevel", "WARNING"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    finished = {CheckRun.Status.SUCCEEDED, CheckRun.Status.FAILED, CheckRun.Status.TIMED_OUT}
    totals, waits, execs = [], [], []
    try:
        for i in range(args.warmup + args.runs):
            started = time.perf_counter()
            run = check_run_request(organization=org, check_name="selftest", trigger="manual").run
            deadline = started + (60 if i == 0 else 10)
            while True:
                row = CheckRun.objects.filter(pk=run.pk).values(
                    "status", "queued_at", "started_at", "finished_at", "error"
                )[0]
                if row["status"] in finished:
                    break
                if time.perf_counter() > deadline:
                    print(f"run {run.pk} did not finish; see {log.name}")
                    return 1
                time.sleep(0.005)
            elapsed = time.perf_counter() - started
            if row["status"] != CheckRun.Status.SUCCEEDED:
                print(f"run {run.pk} {row['status']}: {row['error']}")
                return 1
            if i >= args.warmup:
                totals.append(elapsed * 1000)
                waits.append((row["started_at"] - row["queued_at"]).total_seconds() * 1000)
                execs.append((row["finished_at"] - row["started_at"]).total_seconds() * 1000)
    finally:
        worker.terminate()
        worker.wait(timeout=15)
        log.close()
        CheckRun.objects.filter(organization=org).delete()

    def line(name, values):
        return (
            f"{name:34} p50 {statistics.median(values):7.1f} ms   "
            f"p95 {percentile(values, 95):7.1f} ms   max {max(values):7.1f} ms"
        )

    print(f"{args.runs} no-op check runs (after {args.warmup} warm-up runs):")
    print(line("round trip (request → succeeded)", totals))
    print(line("  queue wait (queued → started)", waits))
    print(line("  execution (started → finished)", execs))
    verdict = "meets" if statistics.median(totals) < 200 else "misses"
    print(f"p50 {verdict} the 200 ms target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
