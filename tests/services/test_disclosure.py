"""Small-count suppression: nothing below the minimum is published, and no hidden count can be
worked out from the published totals. Checked against an independent solver on random tables."""
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.services.disclosure import SMALL, WITHHELD, Published, suppress

M = 10


def constraints(published: Published):
    """Every linear fact a reader learns: (hidden cells, sum of shown cells, 'eq' or 'le', target)."""
    cells = published.cells
    lines = [([(i, j) for j in range(len(row))], published.row_totals[i]) for i, row in enumerate(cells)]
    lines += [([(i, j) for i in range(len(cells))], total) for j, total in enumerate(published.column_totals)]
    lines.append(([(i, j) for i, row in enumerate(cells) for j in range(len(row))], published.total))
    facts = []
    for members, total in lines:
        if total == WITHHELD:
            continue
        hidden = [(i, j) for i, j in members if cells[i][j] == SMALL]
        shown = sum(cells[i][j] for i, j in members if cells[i][j] != SMALL)
        facts.append((hidden, shown, "le" if total == SMALL else "eq", M - 1 if total == SMALL else total))
    return facts


def feasible(facts, order, fixed):
    """Is there a completion of the hidden cells in [0, M-1] that meets every fact? (depth-first, with bounds)"""
    assignment = dict(fixed)

    def consistent():
        for hidden, shown, kind, target in facts:
            total = shown + sum(assignment.get(cell, 0) for cell in hidden)
            free = sum(cell not in assignment for cell in hidden)
            if total > target or (kind == "eq" and total + free * (M - 1) < target):
                return False
        return True

    def search(index):
        if not consistent():
            return False
        while index < len(order) and order[index] in assignment:
            index += 1
        if index == len(order):
            return True
        cell = order[index]
        for value in range(M):
            assignment[cell] = value
            if search(index + 1):
                return True
        del assignment[cell]
        return False

    return search(0)


def derivable_cells(published: Published) -> list[tuple[int, int]]:
    """Hidden cells that only one value fits: a reader could work them out."""
    facts = constraints(published)
    order = [(i, j) for i, row in enumerate(published.cells) for j, value in enumerate(row) if value == SMALL]
    pinned = []
    for cell in order:
        fits = 0
        for value in range(M):
            fits += feasible(facts, order, {cell: value})
            if fits >= 2:
                break
        if fits < 2:
            pinned.append(cell)
    return pinned


def published_numbers(published: Published) -> list[int]:
    """Every number on the page."""
    values = [v for row in published.cells for v in row] + published.row_totals + published.column_totals
    return [v for v in [*values, published.total] if isinstance(v, int)]


tables = st.integers(1, 3).flatmap(lambda rows: st.integers(1, 4).flatmap(lambda cols: st.lists(
    st.lists(st.one_of(st.integers(0, M - 1), st.integers(M, 30)), min_size=cols, max_size=cols),
    min_size=rows, max_size=rows)))


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_published_number_is_below_the_minimum(counts):
    assert all(value >= M for value in published_numbers(suppress(counts, M)))


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_count_can_be_worked_out_from_the_totals(counts):
    assert derivable_cells(suppress(counts, M)) == []


@settings(max_examples=100, deadline=None)
@given(tables)
def test_shown_cells_and_totals_are_the_true_counts(counts):
    published = suppress(counts, M)
    for row, shown_row in zip(counts, published.cells):
        assert all(shown in (value, SMALL) for value, shown in zip(row, shown_row))
    for row, total in zip(counts, published.row_totals):
        assert total in (sum(row), SMALL, WITHHELD)


def test_the_checker_catches_totals_that_give_a_small_count_away():
    # Primary suppression alone: 23 - 20 reveals the 3.
    naive = Published(cells=[[SMALL, 20], [15, 30]], row_totals=[23, 45], column_totals=[18, 50], total=68)
    assert (0, 0) in derivable_cells(naive)


def test_a_row_with_one_small_count_keeps_its_total_back_and_one_with_two_shows_it():
    published = suppress([[3, 20], [4, 5]], M)
    assert published.row_totals == [WITHHELD, SMALL]
    assert suppress([[3, 4, 20]], M).row_totals == [27]
    assert suppress([[0, 0, 20]], M).row_totals == [WITHHELD]  # both hidden cells would be pinned at 0
    assert published.column_totals == [WITHHELD, WITHHELD] and published.total == WITHHELD


def test_a_table_with_nothing_small_shows_every_total():
    published = suppress([[10, 20], [30, 40]], M)
    assert (published.row_totals, published.column_totals, published.total) == ([30, 70], [40, 60], 100)
