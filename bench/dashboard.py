"""What one open coordinator dashboard costs the server per minute (issue 14).

An operation the size of a city's field day (300 pairs with blocks, 100,000 visits,
100 pairs out with check-ins, help calls, hazards, messages to every pair) behind
gunicorn; one signed-in coordinator polls /coordinator/dashboard/care.json the way
static/js/dashboard.js does (every 5 s, If-None-Match). Measured: requests and bytes
per minute, the gunicorn workers' CPU time (from /proc), and SQL statements per poll
(counted in-process on the same database).

    .venv/bin/python bench/dashboard.py [--db sqlite|postgresql] [--polls 120]
"""
import argparse
import os
import random
import re
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import database_url, gunicorn, make_operation, worker_pids, write_result  # noqa: E402

POLL_S = 5  # outreach/coordinator/dashboard.py POLL_SECONDS
PER_MINUTE = 60 // POLL_S
PASSWORD = "bench-password-1"


def add_field_day(url: str, visits: int) -> None:
    """Visits (some with safety concerns), shifts on and off rhythm, help calls, hazards, carers, messages."""
    from sqlalchemy import insert, select

    from outreach import create_app
    from outreach.extensions import db
    from outreach.models import Assignment, Team, User, Visit, utcnow
    from outreach.services.fieldwork import block_work
    from outreach.services.safety import alerts, messages, shifts

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    rng = random.Random(14)
    with app.app_context():
        now = utcnow()
        assigned = db.session.execute(select(Assignment.block_id, Assignment.team_id)).all()
        rows = [{"client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "content_hash": "0" * 64,
                 "block_id": block_id, "team_id": team_id, "visited_at": now - timedelta(minutes=rng.randint(1, 6000)),
                 "received_at": now, "outcome": "contact", "safety_concern": i % 5000 == 0}
                for i, (block_id, team_id) in enumerate(rng.choice(assigned) for _ in range(visits))]
        for start in range(0, len(rows), 10000):
            db.session.execute(insert(Visit), rows[start:start + 10000])
        db.session.commit()
        coordinator = db.session.scalar(select(User).where(User.role == "coordinator"))
        pairs = db.session.scalars(select(Team).order_by(Team.id).limit(100)).all()
        for index, team in enumerate(pairs):
            lead = team.members[0]
            shifts.check_in(lead, 6, at=now - timedelta(hours=2))
            if index >= 10:  # ten pairs missed their "all OK"
                alerts.record_alert({"client_id": str(uuid.uuid4()), "kind": "ok",
                                     "sent_at": (now - timedelta(minutes=20)).isoformat()}, lead)
        for team in pairs[:3]:
            alerts.record_alert({"client_id": str(uuid.uuid4()), "kind": "help", "sent_at": now.isoformat()},
                                team.members[1])
        for team in pairs[3:6]:
            block = db.session.get(Assignment, db.session.scalar(
                select(Assignment.id).where(Assignment.team_id == team.id).limit(1))).block
            block_work.flag_unsafe(block, team.members[0], "Downed power line")
        for team in pairs[6:10]:
            shifts.check_out(team.members[1], "shaken", True)
        for n in range(5):
            message = messages.send_message(coordinator, f"Update {n}: water truck at staging until 6", None)
            for recipient in message.recipients[::2]:  # half the pairs have read it
                messages.acknowledge(recipient.team.members[0], message.id)
        db.session.commit()
        db.engine.dispose()


