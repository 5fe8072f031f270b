"""Small-count suppression for published tables (pure: no database, no app).

A table of counts (rows x columns) is published with its row, column and grand
totals. Counts below `minimum` are shown as SMALL ("fewer than 10"). Totals
would let a reader work hidden counts out again, so a total is shown only when
it adds no equation that pins a hidden cell:

- a column total only when its column has no hidden cell (it is then the sum of
  numbers already shown, and no column equation touches a hidden cell);
- a row total when its row has no hidden cell, or when it has at least two and
  their hidden sum S satisfies 0 < S < (minimum - 1) * k. Each of the k hidden
  cells then still ranges over at least two values: from max(0, S - (m-1)(k-1))
  to min(m-1, S). With one hidden cell, S = 0 or S = (m-1)k the cells are
  pinned, so the total is WITHHELD. A row total below `minimum` is SMALL, which
  only says the row's hidden cells sum to at most m-1: none is pinned;
- the grand total only when every row total is shown (it is then their sum).

Hidden cells thus meet exactly one published equation each (their row's), the
rows are independent, and no hidden count can be derived. Every number shown is
at least `minimum`. tests/services/test_disclosure.py checks this with an
independent solver over random tables.
"""
from dataclasses import dataclass

SMALL = "small"        # a count below the minimum: "fewer than 10"
WITHHELD = "withheld"  # a total left out so that no hidden count can be worked out


@dataclass
class Published:
    """What may be shown: each value is a count (at least the minimum), SMALL or WITHHELD."""

    cells: list[list[int | str]]
    row_totals: list[int | str]
    column_totals: list[int | str]
    total: int | str


def _row_total(row: list[int], minimum: int) -> int | str:
    """A row's total if showing it pins no hidden cell of the row."""
    total = sum(row)
    if total < minimum:
        return SMALL
    hidden = [value for value in row if value < minimum]
    if not hidden:
        return total
    hidden_sum = sum(hidden)
    if len(hidden) >= 2 and 0 < hidden_sum < (minimum - 1) * len(hidden):
        return total
    return WITHHELD


def _shown_if_all_visible(values: list[int], minimum: int) -> int | str:
    """The sum of `values` when every one of them is shown (and the sum is large enough)."""
    if values and all(value >= minimum for value in values):
        return sum(values)
    return WITHHELD


def suppress(counts: list[list[int]], minimum: int = 10) -> Published:
    """Suppress small cells and every total that would reveal one (see the module's rules)."""
    if minimum < 2:
        raise ValueError("a minimum below 2 hides nothing")
    columns = list(zip(*counts)) if counts else []
    row_totals = [_row_total(row, minimum) for row in counts]
    shown_rows = [t for t in row_totals if isinstance(t, int)]
    return Published(
        cells=[[value if value >= minimum else SMALL for value in row] for row in counts],
        row_totals=row_totals,
        column_totals=[_shown_if_all_visible(list(column), minimum) for column in columns],
        total=sum(shown_rows) if counts and len(shown_rows) == len(row_totals) else WITHHELD,
    )
