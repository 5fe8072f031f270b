"""Failed sign-ins are limited per account and address, per address, and slowly per account, with
counters every app process shares; nobody can lock the real user out from elsewhere, unknown emails
cost the same time as known ones, and a forged X-Forwarded-For changes nothing (issue 15 item 10)."""
import statistics
import threading
import time

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models import AuditEvent
from tests.conftest import PASSWORD, make_app

LIMITS = {"RATELIMIT_ENABLED": True, "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS": "3 per 15 minutes",
          "LOGIN_LIMIT_PER_ADDRESS": "5 per 15 minutes", "LOGIN_LIMIT_PER_ACCOUNT": "8 per hour"}


@pytest.fixture
def limited_apps(db_url):
    """Two apps on one database, like two gunicorn workers, with small login limits switched on."""
    return make_app(db_url, **LIMITS), make_app(db_url, **LIMITS)


def attempt(client, email, password="wrong password!", address="198.51.100.7", **headers):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


def test_an_account_and_address_locks_after_a_few_failures_across_processes(limited_apps, make_user):
    first, second = (app.test_client() for app in limited_apps)
    user = make_user("volunteer")
    assert [attempt(first, user.email).status_code for _ in range(2)] == [401, 401]
    assert attempt(second, user.email).status_code == 401
    # Another worker, the same address: limited, even with the right password.
    assert attempt(second, user.email, PASSWORD).status_code == 429
    assert attempt(first, make_user("volunteer").email).status_code == 401  # other accounts are not


def test_the_real_user_is_not_locked_out_from_another_address(limited_apps, make_user):
    client = limited_apps[0].test_client()
    user = make_user("volunteer")
    for address in ("203.0.113.1", "203.0.113.2"):
        statuses = [attempt(client, user.email, address=address).status_code for _ in range(6)]
        assert statuses == [401] * 3 + [429] * 3
    assert attempt(client, user.email, PASSWORD, address="192.0.2.44").status_code == 302


def test_the_slow_per_account_limit_still_bounds_guessing_from_many_addresses(limited_apps, make_user):
    client = limited_apps[0].test_client()
    user = make_user("volunteer")
    statuses = [attempt(client, user.email, address=f"203.0.113.{i}").status_code for i in range(10)]
    assert statuses == [401] * 8 + [429] * 2


def test_an_address_is_limited_across_accounts(limited_apps, make_user):
    client = limited_apps[0].test_client()
    users = [make_user("volunteer") for _ in range(6)]
    statuses = [attempt(client, user.email, address="203.0.113.5").status_code for user in users]
    assert statuses == [401] * 5 + [429]
    assert attempt(client, users[0].email, address="203.0.113.6").status_code == 401


def test_successful_sign_ins_do_not_count(limited_apps, make_user):
    client = limited_apps[0].test_client()
    user = make_user("volunteer")
    for _ in range(6):
        assert attempt(client, user.email, PASSWORD, address="192.0.2.1").status_code == 302
        client.post("/logout")


def test_a_rotating_forged_forwarded_for_does_not_escape_the_limit(db_url, make_user):
    client = make_app(db_url, PROXY_FIX=1, **LIMITS).test_client()
    user = make_user("volunteer")
    statuses = [attempt(client, user.email, address="198.51.100.9",
                        **{"X-Forwarded-For": f"10.0.{i}.{i}"}).status_code for i in range(5)]
    assert statuses == [401] * 3 + [429] * 2


def test_the_trusted_proxy_s_forwarded_for_is_the_counted_address(db_url, make_user):
    client = make_app(db_url, PROXY_FIX=1, PROXY_TRUSTED="127.0.0.1, 10.9.0.0/16", **LIMITS).test_client()
    user = make_user("volunteer")
    for proxy in ("127.0.0.1", "10.9.3.4"):
        statuses = [attempt(client, user.email, address=proxy,
                            **{"X-Forwarded-For": f"192.0.2.{i}"}).status_code for i in range(4)]
        assert statuses == [401] * 4  # four people behind the proxy, each counted on their own


def test_unknown_emails_take_as_long_as_known_ones(client, make_user):
    user = make_user("volunteer")

    def median_seconds(email):
        times = []
        for _ in range(7):
            start = time.perf_counter()
            assert attempt(client, email).status_code == 401
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    attempt(client, "warm-up@example.org")
    known, unknown = median_seconds(user.email), median_seconds("nobody-here@example.org")
    assert 0.5 < unknown / known < 2, (known, unknown)


def test_api_calls_are_not_limited_by_the_login_limits(limited_apps, make_user, token_for):
    client = limited_apps[0].test_client()
    headers = token_for(make_user("coordinator"))
    assert all(client.get("/api/v1/users", headers=headers).status_code == 200 for _ in range(10))


# ------------------------------------------ attempts at once are reserved first (issue 25 item 4)

def all_at_once(count: int, send) -> list[int]:
    """`count` requests started together from as many threads (each with its own client), their statuses."""
    barrier = threading.Barrier(count)
    statuses = [0] * count

    def one(index: int) -> None:
        barrier.wait()
        statuses[index] = send(index)

    threads = [threading.Thread(target=one, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_twenty_wrong_passwords_at_once_are_not_all_tried(limited_apps, make_user):
    email = make_user("volunteer").email
    statuses = all_at_once(20, lambda index: attempt(limited_apps[index % 2].test_client(), email).status_code)
    tried = db.session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "sign_in_failed"))
    assert statuses.count(401) == tried <= 3  # LOGIN_LIMIT_PER_ACCOUNT_ADDRESS
    assert statuses.count(429) == 20 - tried


def test_twenty_guessed_sign_in_codes_at_once_are_not_all_tried(db_url):
    apps = [make_app(db_url, RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="3 per 15 minutes") for _ in range(2)]
    statuses = all_at_once(20, lambda index: apps[index % 2].test_client().get(
        f"/signin/guess{index}", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code)
    tried = db.session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "signin_code_refused"))
    assert len([status for status in statuses if status != 429]) == tried <= 3
