"""Whatever a flaky network does to an outbox, each visit is stored exactly once."""
import threading
import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, func, select

from outreach.extensions import db
from outreach.models import Need, Visit, utcnow

VISITS = 5


def outbox(blocks) -> list[dict]:
    """A phone's queue: a few distinct visits, each with a need."""
    now = utcnow()
    return [{"client_id": str(uuid.UUID(int=index + 1, version=4)), "block_id": blocks[index % len(blocks)].id,
             "visited_at": (now - timedelta(minutes=index)).isoformat(), "outcome": "contact", "adults": index,
             "needs": [{"category": "food", "urgency": "routine"}]}
            for index in range(VISITS)]


# A delivery: some visits (repeats and any order), sent alone or as one batch.
deliveries = st.lists(
    st.tuples(st.booleans(), st.lists(st.integers(0, VISITS - 1), min_size=1, max_size=8)),
    min_size=1, max_size=6)


@pytest.fixture
def world(make_neighborhood, make_team, assign, token_for):
    """Blocks (two the pair's, one not) and the pair's device token, made once for all examples."""
    hood = make_neighborhood()
    team = make_team()
    assign(team, hood.blocks[:2])
    return hood.blocks[:3], token_for(team.members[0], label="device")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=deliveries)
def test_any_retries_duplicates_and_reorderings_store_each_visit_once(plan, client, world):
    db.session.execute(delete(Need))
    db.session.execute(delete(Visit))
    db.session.commit()
    blocks, headers = world
    visits = outbox(blocks)
    created = []
    for as_batch, picks in plan:
        if as_batch:
            response = client.post("/api/v1/visits/batch", json={"visits": [visits[i] for i in picks]},
                                   headers=headers)
            statuses = [item["status"] for item in response.json["results"]]
        else:
            statuses = [client.post("/api/v1/visits", json=visits[i], headers=headers).status_code for i in picks]
        assert set(statuses) <= {200, 201}
        created += [visits[i]["client_id"] for i, status in zip(picks, statuses) if status == 201]
    sent = {visits[i]["client_id"] for _, picks in plan for i in picks}
    stored = db.session.scalars(select(Visit.client_id)).all()
    assert sorted(stored) == sorted(sent) == sorted(created)
    assert db.session.scalar(select(func.count()).select_from(Need)) == len(sent)


def test_two_racing_posts_of_one_visit_store_it_once_without_an_error(app, make_neighborhood, make_team, assign,
                                                                      token_for):
    hood = make_neighborhood()
    team = make_team()
    assign(team, hood.blocks[:1])
    headers = token_for(team.members[0], label="device")
    visits = outbox(hood.blocks[:1])
    barrier = threading.Barrier(4)
    statuses = []

    def post():
        with app.test_client() as client:
            barrier.wait()
            response = client.post("/api/v1/visits/batch", json={"visits": visits}, headers=headers)
            statuses.append(response.status_code)
            statuses.extend(item["status"] for item in response.json["results"])

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(200) >= 4 and set(statuses) <= {200, 201}
    assert statuses.count(201) == VISITS
    assert db.session.scalar(select(func.count()).select_from(Visit)) == VISITS


def test_a_visit_already_stored_is_answered_from_the_insert_that_skipped_it(world, make_user):
    from outreach.services.fieldwork import visits as service

    blocks, _headers = world
    queue = outbox(blocks)
    author = service.author_for(make_user("coordinator"))
    service.record_batch(queue[:1], author)
    db.session.commit()
    changed = {**queue[0], "adults": 7}
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    results = service.record_batch([queue[0], queue[1], changed], author)
    event.remove(db.engine, "before_cursor_execute", listener)
    db.session.commit()
    assert [result.status for result in results] == [200, 201, 409]
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 2
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO VISIT")]
    assert len(inserts) == 1 and "ON CONFLICT" in inserts[0].upper()  # no check before: the insert is the check


# ------------------------------------------------ a replay belongs to its sender (issue 25 item 7)

def test_another_pairs_volunteer_replaying_a_stored_client_id_gets_409_without_the_visit(
        client, make_neighborhood, make_team, assign, token_for):
    hood = make_neighborhood()
    first, other = make_team(), make_team()
    assign(first, hood.blocks[:1])
    visit = {"client_id": str(uuid.uuid4()), "block_id": hood.blocks[0].id, "visited_at": utcnow().isoformat(),
             "outcome": "contact", "adults": 1, "notes": "Grandmother worried about her insulin.",
             "needs": [{"category": "medication", "urgency": "soon", "consented_hint": "side door"}]}
    assert client.post("/api/v1/visits", json=visit, headers=token_for(first.members[0])).status_code == 201
    for stranger in (token_for(other.members[0]), token_for(other.members[1])):
        single = client.post("/api/v1/visits", json=visit, headers=stranger)
        assert single.status_code == 409 and "insulin" not in single.get_data(as_text=True)
        assert set(single.json) == {"error"}
        batch = client.post("/api/v1/visits/batch", json={"visits": [visit]}, headers=stranger)
        (item,) = batch.json["results"]
        assert item["status"] == 409 and "id" not in item and "insulin" not in batch.get_data(as_text=True)
    # The sender's partner (the same pair) replays it as the pair's own: 200.
    assert client.post("/api/v1/visits", json=visit, headers=token_for(first.members[1])).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Visit)) == 1
