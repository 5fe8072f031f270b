"""The Flask CLI of DESIGN.md section 4."""
from sqlalchemy import func, inspect, select

from outreach.extensions import db
from outreach.models import AidGroup, Block, Need, Team, User, Visit
from tests.conftest import make_app


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
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "coordinator@example.org" in first.output
    sizes = (count(User), count(Team), count(Visit), count(Need), count(Block), count(AidGroup))
    assert sizes[:2] == (18, 6) and 150 <= sizes[2] <= 250 and sizes[3] > 0 and sizes[5] == 3
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
    assert again.exit_code != 0 and "exists already" in again.output
    assert count(User) == 1
    assert db.session.scalar(select(User)).aid_group.name == "Truck Crew"


def test_create_user_records_training_date(runner):
    runner.invoke(args=["create-user", "c@example.org", "--role", "volunteer", "--name", "C",
                        "--password", "a long enough pass", "--trained-on", "2005-09-01"])
    assert db.session.scalar(select(User)).trained_on.isoformat() == "2005-09-01"


def test_create_token_for_unknown_email_fails(runner):
    result = runner.invoke(args=["create-token", "nobody@example.org"])
    assert result.exit_code != 0 and "No account" in result.output
