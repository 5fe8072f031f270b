"""How long the PII scrubber takes on the worst notes we can build, and on typical ones.

Each adversarial family fills a note to the longest length the app stores
(privacy.MAX_LENGTH, 2,000 characters) with a shape that once made a detector
slow (backtracking regexes, libphonenumber or usaddress fed a whole note).
Prints per-note milliseconds of CPU time (process time, so other work on a
shared machine does not count; best and median of --repeat runs) and the wall
time median, and writes bench/results/scrubber.json.

    .venv/bin/python bench/scrubber.py [--repeat 30]
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from outreach.services import privacy  # noqa: E402
from tests.services.privacy_corpus import corpus  # noqa: E402

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


def main() -> None:
    """Time every family and the typical notes; print a table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    privacy.scrub("warm up: Keisha Broussard, 504-555-0134, 12 Claiborne St")  # lazy loads: name lists, metadata
    results = {}
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
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "scrubber.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
