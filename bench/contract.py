"""The declared visit contract (msgspec VisitIn) against the hand validator it replaced, per visit.

    .venv/bin/python bench/contract.py              # 20,000 realistic visits, 3 rounds each

Both sides do the same work from the request's bytes to a checked, normalised, hashed visit,
with the scrubber stubbed out (it is the same call on both sides): the old side is
`json.loads` + `validate` of commit 1e83043 (loaded from git), the new one
`decode_batch`-style `msgspec.json.decode` + `check` + hashing. CPU time, microseconds a visit.
"""
import importlib.util
import json
import random
import subprocess
import sys
import time

from harness import ROOT, visit, write_result

OLD_COMMIT = "1e83043"


def old_module():
    """services/visits.py as it was at OLD_COMMIT, imported beside today's package."""
    source = subprocess.run(["git", "show", f"{OLD_COMMIT}:outreach/services/visits.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    spec = importlib.util.spec_from_loader("outreach.services.visits_before", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "outreach.services"
    exec(compile(source, "visits_before.py", "exec"), module.__dict__)  # noqa: S102 (our own file from git)
    return module


def per_visit(work, bodies) -> float:
    """Best of three rounds, CPU microseconds a visit."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for body in bodies:
            work(body)
        best = min(best, (time.process_time() - started) / len(bodies))
    return round(best * 1e6, 1)


def main() -> None:
    from outreach import create_app
    from outreach.services import privacy, visits

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    rng = random.Random(1)
    bodies = [json.dumps(visit(list(range(1, 21)), rng)).encode() for _ in range(20000)]
    privacy.scrub = lambda text: privacy.Scrubbed(text or "")  # the same stub for both sides
    before = old_module()

    def new(body: bytes) -> None:
        clean = visits.check(visits.msgspec.json.decode(body, type=visits.VisitIn))
        visits.scrub(clean)

    with app.test_request_context():
        result = {"old_us_per_visit": per_visit(lambda body: before.validate(json.loads(body)), bodies),
                  "new_us_per_visit": per_visit(new, bodies)}
    print(result)
    write_result("contract", result)
    if result["new_us_per_visit"] > result["old_us_per_visit"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
