"""Schemathesis fuzzes every operation of /api/v1/openapi.json: no 500s, answers that match the description."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.config._checks import NegativeDataRejectionConfig

from outreach.extensions import db
from outreach.models import Need
from tests.conftest import make_app

# Bounded: the whole API in well under a minute on a shared 2-core machine.
MAX_EXAMPLES = 10


# Read from an app at import (the description needs no database); the calls go to the test app
# (schemathesis' lazy from_fixture does not work with pytest 9).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", make_app("sqlite://"))
# Unknown query parameters are ignored, as most HTTP APIs do; the description does not forbid them.
# Deterministic: the same examples on every run, so CI never flips on a lucky draw.
schema.config.generation.update(allow_extra_parameters=False, deterministic=True)
# Refusing invalid input includes 413 (a batch over 500 visits, a body over the size limit).
schema.config.checks.negative_data_rejection = NegativeDataRejectionConfig(
    expected_statuses=[400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429])




@pytest.fixture
def operation_data(make_user, make_neighborhood, make_team, assign, token_for):
    """A small operation to aim at (ids 1, 2, ... exist), and a coordinator's token."""
    hood = make_neighborhood()
    team = make_team()
    assign(team, hood.blocks[:2])
    db.session.add(Need(block_id=hood.blocks[0].id, category="water", urgency="soon"))
    db.session.commit()
    make_user("aid", group_name="Fuzz Aid")
    return token_for(make_user("coordinator"))


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_operation_conforms_to_its_description(app, case, operation_data):
    # Left out: positive_data_acceptance. Well-formed input naming ids that do not exist, or volunteers
    # who cannot form a pair, is refused with 422 by design (DESIGN.md 5); a schema cannot say so.
    headers = {**operation_data, "Accept-Encoding": "identity"}  # the WSGI client does not decompress
    excluded = [checks.positive_data_acceptance]
    if case.operation.path == "/visits/batch":
        # A batch answers 200 with a result per item; invalid items are refused one by one (status 422 inside).
        excluded.append(checks.negative_data_rejection)
    response = case.call_and_validate(headers=headers, app=app, excluded_checks=excluded)
    assert response.status_code < 500
