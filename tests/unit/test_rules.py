"""Pure rules: vocabulary groupings, a shift's return time, a phone's times, JSON depth, counted phrases."""
from datetime import UTC, datetime, timedelta

import pytest

from outreach import vocab
from outreach.errors import Invalid
from outreach.field.phrases import counted
from outreach.models import Shift
from outreach.parsers import json_depth
from outreach.services.fieldwork.visits import phone_time
from outreach.services.safety import shifts


def test_every_need_status_is_either_live_or_finished():
    live, finished = set(vocab.LIVE_NEED_STATUSES), set(vocab.FINISHED_NEED_STATUSES)
    assert not live & finished
    assert live | finished == set(vocab.NEED_STATUSES)


def test_met_needs_are_finished_and_only_unconfirmed_ones_are_shown_to_pairs():
    assert set(vocab.MET_NEED_STATUSES) <= set(vocab.FINISHED_NEED_STATUSES)
    assert vocab.UNCONFIRMED_NEED_STATUSES == ("open", "claimed", "fulfilled")


def test_groupings_keep_declaration_order():
    assert vocab.LIVE_NEED_STATUSES == ("open", "claimed")
    assert vocab.FINISHED_NEED_STATUSES == ("fulfilled", "confirmed", "closed")


@pytest.mark.parametrize("colour,ink", [("#ffffff", "#111"), ("#000000", "#fff"), ("#b91c1c", "#fff"),
                                        ("#fde68a", "#111")])
def test_badge_ink_is_whichever_reads_better(colour, ink):
    assert vocab.readable_ink(colour) == ink


def test_the_stylesheet_has_a_class_for_every_coloured_slug():
    css = vocab.stylesheet()
    for slug in vocab.NeedUrgency.colours():
        assert f".urgency-{slug}" in css


def shift(checked_in_hours_ago: float, hours: float, checked_out: bool = False) -> Shift:
    """A shift in memory only: its rules read its times, not the database."""
    now = datetime.now(UTC)
    start = now - timedelta(hours=checked_in_hours_ago)
    return Shift(checked_in_at=start, expected_end_at=start + timedelta(hours=hours),
                 last_ok_at=None, checked_out_at=now if checked_out else None)


def test_a_shift_past_its_return_time_is_overdue():
    assert shifts.overdue_reason(shift(5, 4)) == shifts.OVERDUE_RETURN


def test_a_checked_out_shift_is_never_overdue():
    assert shifts.overdue_reason(shift(5, 4, checked_out=True)) is None


def test_a_phone_time_is_given_in_utc():
    sent = datetime.fromisoformat("2025-09-14T15:30:00-05:00")  # decoded by the action's contract
    assert phone_time(sent, "visited_at") == datetime(2025, 9, 14, 20, 30, tzinfo=UTC)


@pytest.mark.parametrize("value,problem", [
    (datetime(1999, 12, 31, 23, 59, tzinfo=UTC), "past"),
    (datetime.now(UTC) + timedelta(hours=1), "future"),
])
def test_a_phone_time_in_the_future_or_too_old_is_refused(value, problem):
    with pytest.raises(Invalid) as refused:
        phone_time(value, "visited_at")
    assert problem in refused.value.fields["visited_at"]


def test_a_phone_time_within_clock_skew_is_accepted():
    moment = datetime.now(UTC) + timedelta(minutes=10)
    assert phone_time(moment, "visited_at") == moment


@pytest.mark.parametrize("text,depth", [(b"1", 0), (b"[]", 1), (b'{"a": [[1], {"b": 2}]}', 3),
                                        ('{"a": "[[[[not nesting]]]]"}', 1), (b'["\\"]"]', 1)])
def test_json_depth_counts_nesting_and_skips_strings(text, depth):
    assert json_depth(text) == depth


def test_a_counted_phrase_carries_both_forms():
    forms = counted(lambda k: f"{{n}} visit{'s' if k != 1 else ''}")
    assert forms == {"one": "{n} visit", "other": "{n} visits"}
