"""The same field action sent twice at the same moment (two retries crossing, two app threads) over real HTTP:
carried out once; one answer is the 201, the other its replay (200)."""
import threading
import uuid

import httpx
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import AuditEvent, Block, FieldReceipt

TRIES = 8


def test_one_hazard_flag_sent_many_times_at_once_is_stored_once(server, make_neighborhood, make_team, assign,
                                                                 token_for):
    hood = make_neighborhood()
    team = make_team()
    assign(team, hood.blocks[:1])
    block_id = hood.blocks[0].id
    headers = token_for(team.members[0])
    body = {"client_id": str(uuid.uuid4()), "note": "Gas smell near the corner"}
    start = threading.Barrier(TRIES)
    statuses = []

    def send():
        with httpx.Client(base_url=server, headers=headers, timeout=30) as client:
            start.wait()
            statuses.append(client.post(f"/api/v1/blocks/{block_id}/hazard", json=body).status_code)

    threads = [threading.Thread(target=send) for _ in range(TRIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * (TRIES - 1) + [201]
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(FieldReceipt)) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "block_flagged_unsafe")) == 1
    assert db.session.get(Block, block_id).status == "unsafe"
