"""How long the PII scrubber takes on the worst notes we can build, and on typical ones.

Each adversarial family fills a note to the longest length the app stores
(privacy.MAX_LENGTH, 2,000 characters) with a shape that once made a detector
slow (backtracking regexes, libphonenumber or usaddress fed a whole note).
Prints per-note milliseconds (best and median of --repeat runs, since the
machine may be shared) and writes bench/results/scrubber.json.

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
}


def note_of(unit: str) -> str:
    """`unit` repeated to exactly MAX_LENGTH characters."""
    return (unit * (privacy.MAX_LENGTH // len(unit) + 1))[:privacy.MAX_LENGTH]


def timings(text: str, repeat: int) -> list[float]:
    """Milliseconds for each of `repeat` scrubs of `text`."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        privacy.scrub(text)
        runs.append((time.perf_counter() - started) * 1000)
    return runs


def main() -> None:
    """Time every family and the typical notes; print a table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    privacy.scrub("warm up: Keisha Broussard, 504-555-0134, 12 Claiborne St")  # lazy loads: name lists, metadata
    results = {}
    print(f"{'family (2,000 characters)':34s} {'best ms':>8s} {'median ms':>10s}")
    for family, unit in FAMILIES.items():
        runs = timings(note_of(unit), args.repeat)
        results[family] = {"best_ms": min(runs), "median_ms": statistics.median(runs)}
        print(f"{family:34s} {min(runs):8.2f} {statistics.median(runs):10.2f}")
    notes = [note.text for note in corpus()]
    per_note = [statistics.median(timings(text, 5)) for text in notes]
    long_typical = note_of(" ".join(notes))
    typical = timings(long_typical, args.repeat)
    results["typical notes"] = {"count": len(notes), "median_ms": statistics.median(per_note),
                                "max_ms": max(per_note), "mean_chars": sum(map(len, notes)) / len(notes)}
    results["typical text, 2,000 characters"] = {"best_ms": min(typical), "median_ms": statistics.median(typical)}
    print(f"{'typical text, 2,000 characters':34s} {min(typical):8.2f} {statistics.median(typical):10.2f}")
    print(f"typical corpus notes ({len(notes)}, mean {results['typical notes']['mean_chars']:.0f} characters): "
          f"median {statistics.median(per_note):.2f} ms, slowest {max(per_note):.2f} ms")
    worst = max(results[family]["median_ms"] for family in FAMILIES)
    print(f"worst adversarial family, median: {worst:.2f} ms")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "scrubber.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
