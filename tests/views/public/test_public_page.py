"""The public needs summary: off unless switched on; neighborhood counts only, small ones hidden."""
import re

import pytest

PAYLOAD = "<script>alert(1)</script>"


@pytest.fixture
def public_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_NEEDS_PAGE", True)


def test_the_public_page_does_not_exist_unless_switched_on(client):
    assert client.get("/public/needs").status_code == 404


def test_counts_below_ten_read_fewer_than_ten_and_blocks_never_show(client, public_on, make_neighborhood, make_need):
    hood = make_neighborhood(name="Lower Ninth")
    for _ in range(12):
        make_need(hood.blocks[0], category="water", notes="secret note")
    for _ in range(3):
        make_need(hood.blocks[1], category="food")
    make_need(hood.blocks[1], category="food", status="fulfilled")
    response = client.get("/public/needs")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Lower Ninth" in page and "fewer than 10" in page
    assert "<td>3</td>" not in page
    # 15 - 12 would reveal the 3 in the small categories: the 12 is hidden too, so the total can stay.
    assert "<td>12</td>" not in page and "not shown" in page
    assert "Lower Ninth: 15" in page
    assert hood.blocks[0].code not in page and "secret note" not in page
    assert "public" in response.headers["Cache-Control"]


def test_a_neighborhood_name_is_escaped(client, public_on, make_neighborhood):
    make_neighborhood(name=PAYLOAD)
    page = client.get("/public/needs").get_data(as_text=True)
    assert PAYLOAD not in page and "&lt;script&gt;" in page


def test_the_public_page_needs_no_sign_in_and_shows_only_the_day(client, public_on, make_neighborhood):
    make_neighborhood()
    page = client.get("/public/needs").get_data(as_text=True)
    assert "Sign out" not in page
    assert not re.search(r"\d{1,2}:\d{2}", page)


# ------------------------------------------------ a daily snapshot, never live counts (issue 25 item 5)

def published_numbers(page: str) -> list[int]:
    """Every number the page publishes: table cells and headings."""
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", page) + re.findall(r"</?h2>[^<:]*: (\d+)</h2>", page)]


def test_two_loads_around_a_new_need_show_no_difference(client, public_on, make_neighborhood, make_need):
    hood = make_neighborhood(name="Lower Ninth")
    for _ in range(14):
        make_need(hood.blocks[0], category="water")
    before = client.get("/public/needs").get_data(as_text=True)
    make_need(hood.blocks[0], category="water")  # one new need, then one met: live counts would move
    make_need(hood.blocks[1], category="food", status="fulfilled")
    after = client.get("/public/needs").get_data(as_text=True)
    assert after == before
    assert "Lower Ninth: 14" in after and "15" not in after


def test_a_new_day_takes_a_new_snapshot_and_no_published_count_is_below_the_minimum(
        app, public_on, make_neighborhood, make_need):
    from datetime import timedelta

    from outreach.models import utcnow
    from outreach.services.mutual_aid import public_counts

    hood = make_neighborhood(name="Lower Ninth")
    for _ in range(12):
        make_need(hood.blocks[0], category="water")
    today = utcnow().date()
    first = public_counts.needs_snapshot(10, today)
    make_need(hood.blocks[0], category="water")
    assert public_counts.needs_snapshot(10, today) == first  # the same day: what was published
    tomorrow = public_counts.needs_snapshot(10, today + timedelta(days=1))
    assert first.table.row_totals == [12] and tomorrow.table.row_totals == [13]
    with app.test_client() as client:
        numbers = published_numbers(client.get("/public/needs").get_data(as_text=True))
    assert numbers and min(numbers) >= 10
