"""The aid board opens on the group's own categories, with the group's claims first and the filters folded."""
import re


def listed(page: str) -> list[int]:
    """The need ids in page order."""
    return [int(found) for found in re.findall(r'<tr id="need-(\d+)"', page)]


def claims_section(page: str) -> str:
    found = re.search(r'<section[^>]*class="your-claims".*?</section>', page, re.S)
    assert found is not None
    return found[0]


def test_the_board_opens_on_the_groups_own_categories(client, login, make_group, block, make_need):
    _, member = make_group(categories=("water", "medication"))
    water = make_need(block, category="water")
    medication = make_need(block, category="medication")
    food = make_need(block, category="food")
    login(member)
    page = client.get("/aid/").get_data(as_text=True)
    assert set(listed(page)) == {water.id, medication.id}
    assert '<option value="ours" selected>' in page
    every = client.get("/aid/?category=").get_data(as_text=True)
    assert set(listed(every)) == {water.id, medication.id, food.id}
    assert set(listed(client.get("/aid/?category=food").get_data(as_text=True))) == {food.id}


def test_a_group_without_categories_sees_every_need(client, login, make_group, block, make_need):
    _, member = make_group(categories=())
    needs = {make_need(block, category=category).id for category in ("water", "pets")}
    login(member)
    page = client.get("/aid/").get_data(as_text=True)
    assert set(listed(page)) == needs and 'value="ours"' not in page


def test_the_groups_claims_come_first_whatever_the_filter(client, login, make_group, block, make_need):
    group, member = make_group(categories=("water",))
    make_need(block, category="water")
    held = make_need(block, category="shelter", status="claimed", claimed_by_group_id=group.id)
    login(member)
    page = client.get("/aid/").get_data(as_text=True)
    assert listed(page)[0] == held.id and listed(page).count(held.id) == 1
    assert f'id="need-{held.id}"' in claims_section(page) and "Mark as met" in claims_section(page)


def test_the_filters_fold_into_a_details_panel(client, login, make_group):
    _, member = make_group()
    login(member)
    page = client.get("/aid/").get_data(as_text=True)
    assert re.search(r'<details class="filters-box">\s*<summary>', page)
    assert "/static/js/filters.js" in page
