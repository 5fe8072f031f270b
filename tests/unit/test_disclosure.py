"""Small-count suppression: nothing below the minimum is published, and no hidden count can be
worked out from the published totals. Checked against an independent solver on random tables."""
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.services.mutual_aid.disclosure import SMALL, WITHHELD, Published, suppress

M = 10


def is_hidden(value) -> bool:
    """A cell the page does not show: SMALL (0 to M-1) or WITHHELD (a complement: M or more)."""
    return value in (SMALL, WITHHELD)


def published_lines(published: Published):
    """Every published sum as (its cells, its value): rows, columns and the grand total."""
    cells = published.cells
    lines = [([(i, j) for j in range(len(row))], published.row_totals[i]) for i, row in enumerate(cells)]
    lines += [([(i, j) for i in range(len(cells))], total) for j, total in enumerate(published.column_totals)]
    lines.append(([(i, j) for i, row in enumerate(cells) for j in range(len(row))], published.total))
    return [(members, total) for members, total in lines if total != WITHHELD]


def constraints(published: Published):
    """Every linear fact a reader learns: (hidden cells, sum of shown cells, 'eq' or 'le', target)."""
    cells = published.cells
    facts = []
    for members, total in published_lines(published):
        hidden = [(i, j) for i, j in members if is_hidden(cells[i][j])]
        shown = sum(cells[i][j] for i, j in members if not is_hidden(cells[i][j]))
        facts.append((hidden, shown, "le" if total == SMALL else "eq", M - 1 if total == SMALL else total))
    return facts


def domains(published: Published, facts) -> dict:
    """What a reader knows of each hidden cell before any sum: SMALL is 0..M-1; WITHHELD is M up to the
    least of its published sums (or a generous cap when none bounds it)."""
    bound = {}
    for hidden, shown, _kind, target in facts:
        for cell in hidden:
            bound[cell] = min(bound.get(cell, 10 * M * M), target - shown)
    return {(i, j): range(M) if value == SMALL else range(M, max(M, bound.get((i, j), 10 * M * M)) + 1)
            for i, row in enumerate(published.cells) for j, value in enumerate(row) if is_hidden(value)}


def feasible(facts, domain, order, fixed):
    """Is there a completion of the hidden cells within their domains that meets every fact? (depth-first)"""
    assignment = dict(fixed)

    def consistent():
        for hidden, shown, kind, target in facts:
            total = shown + sum(assignment.get(cell, domain[cell][0]) for cell in hidden)
            most = shown + sum(assignment[cell] if cell in assignment else domain[cell][-1] for cell in hidden)
            if total > target or (kind == "eq" and most < target):
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
        for value in domain[cell]:
            assignment[cell] = value
            if search(index + 1):
                return True
        del assignment[cell]
        return False

    return search(0)


def derivable_cells(published: Published) -> list[tuple[int, int]]:
    """Hidden cells that only one value fits: a reader could work them out."""
    facts = constraints(published)
    domain = domains(published, facts)
    order = list(domain)
    pinned = []
    for cell in order:
        fits = 0
        for value in domain[cell]:
            fits += feasible(facts, domain, order, {cell: value})
            if fits >= 2:
                break
        if fits < 2:
            pinned.append(cell)
    return pinned


def revealed_small_sums(published: Published) -> list[int]:
    """Sums of hidden cells that a reader can work out from the published sums and that are small.

    Each published sum minus its shown cells gives the sum of its hidden cells; so does the grand
    total minus the published row totals (or column totals) and their shown cells. Any of these
    that covers a hidden cell must be at least M, or it is itself a small count.
    """
    cells = published.cells
    lines = published_lines(published)
    combined = []
    if isinstance(published.total, int):
        rows_left = [(i, j) for i, row in enumerate(cells) for j in range(len(row))
                     if not isinstance(published.row_totals[i], int)]
        columns_left = [(i, j) for i, row in enumerate(cells) for j in range(len(row))
                        if not isinstance(published.column_totals[j], int)]
        combined.append((rows_left, published.total - sum(t for t in published.row_totals if isinstance(t, int))))
        combined.append((columns_left,
                         published.total - sum(t for t in published.column_totals if isinstance(t, int))))
    small = []
    for members, total in [*lines, *combined]:
        if not isinstance(total, int):
            continue
        hidden = [(i, j) for i, j in members if is_hidden(cells[i][j])]
        hidden_sum = total - sum(cells[i][j] for i, j in members if not is_hidden(cells[i][j]))
        if hidden and hidden_sum < M:
            small.append(hidden_sum)
    return small


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


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_published_sum_reveals_a_small_total_of_hidden_counts(counts):
    assert revealed_small_sums(suppress(counts, M)) == []


@settings(max_examples=100, deadline=None)
@given(tables)
def test_shown_cells_and_totals_are_the_true_counts(counts):
    published = suppress(counts, M)
    for row, shown_row in zip(counts, published.cells):
        assert all(shown in (value, SMALL, WITHHELD) for value, shown in zip(row, shown_row))
        assert all(shown != SMALL or value < M for value, shown in zip(row, shown_row))
    for row, total in zip(counts, published.row_totals):
        assert total in (sum(row), SMALL, WITHHELD)


def test_the_checker_catches_totals_that_give_a_small_count_away():
    # Primary suppression alone: 23 - 20 reveals the 3.
    naive = Published(cells=[[SMALL, 20], [15, 30]], row_totals=[23, 45], column_totals=[18, 50], total=68)
    assert (0, 0) in derivable_cells(naive)


def test_the_audit_example_hides_a_complement_instead_of_revealing_one():
    # Total 11, water 10, every other category hidden: 11 - 10 would reveal exactly 1.
    naive = Published(cells=[[10, SMALL, SMALL]], row_totals=[11], column_totals=[10, WITHHELD, WITHHELD],
                      total=11)
    assert 1 in revealed_small_sums(naive)
    published = suppress([[10, 1, 0]], M)
    assert published.cells == [[WITHHELD, SMALL, SMALL]] and published.row_totals == [11]
    assert revealed_small_sums(published) == [] and derivable_cells(published) == []


def test_a_row_hides_its_smallest_shown_count_to_keep_its_total():
    published = suppress([[3, 20, 40], [4, 5, 30]], M)
    # 4 + 5 would reveal 9 in the hidden categories: the 30 goes too.
    assert published.cells == [[SMALL, WITHHELD, 40], [SMALL, SMALL, WITHHELD]]
    assert published.row_totals == [63, 39]
    assert suppress([[3, 14, 20]], M).row_totals == [37]
    assert suppress([[0, 0, 20]], M).row_totals == [20]
    assert suppress([[0, 0, 20]], M).cells == [[SMALL, SMALL, WITHHELD]]
    assert published.column_totals == [WITHHELD, WITHHELD, WITHHELD] and published.total == 102
    assert revealed_small_sums(published) == [] and derivable_cells(published) == []


def test_a_row_total_that_no_complement_can_protect_is_withheld():
    published = suppress([[9, 9], [9, 1]], M)  # 18 would pin both 9s; 10 leaves 1..9 for each
    assert published.row_totals == [WITHHELD, 10] and published.cells == [[SMALL, SMALL], [SMALL, SMALL]]


def test_a_table_with_nothing_small_shows_every_total():
    published = suppress([[10, 20], [30, 40]], M)
    assert (published.row_totals, published.column_totals, published.total) == ([30, 70], [40, 60], 100)
