"""refresh_status reads the database and bumps the map's data version."""
from datetime import timedelta

from outreach.extensions import db
from outreach.models import Need, Visit, utcnow
from outreach.services.areas.blocks import current_version, refresh_status


def test_refresh_moves_a_visited_block_with_an_open_need_to_revisit(make_neighborhood, make_team, assign):
    hood = make_neighborhood()
    block = hood.blocks[0]
    assign(make_team(), [block])
    before = current_version()
    visit = Visit(client_id="c1", content_hash="h", block_id=block.id, visited_at=utcnow() - timedelta(hours=1),
                  outcome="contact")
    db.session.add(visit)
    assert refresh_status(block) == "in_progress"
    db.session.add(Need(visit=visit, block_id=block.id, category="water", urgency="soon"))
    assert refresh_status(block) == "revisit"
    assert current_version() == before + 2
