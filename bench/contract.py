"""The declared contracts (msgspec Structs) against the hand validators they replaced, per body.

    .venv/bin/python bench/contract.py              # 20,000 realistic bodies of each kind, 3 rounds each

Visits: both sides do the same work from the request's bytes to a checked, normalised, hashed visit,
with the scrubber stubbed out (it is the same call on both sides): the old side is
`json.loads` + `validate` of commit 1e83043 (loaded from git), the new one
`decode_batch`-style `msgspec.json.decode` + `check` + hashing. CPU time, microseconds a visit.

Alerts and check-ins: from the request's bytes to a checked body, as the views do it. The old alert
side is `json.loads` + services/alerts.py's `validate` of commit d830d5d (loaded from git, with that
commit's `phone_time`); the old check-in side is d830d5d's `action_body` key checks (restated here on a
dict: the original reads the request), its `receipts.parse_client_id` and `phone_time` (from git). The
new sides are `json.loads` (Flask's get_json) + `parsers.convert` to AlertIn / CheckIn, then the
time's plausibility. No block_id in the alerts, so neither side reads the database.
"""
import importlib.util
import json
import random
import subprocess
import sys
import time

from harness import ROOT, visit, write_result

OLD_COMMIT = "1e83043"
# The last commit with hand-validated alerts and field actions.
HAND_COMMIT = "d830d5d"
CHECK_IN_FIELDS, CHECK_IN_REQUIRED = ("hours", "at"), ("hours",)


# Those commits predate the feature packages (issue 26): an old module's `from .blocks import ...` means these.
FLAT_NAMES = {"audit": "operation.audit", "blocks": "areas.blocks", "shifts": "safety.shifts",
              "teams": "people.teams", "visits": "fieldwork.visits"}


def old_module(path: str = "outreach/services/visits.py", commit: str = OLD_COMMIT, **replaced):
    """A module of the package as it was at `commit`, imported beside today's (`replaced`: names to swap in)."""
    for old, new in FLAT_NAMES.items():
        sys.modules.setdefault(f"outreach.services.{old}", importlib.import_module(f"outreach.services.{new}"))
    source = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    name = path.rsplit("/", 1)[1].removesuffix(".py")
    spec = importlib.util.spec_from_loader(f"outreach.services.{name}_before", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "outreach.services"
    exec(compile(source, f"{name}_before.py", "exec"), module.__dict__)  # noqa: S102 (our own file from git)
    module.__dict__.update(replaced)
    return module


def per_body(work, bodies) -> float:
    """Best of three rounds, CPU microseconds a body."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for body in bodies:
            work(body)
        best = min(best, (time.process_time() - started) / len(bodies))
    return round(best * 1e6, 1)


def main() -> None:
    from outreach import create_app
    from outreach.services import privacy
    from outreach.services.fieldwork import visits

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    rng = random.Random(1)
    bodies = [json.dumps(visit(list(range(1, 21)), rng)).encode() for _ in range(20000)]
    privacy.scrub = lambda text: privacy.Scrubbed(text or "")  # the same stub for both sides
    before = old_module()

    def new(body: bytes) -> None:
        clean = visits.check(visits.msgspec.json.decode(body, type=visits.VisitIn))
        visits.scrub(clean)

    with app.test_request_context():
        result = {"old_us_per_visit": per_body(lambda body: before.validate(json.loads(body)), bodies),
                  "new_us_per_visit": per_body(new, bodies), **hand_contracts(rng)}
    print(result)
    write_result("contract", result)
    if any(result[f"new_us_per_{kind}"] > result[f"old_us_per_{kind}"] for kind in ("visit", "alert", "check_in")):
        sys.exit(1)


def hand_contracts(rng: random.Random) -> dict:
    """Alerts and check-ins, old hand validation against the declared contract, microseconds a body."""
    import uuid
    from datetime import UTC, datetime, timedelta

    from outreach.errors import Invalid
    from outreach.parsers import convert
    from outreach.services.fieldwork import visits
    from outreach.services.safety import alerts, shifts

    hand_visits = old_module(commit=HAND_COMMIT)
    hand_alerts = old_module("outreach/services/alerts.py", HAND_COMMIT, phone_time=hand_visits.phone_time)
    hand_receipts = old_module("outreach/services/receipts.py", HAND_COMMIT)

    def sent_at() -> str:
        return (datetime.now(UTC) - timedelta(minutes=rng.randint(0, 600))).isoformat()

    alert_bodies = [json.dumps({"client_id": str(uuid.uuid4()), "kind": rng.choice(["help", "ok"]),
                                "sent_at": sent_at()}).encode() for _ in range(20000)]
    check_ins = [json.dumps({"client_id": str(uuid.uuid4()), "hours": rng.choice([2, 3, 4, 6, 8]),
                             **({"at": sent_at()} if rng.random() < 0.5 else {})}).encode() for _ in range(20000)]

    def old_check_in(body: bytes) -> None:
        data = json.loads(body)
        hand_receipts.parse_client_id(data.get("client_id"))
        content = {name: value for name, value in data.items() if name != "client_id"}
        wrong = {name: "unknown field" for name in content if name not in CHECK_IN_FIELDS}
        wrong |= {name: "required" for name in CHECK_IN_REQUIRED if content.get(name) is None}
        if wrong:
            raise Invalid("", wrong)
        if content.get("at") is not None:
            hand_visits.phone_time(content["at"], "at")

    def new_check_in(body: bytes) -> None:
        checked = convert(json.loads(body), shifts.CheckIn)
        if checked.at is not None:
            visits.phone_time(checked.at, "at")

    return {"old_us_per_alert": per_body(lambda body: hand_alerts.validate(json.loads(body)), alert_bodies),
            "new_us_per_alert": per_body(lambda body: alerts.validate(json.loads(body)), alert_bodies),
            "old_us_per_check_in": per_body(old_check_in, check_ins),
            "new_us_per_check_in": per_body(new_check_in, check_ins)}


if __name__ == "__main__":
    main()
