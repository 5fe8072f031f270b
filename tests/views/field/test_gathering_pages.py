"""A facilitator's gatherings on the phone (issue 27): data.json lists them, their page is the facilitators' only."""


def test_data_json_lists_only_the_gatherings_one_facilitates_with_when_where_and_with_whom(
        client, login, make_user, make_gathering, make_neighborhood):
    alma, ray = make_user(name="Alma"), make_user(name="Ray")
    block = make_neighborhood().blocks[0]
    theirs = make_gathering(facilitators=[alma, ray], block=block, title="Circle at the hall")
    make_gathering(kind="ecpr_practice")
    login(alma)
    found = client.get("/field/data.json").json["gatherings"]
    assert [g["id"] for g in found] == [theirs.id]
    assert found[0]["title"] == "Circle at the hall" and found[0]["where"] == block.code
    assert found[0]["with"] == ["Ray"] and found[0]["status"] == "planned" and found[0]["checked_in"] is False
    assert "volunteers" not in found[0]  # only a practice lists who may have practised


def test_a_practice_lists_the_volunteers_who_may_have_practised(client, login, make_user, make_gathering):
    alma, ray = make_user(name="Alma"), make_user(name="Ray")
    make_user("aid", name="Not A Volunteer")
    make_gathering(kind="ecpr_practice", facilitators=[alma, ray])
    login(alma)
    found = client.get("/field/data.json").json["gatherings"][0]
    assert [v["name"] for v in found["volunteers"]] == ["Alma", "Ray"]


def test_a_gathering_page_is_not_for_someone_who_does_not_facilitate_it(client, login, make_user, make_gathering):
    gathering = make_gathering()
    login(make_user())
    assert client.get(f"/field/gatherings/{gathering.id}").status_code == 403
    assert client.get("/field/gatherings/999999").status_code == 404


def test_a_facilitator_opens_the_gathering_page(client, login, make_user, make_gathering):
    alma = make_user()
    gathering = make_gathering(facilitators=[alma, make_user()])
    login(alma)
    page = client.get(f"/field/gatherings/{gathering.id}")
    assert page.status_code == 200 and "Save the report" in page.data.decode()
