"""How long the PII scrubber takes on the worst notes we can build, and on typical ones.

Each adversarial family fills a note to the longest length the app stores
(privacy.MAX_LENGTH, 2,000 characters) with a shape that once made a detector
slow (backtracking regexes, libphonenumber or usaddress fed a whole note).
Prints per-note milliseconds of CPU time (process time, so other work on a
shared machine does not count; best and median of --repeat runs) and the wall
time median, then microseconds of CPU per note on every labelled corpus, for
the scrubber of --baseline (a git revision, read from git into a temporary
package) and this one in the same run; writes bench/results/scrubber.json.

    .venv/bin/python bench/scrubber.py [--repeat 30] [--baseline 656245c]
"""
import argparse
import importlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from outreach.services import privacy  # noqa: E402
from tests.services.privacy_corpus import corpus  # noqa: E402
from tests.unit.test_privacy_recall import training_sets  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "outreach/services/privacy"

# Shapes that stress one detector each; every one is repeated to MAX_LENGTH.
FAMILIES = {
    "1-1-1- (digits and dashes)": "1-",
    "1 1 1 (digits and spaces)": "1 ",
    "digits only": "1",
    "house numbers + street": "12 Claiborne St ",
    "house numbers, no street": "12 Main ",
    "title + capitalised word": "Mr Aa ",
    "capitalised words": "Keisha ",
    "first name + surname": "Odile Fontenot ",
    "spelled digits": "five oh four ",
    "spelled 'at'/'dot'": "a at b dot ",
    "email shape without @": "a.",
    "@ runs": "a@",
    "plate cues": "plate A1 ",
    "id cues": "medicaid id 12 ",
    "coordinates": "29.9712, -90.0489 ",
    "dates after born": "born 1/1/1950 ",
    "phone numbers": "504-555-0134 ",
    "intersections": "at Tupelo and N Claiborne ",
    "zero-width spaces": "a\u200b",
    "ligatures that NFKC expands": "\ufdfa",
    "Vietnamese text": "Trần Văn Minh sống ở ",
    "initials 'N. '": "N. ",
    "'at A & '": "at A & ",
}


def spaced(start: str) -> str:
    """`start`, then spaces to MAX_LENGTH, then one letter (long runs of spaces once cost minutes)."""
    return start + " " * (privacy.MAX_LENGTH - len(start) - 1) + "x"


SPACED = {"coordinate + 2,000 spaces": spaced("29.9712"), "address + 2,000 spaces": spaced("12 Claiborne St")}


def note_of(unit: str) -> str:
    """`unit` repeated to exactly MAX_LENGTH characters."""
    return (unit * (privacy.MAX_LENGTH // len(unit) + 1))[:privacy.MAX_LENGTH]


def timings(text: str, repeat: int) -> tuple[list[float], list[float]]:
    """CPU and wall milliseconds for each of `repeat` scrubs of `text`."""
    cpu, wall = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        privacy.scrub(text)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return cpu, wall


def figures(text: str, repeat: int) -> dict:
    """Best and median CPU milliseconds, and the median wall milliseconds, of scrubbing `text`."""
    cpu, wall = timings(text, repeat)
    return {"cpu_best_ms": min(cpu), "cpu_median_ms": statistics.median(cpu), "wall_median_ms": statistics.median(wall)}


def row(label: str, result: dict) -> str:
    """One line of the printed table."""
    return f"{label:34s} {result['cpu_best_ms']:8.2f} {result['cpu_median_ms']:10.2f} {result['wall_median_ms']:10.2f}"


def baseline_scrubber(revision: str):
    """The privacy package as it was at `revision`, imported from a temporary copy under another name."""
    folder = Path(tempfile.mkdtemp(prefix="scrubber-")) / "privacy_baseline"
    folder.mkdir()
    names = subprocess.run(["git", "ls-tree", "--name-only", f"{revision}:{PACKAGE}"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()
    for name in names:
        source = subprocess.run(["git", "show", f"{revision}:{PACKAGE}/{name}"], cwd=ROOT, check=True,
                                capture_output=True).stdout
        (folder / name).write_bytes(source)
    sys.path.insert(0, str(folder.parent))
    return importlib.import_module("privacy_baseline")


def per_note_us(scrub, texts: list[str], rounds: int = 5) -> float:
    """Median over `rounds` of the CPU microseconds per note of scrubbing every text once."""
    spent = []
    for _ in range(rounds):
        started = time.process_time()
        for text in texts:
            scrub(text)
        spent.append((time.process_time() - started) / len(texts) * 1e6)
    return statistics.median(spent)


def corpora_table(baseline, results: dict) -> None:
    """CPU microseconds per note on each labelled corpus, the baseline's and ours, in the same run."""
    sets = training_sets()
    print(f"\n{'corpus':50s} {'notes':>5s} {'chars':>5s} {'baseline µs':>11s} {'now µs':>8s}  (CPU per note)")
    for name, notes in sets.items():
        texts = [note.text for note in notes]
        before = per_note_us(baseline.scrub, texts) if baseline else None
        now = per_note_us(privacy.scrub, texts)
        results[f"corpus {name}"] = {"notes": len(texts), "baseline_us": before, "now_us": now}
        mean = sum(map(len, texts)) / len(texts)
        shown = f"{before:11.0f}" if before is not None else f"{'-':>11s}"
        print(f"{name:50s} {len(texts):5d} {mean:5.0f} {shown} {now:8.0f}")


def main() -> None:
    """Time every family and the typical notes; print a table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--baseline", default="656245c", help="git revision to compare with ('' for none)")
    parser.add_argument("--corpora-only", action="store_true", help="only the per-note table of the corpora")
    args = parser.parse_args()
    baseline = baseline_scrubber(args.baseline) if args.baseline else None
    if baseline:
        baseline.scrub("warm up: Keisha Broussard, 504-555-0134, 12 Claiborne St")
    privacy.scrub("warm up: Keisha Broussard, 504-555-0134, 12 Claiborne St")  # lazy loads: name lists, metadata
    results = {}
    if args.corpora_only:
        corpora_table(baseline, results)
        return
    print(f"{'family (2,000 characters)':34s} {'CPU best':>8s} {'CPU median':>10s} {'wall med.':>10s}  (ms)")
    for family, unit in FAMILIES.items():
        results[family] = figures(note_of(unit), args.repeat)
        print(row(family, results[family]))
    for family, text in SPACED.items():
        results[family] = figures(text, args.repeat)
        print(row(family, results[family]))
    notes = [note.text for note in corpus()]
    results["typical text, 2,000 characters"] = figures(note_of(" ".join(notes)), args.repeat)
    print(row("typical text, 2,000 characters", results["typical text, 2,000 characters"]))
    per_note = [statistics.median(timings(text, 5)[0]) for text in notes]
    results["typical notes"] = {"count": len(notes), "cpu_median_ms": statistics.median(per_note),
                                "cpu_max_ms": max(per_note), "mean_chars": sum(map(len, notes)) / len(notes)}
    print(f"typical corpus notes ({len(notes)}, mean {results['typical notes']['mean_chars']:.0f} characters): "
          f"CPU median {statistics.median(per_note):.2f} ms, slowest {max(per_note):.2f} ms")
    worst = max([*FAMILIES, *SPACED], key=lambda family: results[family]["cpu_median_ms"])
    print(f"worst adversarial family: {worst}, CPU median {results[worst]['cpu_median_ms']:.2f} ms")
    corpora_table(baseline, results)
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "scrubber.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
