"""Failed sign-ins are limited per account and per address, with counters every app process shares."""
import pytest

from tests.conftest import PASSWORD, make_app


@pytest.fixture
def limited_apps(db_url):
    """Two apps on one database, like two gunicorn workers, with small login limits switched on."""
    config = {"RATELIMIT_ENABLED": True, "LOGIN_LIMIT_PER_ACCOUNT": "3 per 15 minutes",
              "LOGIN_LIMIT_PER_ADDRESS": "5 per 15 minutes"}
    return make_app(db_url, **config), make_app(db_url, **config)


def fail(client, email, address="198.51.100.7"):
    return client.post("/login", data={"email": email, "password": "wrong password!"},
                       environ_base={"REMOTE_ADDR": address})


def test_an_account_locks_after_repeated_failures_across_processes(limited_apps, make_user):
    first, second = (app.test_client() for app in limited_apps)
    user = make_user("volunteer")
    assert [fail(first, user.email, f"198.51.100.{i}").status_code for i in range(2)] == [401, 401]
    assert fail(second, user.email, "198.51.100.3").status_code == 401
    # Another worker, another address: the account is still limited, even with the right password.
    blocked = second.post("/login", data={"email": user.email, "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "198.51.100.99"})
    assert blocked.status_code == 429
    other = make_user("volunteer")
    assert fail(first, other.email, "198.51.100.50").status_code == 401


def test_an_address_is_limited_across_accounts(limited_apps, make_user):
    client = limited_apps[0].test_client()
    users = [make_user("volunteer") for _ in range(6)]
    statuses = [fail(client, user.email, "203.0.113.5").status_code for user in users]
    assert statuses == [401] * 5 + [429]
    assert fail(client, users[0].email, "203.0.113.6").status_code == 401


def test_successful_sign_ins_do_not_count(limited_apps, make_user):
    client = limited_apps[0].test_client()
    user = make_user("volunteer")
    for _ in range(6):
        response = client.post("/login", data={"email": user.email, "password": PASSWORD},
                               environ_base={"REMOTE_ADDR": "192.0.2.1"})
        assert response.status_code == 302
        client.post("/logout")


def test_api_calls_are_not_limited_by_the_login_limits(limited_apps, make_user, token_for):
    client = limited_apps[0].test_client()
    headers = token_for(make_user("coordinator"))
    assert all(client.get("/api/v1/users", headers=headers).status_code == 200 for _ in range(10))
