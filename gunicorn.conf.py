"""Gunicorn settings for `make serve` (and for every app server behind a load balancer).

Each setting can be overridden from the environment (names below) or on the command line.
No database connection is opened before gunicorn forks: the app is loaded in each worker
(preload off), and if preload is turned on the inherited engine pool is dropped after the fork.
"""
import multiprocessing
import os
import sys

bind = os.environ.get("OUTREACH_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# One process per core, one thread each (measured in bench/README.md, "Serving"): with 3
# workers x 4 threads, 12 requests contend for the GIL and for SQLite's write lock, whose
# busy handler sleeps in growing steps, and single posts ran at half the rate. gthread
# (even with one thread) keeps phones' connections alive and rides out slow 3G clients.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = os.environ.get("OUTREACH_WORKER_CLASS", "gthread")
threads = int(os.environ.get("OUTREACH_THREADS", "1"))
# The heartbeat file on tmpfs: a slow disk must not make the master think a worker hangs.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# A visit batch is at most 500 visits; nothing we serve should take longer than this.
timeout = int(os.environ.get("OUTREACH_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
backlog = 2048

# Loading the app in the master would open nothing (create_app does no I/O), but workers
# loading it themselves keeps that true whatever the app does at import.
preload_app = os.environ.get("OUTREACH_PRELOAD", "") == "1"

# Access logs cost time on every request; the load balancer usually keeps them. "-" is stdout.
accesslog = os.environ.get("OUTREACH_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("OUTREACH_LOG_LEVEL", "info")

# Behind a load balancer, trust its X-Forwarded-* headers (set to its address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    """With preload on, drop the pooled connections the master may hold: a socket must not be shared."""
    wsgi = sys.modules.get("wsgi")
    if wsgi is None:
        return
    from outreach.extensions import db

    with wsgi.app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
