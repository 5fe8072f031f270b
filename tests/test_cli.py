"""The Flask CLI of DESIGN.md section 4."""
from sqlalchemy import func, inspect, select

from outreach.extensions import db
from outreach.models import AidGroup, ApiToken, Block, Membership, Need, Operation, Team, User, Visit
from outreach.services.operation import operations
from tests.conftest import TEST_OPERATION, make_app


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def migrated_app(tmp_path):
    """A new app on a new SQLite file, after `init-db`; used inside its own app context."""
    fresh = make_app(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with fresh.app_context():
        result = fresh.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    return fresh


def test_init_db_runs_the_migrations_on_a_fresh_file(tmp_path):
    fresh = migrated_app(tmp_path)
    with fresh.app_context():
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert {"block", "visit", "need", "team", "assignment", "alembic_version"} <= tables


def test_migrations_match_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    fresh = migrated_app(tmp_path)
    with fresh.app_context():
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        db.engine.dispose()
    assert diff == [], "models changed without a migration: flask db migrate"


def test_seed_demo_makes_an_operation_once(runner):
    operations.set_status(operations.by_slug(TEST_OPERATION), "closed")  # seed-demo needs no --operation
    db.session.commit()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "coordinator@example.org" in first.output and "/o/drill/" in first.output
    demo_id = operations.by_slug("demo").id
    demo_teams = select(func.count()).select_from(Team).where(Team.operation_id == demo_id)
    sizes = (count(User), count(Team), count(Visit), count(Need), count(Block), count(AidGroup))
    assert (sizes[0], db.session.scalar(demo_teams)) == (18, 6) and sizes[1] == 7  # and the drill's pair
    assert 150 <= sizes[2] <= 250 and sizes[3] > 0 and sizes[5] == 3
    assert all(len(team.members) == 2 for team in db.session.scalars(select(Team)))
    second = runner.invoke(args=["seed-demo"])
    assert "nothing changed" in second.output
    assert (count(User), count(Team), count(Visit), count(Need), count(Block), count(AidGroup)) == sizes


def test_create_user_and_token_give_api_access(runner, client):
    made = runner.invoke(args=["create-user", "Lead@Example.org", "--role", "coordinator", "--name", "Lead",
                               "--password", "a long enough pass"])
    assert made.exit_code == 0, made.output
    token = runner.invoke(args=["create-token", "lead@example.org"]).output.strip()
    response = client.get("/api/v1/blocks", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_create_user_refuses_short_passwords_and_duplicates(runner):
    short = runner.invoke(args=["create-user", "a@example.org", "--role", "volunteer", "--name", "A",
                                "--password", "short"])
    assert short.exit_code != 0 and "at least 10" in short.output
    args = ["create-user", "b@example.org", "--role", "aid", "--name", "B", "--password", "a long enough pass",
            "--group", "Truck Crew"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "exists already" in again.output and "add-member b@example.org" in again.output
    assert count(User) == 1
    assert db.session.scalar(select(User)).aid_group.name == "Truck Crew"


def test_create_user_records_training_date(runner):
    runner.invoke(args=["create-user", "c@example.org", "--role", "volunteer", "--name", "C",
                        "--password", "a long enough pass", "--trained-on", "2005-09-01"])
    assert db.session.scalar(select(User)).trained_on.isoformat() == "2005-09-01"


def test_create_token_for_unknown_email_fails(runner):
    result = runner.invoke(args=["create-token", "nobody@example.org"])
    assert result.exit_code != 0 and "No account" in result.output


def operation(slug: str) -> Operation:
    db.session.expire_all()  # the command committed in its own way: read again
    return operations.by_slug(slug)


def test_create_operation_makes_an_active_operation_or_an_exercise_and_refuses_a_bad_or_taken_slug(runner):
    made = runner.invoke(args=["create-operation", "ida-2021", "--name", "Hurricane Ida"])
    assert made.exit_code == 0, made.output
    drill = runner.invoke(args=["create-operation", "drill", "--name", "Spring drill", "--exercise"])
    assert drill.exit_code == 0 and "exercise drill" in drill.output
    ida, spring = operation("ida-2021"), operation("drill")
    assert (ida.name, ida.status, ida.exercise) == ("Hurricane Ida", "active", False) and spring.exercise
    taken = runner.invoke(args=["create-operation", "ida-2021", "--name", "Again"])
    assert taken.exit_code != 0 and "already an operation 'ida-2021'" in taken.output
    bad = runner.invoke(args=["create-operation", "Ida 2021", "--name", "Spaces"])
    assert bad.exit_code != 0 and "lower-case" in bad.output
    assert count(Operation) == 3


def test_close_archive_and_reopen_an_operation(runner):
    closed = runner.invoke(args=["close-operation", TEST_OPERATION])
    assert closed.exit_code == 0 and "is closed" in closed.output
    at = operation(TEST_OPERATION).closed_at
    assert operation(TEST_OPERATION).status == "closed" and at is not None
    assert runner.invoke(args=["archive-operation", TEST_OPERATION]).exit_code == 0
    assert operation(TEST_OPERATION).status == "archived" and operation(TEST_OPERATION).closed_at == at
    assert runner.invoke(args=["reopen-operation", TEST_OPERATION]).exit_code == 0
    assert (operation(TEST_OPERATION).status, operation(TEST_OPERATION).closed_at) == ("active", None)
    unknown = runner.invoke(args=["close-operation", "katrina"])
    assert unknown.exit_code != 0 and "No operation 'katrina'" in unknown.output and TEST_OPERATION in unknown.output


def test_add_member_gives_an_account_a_role_in_another_operation(runner):
    runner.invoke(args=["create-operation", "heat", "--name", "Heat wave"])
    made = runner.invoke(args=["create-user", "ana@example.org", "--role", "coordinator", "--name", "Ana",
                               "--password", "a long enough pass", "--operation", TEST_OPERATION])
    assert made.exit_code == 0, made.output
    added = runner.invoke(args=["add-member", "ana@example.org", "--operation", "heat", "--role", "volunteer"])
    assert added.exit_code == 0 and "volunteer in heat" in added.output
    roles = dict(db.session.execute(select(Operation.slug, Membership.role).join(Membership)).all())
    assert roles == {TEST_OPERATION: "coordinator", "heat": "volunteer"}
    nobody = runner.invoke(args=["add-member", "nobody@example.org", "--operation", "heat", "--role", "aid"])
    assert nobody.exit_code != 0 and "No account" in nobody.output


def test_commands_refuse_to_guess_among_several_active_operations_and_name_them(runner):
    runner.invoke(args=["create-operation", "heat", "--name", "Heat wave"])
    args = ["create-user", "b@example.org", "--role", "volunteer", "--name", "B", "--password", "a long enough pass"]
    refused = runner.invoke(args=args)
    assert refused.exit_code != 0 and "--operation" in refused.output
    assert "heat" in refused.output and TEST_OPERATION in refused.output
    assert count(User) == 0
    made = runner.invoke(args=[*args, "--operation", "heat"])
    assert made.exit_code == 0 and "in heat" in made.output


def test_create_token_is_issued_for_the_operation_named(runner, client):
    runner.invoke(args=["create-operation", "heat", "--name", "Heat wave"])
    runner.invoke(args=["create-user", "lead@example.org", "--role", "coordinator", "--name", "Lead",
                        "--password", "a long enough pass", "--operation", "heat"])
    outsider = runner.invoke(args=["create-token", "lead@example.org", "--operation", TEST_OPERATION])
    assert outsider.exit_code != 0 and "not a member" in outsider.output
    token = runner.invoke(args=["create-token", "lead@example.org", "--operation", "heat"]).output.strip()
    assert db.session.scalar(select(ApiToken.operation_id)) == operation("heat").id
    answer = client.get("/api/v1/operations", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and [op["slug"] for op in answer.get_json()] == ["heat"]
