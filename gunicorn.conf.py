"""Gunicorn settings for `make serve` (and for every app server behind a load balancer).

Each setting can be overridden from the environment (names below) or on the command line.
No database connection is opened before gunicorn forks: the app is loaded in each worker
(preload off), and if preload is turned on the inherited engine pool is dropped after the fork.
"""
import gc
import multiprocessing
import os
import subprocess
import sys

bind = os.environ.get("OUTREACH_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# One process per core, each serving one request at a time: the sync worker (measured in
# bench/README.md, "Serving"). A sync worker accepts a connection only when it is idle, so the
# load spreads over the cores by itself. gthread accepts every connection it can while busy and
# keeps it alive: when 100 phones connected at once, one worker took all of them and the other
# core stayed idle (one worker stored all 2,810 visits of a run). Phones keep their connections
# alive with Caddy (`make lan`, deploy/Caddyfile), not with a worker. 3 workers x 4 threads
# contended for the GIL and SQLite's write lock and ran at half the rate.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = os.environ.get("OUTREACH_WORKER_CLASS", "sync")
threads = int(os.environ.get("OUTREACH_THREADS", "1"))  # gthread only
# The heartbeat file on tmpfs: a slow disk must not make the master think a worker hangs.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# A visit batch is at most 500 visits; nothing we serve should take longer than this.
timeout = int(os.environ.get("OUTREACH_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
backlog = 2048

# Young objects are collected every GC_THRESHOLDS[0] net allocations (Python's default is 700);
# the same order as gc.set_threshold (tune_collector).
GC_THRESHOLDS = (10_000, 20, 20)

# Loading the app in the master would open nothing (create_app does no I/O), but workers
# loading it themselves keeps that true whatever the app does at import.
preload_app = os.environ.get("OUTREACH_PRELOAD", "") == "1"

# Access logs cost time on every request; the load balancer usually keeps them. "-" is stdout.
accesslog = os.environ.get("OUTREACH_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("OUTREACH_LOG_LEVEL", "info")

# Behind a load balancer, trust its X-Forwarded-* headers (set to its address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """With OUTREACH_REPLICA set, start the replica's watcher beside the workers (it runs Litestream)."""
    if os.environ.get("OUTREACH_REPLICA"):
        # Its own process, not a thread: the master forks workers, and a fork must not copy a busy thread.
        server.replica_watcher = subprocess.Popen(
            [sys.executable, "-m", "outreach.replica", "--parent", str(os.getpid())])


def on_exit(server):
    """Stop the replica's watcher with the server (it stops Litestream, which sends what it has left)."""
    watcher = getattr(server, "replica_watcher", None)
    if watcher is not None and watcher.poll() is None:
        watcher.terminate()
        try:
            watcher.wait(timeout=20)
        except subprocess.TimeoutExpired:
            watcher.kill()


def post_fork(server, worker):
    """With preload on, drop the pooled connections the master may hold: a socket must not be shared."""
    wsgi = sys.modules.get("wsgi")
    if wsgi is None:
        return
    from outreach.extensions import db

    with wsgi.app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


def post_worker_init(worker):
    """Once the worker has loaded the app, the collector's settings for serving (tune_collector)."""
    tune_collector()


def tune_collector() -> None:
    """Move what the loaded app holds out of the collector's sight, and collect young objects less often.

    A batch of 500 visits makes tens of thousands of short-lived objects; with Python's default
    thresholds each full collection also walks the whole app (models, catalogs, compiled
    statements), and in bench/intake.py that was a large share of a batch's CPU. Frozen objects
    are never scanned; cycles made after the freeze are still collected. Self-contained: the thin
    yardstick app is served with this file too. bench/profile_intake.py calls it as a worker would.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
