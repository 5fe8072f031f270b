"""The scrubber measured on a labelled corpus of field notes: recall per kind, and clean notes left alone."""
import re
from collections import Counter

from outreach.services.privacy import normalise, scrub
from tests.services.privacy_corpus import corpus


def removed(kind: str, value: str, scrubbed: str) -> bool:
    """The planted value is gone and a marker of its kind stands in the text.

    For names every word must be gone (a surname left behind is a leak); for
    addresses the house number with its street must be gone. The value is
    compared as the scrubber stores text (normalised: NFKC, no invisible characters).
    """
    value = normalise(value)
    if f"[{kind}]" not in scrubbed or value in scrubbed:
        return False
    if kind == "name":
        return not any(re.search(rf"\b{re.escape(word)}\b", scrubbed) for word in value.split())
    if kind == "address":
        number, street = value.split()[0], value.split()[1]
        return not re.search(rf"\b{number}\s+{re.escape(street)}", scrubbed)
    return True


def measure(notes) -> tuple[dict, float, list, Counter]:
    """Recall per kind, the share of clean notes altered, the misses and how many of each kind were planted."""
    found, planted, misses, clean, altered = Counter(), Counter(), [], 0, 0
    for note in notes:
        result = scrub(note.text).text
        if not note.pii:
            clean += 1
            if result != note.text:
                altered += 1
                misses.append(("clean note altered", note.text, result))
        for kind, value in note.pii:
            planted[kind] += 1
            if removed(kind, value, result):
                found[kind] += 1
            else:
                misses.append((kind, value, result))
    recall = {kind: found[kind] / planted[kind] for kind in planted}
    return recall, altered / clean, misses, planted


def test_corpus_is_large_and_labelled():
    notes = corpus()
    assert len(notes) >= 300
    kinds = Counter(kind for note in notes for kind, _ in note.pii)
    assert set(kinds) >= {"phone", "email", "ssn", "address", "dob", "plate", "name"}
    assert sum(1 for note in notes if not note.pii) >= 150


def report(title: str, notes) -> tuple[dict, float, list]:
    """Measure `notes`, print recall per kind and the clean-note alteration rate, return them with the misses."""
    recall, clean_altered, misses, planted = measure(notes)
    clean = sum(1 for note in notes if not note.pii)
    print(f"\nPII scrubber, {title}: {len(notes)} labelled notes ({clean} without PII)")
    for kind in sorted(recall):
        print(f"  recall {kind:8s} {recall[kind]:6.1%} of {planted[kind]}")
    print(f"  clean notes altered {clean_altered:.1%}")
    return recall, clean_altered, misses


def test_scrubber_finds_all_pii_of_the_first_corpus_and_leaves_its_clean_notes_alone():
    recall, clean_altered, misses = report("first corpus (tuned on)", corpus())
    assert all(rate == 1.0 for rate in recall.values()) and clean_altered == 0, misses[:20]
