"""Two app servers behind HAProxy (round robin, no sticky sessions), and the checks that nothing
lives in only one of them: a session, a token, the login rate limit and the map cache each work
through the balancer whichever server answers. Used by `bench/burst.py --servers 2`."""
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta

import httpx
from harness import free_port, serve, stop, wait_until_up

SERVER_HEADER = "X-Outreach-Server"
CONFIG = """global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    # A request that cannot reach a dead server goes to the other one.
    retries 3
    option redispatch
frontend app
    bind 127.0.0.1:{port}
    default_backend servers
backend servers
    balance roundrobin
    option httpchk GET /login
    # A sync worker serves one request at a time: each server gets one request per worker and
    # HAProxy queues the rest itself, so a health check waits at most for one request to finish
    # (without the limit, checks queued behind a server's backlog timed out under the burst and
    # live servers were marked down).
    timeout queue 60s
    timeout check 3s
    http-response set-header {header} %s
    server a 127.0.0.1:{a} check inter 500 fall 2 rise 2 maxconn {per_server}
    server b 127.0.0.1:{b} check inter 500 fall 2 rise 2 maxconn {per_server}
"""


@contextmanager
def two_servers(url: str, workers: int | None = None):
    """Two gunicorn masters on `url` and HAProxy before them; yields (balancer URL, [server a, server b])."""
    if not shutil.which("haproxy"):
        raise SystemExit("haproxy is not installed (Debian package haproxy)")
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench"}
    with ExitStack() as stack:
        servers = [stack.enter_context(serve("wsgi:app", env, workers=workers)) for _ in range(2)]
        port = free_port()
        config = tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False)
        config.write(CONFIG.format(port=port, header=SERVER_HEADER, a=servers[0][0].rsplit(":", 1)[1],
                                   b=servers[1][0].rsplit(":", 1)[1],
                                   per_server=workers or os.cpu_count()))
        config.close()
        proxy = subprocess.Popen(["haproxy", "-db", "-f", config.name])
        stack.callback(stop, proxy)
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, proxy)
        time.sleep(1.5)  # both health checks passed (rise 2 x 500 ms)
        yield base, [server for _, server in servers]


def check_shared_state(base: str, operation: dict) -> dict:
    """Each kind of shared state, checked through the balancer: True when both servers agreed."""
    token = operation["tokens"][0]
    return {"token": _token_works_on_both(base, token), "session": _session_works_on_both(base),
            "rate_limit": _rate_limit_is_shared(base), "map_cache": _map_cache_is_shared(base, operation, token)}


def _fresh(cookies: httpx.Cookies | None = None) -> httpx.Client:
    """A client with a new connection (HAProxy balances each one), sharing `cookies`."""
    return httpx.Client(base_url="", cookies=cookies, timeout=30, follow_redirects=False)


def _get(base: str, path: str, cookies=None, headers=None) -> httpx.Response:
    with _fresh(cookies) as client:
        return client.get(base + path, headers=headers)


def _token_works_on_both(base: str, token: str) -> bool:
    answers = [_get(base, "/api/v1/blocks", headers={"Authorization": f"Bearer {token}"}) for _ in range(6)]
    return all(a.status_code == 200 for a in answers) and {a.headers[SERVER_HEADER] for a in answers} == {"a", "b"}


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _sign_in(base: str, email: str, password: str, cookies: httpx.Cookies) -> httpx.Response:
    """GET the login form on one server, POST it (perhaps to the other)."""
    form = _get(base, "/login", cookies)
    cookies.update(form.cookies)
    with _fresh(cookies) as client:
        answer = client.post(base + "/login", data={"email": email, "password": password,
                                                    "csrf_token": _csrf(form.text)})
    cookies.update(answer.cookies)
    return answer


def _session_works_on_both(base: str) -> bool:
    cookies = httpx.Cookies()
    if _sign_in(base, "lead@bench.org", "bench-password-1", cookies).status_code != 302:
        return False
    answers = [_get(base, "/coordinator/", cookies) for _ in range(6)]
    return all(a.status_code == 200 for a in answers) and {a.headers[SERVER_HEADER] for a in answers} == {"a", "b"}


def _rate_limit_is_shared(base: str) -> bool:
    """Five wrong passwords for one account (LOGIN_LIMIT_PER_ACCOUNT) spread over both servers; then 429 on both.

    A form is fetched and posted by two requests, so round robin may send every post to one
    server: an extra request shifts the next post onto the other.
    """
    answers = [_sign_in(base, "phone1@bench.org", "wrong-password", httpx.Cookies())]
    while len(answers) < 12 and not (len(answers) > 5
                                     and {a.headers[SERVER_HEADER] for a in answers[5:]} == {"a", "b"}):
        if len(answers) > 1 and answers[-1].headers[SERVER_HEADER] == answers[-2].headers[SERVER_HEADER]:
            _get(base, "/login")
        answers.append(_sign_in(base, "phone1@bench.org", "wrong-password", httpx.Cookies()))
    statuses = [a.status_code for a in answers]
    failed_on = {a.headers[SERVER_HEADER] for a in answers[:5]}
    limited_on = {a.headers[SERVER_HEADER] for a in answers[5:]}
    return statuses[:5] == [401] * 5 and set(statuses[5:]) == {429} and failed_on == limited_on == {"a", "b"}


def _map_cache_is_shared(base: str, operation: dict, token: str) -> bool:
    """A visit that changes a block's status moves the map version seen by both servers."""
    cookies = httpx.Cookies()
    _sign_in(base, "lead@bench.org", "bench-password-1", cookies)

    def versions() -> dict:
        seen = {}
        for _ in range(4):
            page = _get(base, "/coordinator/map", cookies)
            seen[page.headers[SERVER_HEADER]] = int(re.search(r"data\.json\?v=(\d+)", page.text).group(1))
        return seen

    before = versions()
    visit = {"client_id": str(uuid.uuid4()), "block_id": operation["blocks"][token][-1], "outcome": "contact",
             "visited_at": (datetime.now(UTC) - timedelta(minutes=5)).isoformat(),
             "needs": [{"category": "water", "urgency": "soon"}]}
    with _fresh() as client:
        posted = client.post(base + "/api/v1/visits", json=visit, headers={"Authorization": f"Bearer {token}"})
    operation.setdefault("extra_client_ids", []).append(visit["client_id"])
    after = versions()
    return (posted.status_code == 201 and len(set(before.values())) == 1 and set(after) == {"a", "b"}
            and len(set(after.values())) == 1 and min(after.values()) > max(before.values()))
