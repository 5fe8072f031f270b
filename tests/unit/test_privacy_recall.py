"""The scrubber on the issue-15 families: the tuning notes, and held-out notes it was never tuned on.

The held-out thresholds are what the scrubber reached the first time it was
measured on them, floored; they are a floor against regressions, not goals
that were tuned to (see tests/services/privacy_heldout.py).
"""
from collections import Counter

import pytest

from tests.services.privacy_corpus import tuning
from tests.services.privacy_heldout import HELD_OUT
from tests.services.privacy_heldout_b import HELD_OUT_B
from tests.unit.test_privacy_corpus import report

KINDS = {"phone", "email", "ssn", "address", "dob", "plate", "name", "id", "gps"}


def test_both_parts_cover_every_kind_in_three_languages_with_clean_notes():
    for notes in (tuning(), HELD_OUT, HELD_OUT_B):
        assert set(Counter(kind for note in notes for kind, _ in note.pii)) == KINDS
        assert sum(1 for note in notes if not note.pii) >= 30
        assert any("llama" in note.text for note in notes) and any("tên" in note.text for note in notes)


def test_scrubber_on_the_tuning_notes():
    recall, clean_altered, misses = report("issue-15 tuning notes", tuning())
    assert all(rate == 1.0 for rate in recall.values()) and clean_altered == 0, misses


# Reached on the first measurement of each held-out part, floored; not tuned to. Part A: address 10 of 11.
# Part B (written after A was measured): address 9 of 10, name 32 of 34.
HELD_OUT_RECALL = {
    "A": {"phone": 1.0, "email": 1.0, "ssn": 1.0, "address": 0.9, "dob": 1.0, "plate": 1.0, "name": 1.0, "id": 1.0,
          "gps": 1.0},
    "B": {"phone": 1.0, "email": 1.0, "ssn": 1.0, "address": 0.9, "dob": 1.0, "plate": 1.0, "name": 0.94, "id": 1.0,
          "gps": 1.0},
}
HELD_OUT_CLEAN_ALTERED = 0.0


@pytest.mark.parametrize("part, notes", [("A", HELD_OUT), ("B", HELD_OUT_B)])
def test_scrubber_on_the_held_out_notes(part, notes):
    recall, clean_altered, _ = report(f"issue-15 held-out part {part} (never tuned on)", notes)
    # The misses are not shown: looking at them would turn held-out notes into tuning notes.
    below = sorted(kind for kind, rate in recall.items() if rate < HELD_OUT_RECALL[part][kind])
    assert not below and clean_altered <= HELD_OUT_CLEAN_ALTERED, (below, clean_altered)


def test_scrubber_on_both_held_out_parts_together():
    """The figures the README states."""
    recall, clean_altered, _ = report("issue-15 held-out parts A and B", HELD_OUT + HELD_OUT_B)
    assert min(recall.values()) >= 0.9 and clean_altered == 0
