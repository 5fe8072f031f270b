"""Small-count suppression for published tables (pure: no database, no app).

A table of counts (rows x columns) is published with its row, column and grand
totals. Counts below `minimum` are shown as SMALL ("fewer than 10"): primary
suppression. Totals would let a reader work hidden counts out again, so every
published sum is made safe (complementary suppression):

- A row total is what the public page is for (how many open needs an area
  has), so it is kept where it can be. A row total below `minimum` is SMALL.
  Otherwise, when the row has hidden cells, the reader learns their sum S =
  total - shown. The total is published only if S is at least `minimum` (else S
  itself is a small count: total 11, water 10, the rest hidden reveals 1) and
  no hidden cell is pinned by S. Where that fails, the row's smallest shown
  counts are hidden too (WITHHELD: the reader knows only that such a cell is at
  least `minimum`), smallest first, until it holds; if hiding every cell does
  not make it hold, the row total is WITHHELD instead and the extra cells shown.
- A column total only when its column has no hidden cell (it is then the sum of
  numbers already shown, and no column equation touches a hidden cell).
- The grand total only when every row total is shown (it is then their sum).

So every hidden cell meets exactly one published equation (its row's), rows are
independent, every sum a reader can form over hidden cells is at least
`minimum`, and no hidden count can be derived. Every number shown is at least
`minimum`. tests/unit/test_disclosure.py checks this with an independent
solver over random tables, using every published sum.
"""
from dataclasses import dataclass

SMALL = "small"        # a count below the minimum: "fewer than 10"
WITHHELD = "withheld"  # a count or total left out so that no hidden count can be worked out


@dataclass
class Published:
    """What may be shown: each value is a count (at least the minimum), SMALL or WITHHELD."""

    cells: list[list[int | str]]
    row_totals: list[int | str]
    column_totals: list[int | str]
    total: int | str


def _pins_nothing(kinds: list[str], hidden_sum: int, minimum: int) -> bool:
    """Does knowing the hidden cells' sum leave every one of them at least two possible values?

    What a reader knows of a hidden cell: SMALL is 0 to minimum-1, WITHHELD is at
    least minimum (else it would be SMALL); and the cells add up to `hidden_sum`.
    """
    for index, kind in enumerate(kinds):
        others = kinds[:index] + kinds[index + 1:]
        others_least = sum(0 if other == SMALL else minimum for other in others)
        others_most = sum(minimum - 1 if other == SMALL else hidden_sum for other in others)
        least = max(0 if kind == SMALL else minimum, hidden_sum - others_most)
        most = min(minimum - 1 if kind == SMALL else hidden_sum, hidden_sum - others_least)
        if most <= least:
            return False
    return True


def _suppress_row(row: list[int], minimum: int) -> tuple[list[int | str], int | str]:
    """A row's cells and total as published (see the module's rules)."""
    cells: list[int | str] = [value if value >= minimum else SMALL for value in row]
    total = sum(row)
    if total < minimum:
        return cells, SMALL
    hidden = [i for i, value in enumerate(row) if value < minimum]
    if not hidden:
        return cells, total
    complements = sorted((i for i, value in enumerate(row) if value >= minimum), key=lambda i: (row[i], i))
    for extra in range(len(complements) + 1):
        chosen = hidden + complements[:extra]
        kinds = [SMALL if row[i] < minimum else WITHHELD for i in chosen]
        hidden_sum = sum(row[i] for i in chosen)
        if hidden_sum >= minimum and _pins_nothing(kinds, hidden_sum, minimum):
            for i in complements[:extra]:
                cells[i] = WITHHELD
            return cells, total
    return cells, WITHHELD


def suppress(counts: list[list[int]], minimum: int = 10) -> Published:
    """Suppress small cells, their complements and every total that would reveal one (see the module)."""
    if minimum < 2:
        raise ValueError("a minimum below 2 hides nothing")
    rows = [_suppress_row(row, minimum) for row in counts]
    cells = [row_cells for row_cells, _ in rows]
    row_totals = [row_total for _, row_total in rows]
    columns = list(zip(*cells)) if cells else []
    return Published(
        cells=cells,
        row_totals=row_totals,
        column_totals=[sum(column) if all(isinstance(v, int) for v in column) else WITHHELD
                       for column in columns],
        total=sum(row_totals) if counts and all(isinstance(t, int) for t in row_totals) else WITHHELD,
    )