def statements_per_poll(url: str) -> dict:
    """SQL statements and body size of one poll, counted in-process on the same database."""
    from sqlalchemy import event

    from outreach import create_app
    from outreach.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.post("/login", data={"email": "lead@bench.org", "password": PASSWORD})
    seen = []
    with app.app_context():
        client.get("/coordinator/dashboard/care.json")
        event.listen(db.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
        full = client.get("/coordinator/dashboard/care.json")
        changed = len(seen)
        seen.clear()
        same = client.get("/coordinator/dashboard/care.json", headers={"If-None-Match": full.headers["ETag"]})
        assert same.status_code == 304
        return {"statements_per_poll": changed, "statements_per_304": len(seen), "board_bytes": len(full.data)}


def cpu_ms(pids: list[int]) -> float:
    """User plus system CPU time of these processes so far, in milliseconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total * 1000 / ticks


def signed_in(base: str):
    """A requests session signed in as the benchmark's coordinator (through the CSRF-protected form)."""
    import requests

    session = requests.Session()
    login = session.get(base + "/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', login)
    response = session.post(base + "/login", data={"email": "lead@bench.org", "password": PASSWORD,
                                                   "csrf_token": token[1]})
    assert response.ok and "/coordinator/" in response.url, response.url
    return session


def wire_bytes(response) -> int:
    """Bytes of a response on the wire: status line, headers and the (compressed) body."""
    head = sum(len(name) + len(value) + 4 for name, value in response.raw.headers.items()) + 17
    return head + len(response.raw.read(decode_content=False))


def measure(base: str, server, polls: int) -> dict:
    """Poll like the dashboard: `polls` conditional requests; the workers' CPU for them; one full answer."""
    session = signed_in(base)
    url = base + "/coordinator/dashboard/care.json"
    headers = {"Accept": "application/json", "Accept-Encoding": "gzip"}
    first = session.get(url, headers=headers, stream=True)
    full_bytes = wire_bytes(first)
    etag = first.headers["ETag"]
    pids = worker_pids(server.pid)
    time.sleep(2)
    idle_before = cpu_ms(pids)
    time.sleep(POLL_S)
    idle = cpu_ms(pids) - idle_before  # heartbeats: what the workers burn with nobody polling
    before = cpu_ms(pids)
    started = time.monotonic()
    sizes, latencies = [], []
    for _ in range(polls):
        sent = time.monotonic()
        answer = session.get(url, headers={**headers, "If-None-Match": etag}, stream=True)
        latencies.append(time.monotonic() - sent)
        assert answer.status_code == 304, answer.status_code
        sizes.append(wire_bytes(answer))
    elapsed = time.monotonic() - started
    unchanged_cpu = (cpu_ms(pids) - before - idle * elapsed / POLL_S) / polls
    before = cpu_ms(pids)
    for _ in range(polls // 4):
        full = session.get(url, headers=headers, stream=True)
        assert full.status_code == 200
    changed_cpu = (cpu_ms(pids) - before) / (polls // 4)
    return {"full_answer_bytes": full_bytes, "unchanged_answer_bytes": round(sum(sizes) / len(sizes)),
            "cpu_ms_per_unchanged_poll": round(unchanged_cpu, 2), "cpu_ms_per_changed_poll": round(changed_cpu, 2),
            "latency_ms_unchanged_p50": round(sorted(latencies)[len(latencies) // 2] * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--polls", type=int, default=120)
    args = parser.parse_args()
    url = database_url(args.db, "dashboard")
    make_operation(url, phones=600)
    add_field_day(url, args.visits)
    counted = statements_per_poll(url)
    with gunicorn(url) as (base, server):
        figures = measure(base, server, args.polls)
    per_minute = {
        "requests": PER_MINUTE,
        "bytes_quiet": PER_MINUTE * figures["unchanged_answer_bytes"],
        "bytes_if_every_poll_changed": PER_MINUTE * figures["full_answer_bytes"],
        "cpu_ms_quiet": round(PER_MINUTE * figures["cpu_ms_per_unchanged_poll"], 1),
        "cpu_ms_if_every_poll_changed": round(PER_MINUTE * figures["cpu_ms_per_changed_poll"], 1),
        "sql_statements": PER_MINUTE * counted["statements_per_poll"],
    }
    result = {"db": args.db, "visits": args.visits, "pairs": 300, "poll_s": POLL_S, **counted, **figures,
              "per_minute": per_minute}
    print(result)
    print("written to", write_result(f"dashboard_{args.db}", result))


if __name__ == "__main__":
    main()
