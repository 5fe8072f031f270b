"""The replica on another machine of the LAN over sftp (issue 29): real Litestream against a real SFTP server
(tests/sftp_server.py, asyncssh on 127.0.0.1), the watcher as gunicorn starts it, and `restore` from the address.
The coordinator's laptop is a throw-away HOME: its ~/.ssh/known_hosts is how the laptop knows the other one."""
import base64
import hashlib
import hmac
import sqlite3
import time
from pathlib import Path

import pytest

from outreach import replica as outreach_replica
from outreach.errors import Invalid
from outreach.services.operation import replica
from tests.sftp_server import USER, SftpServer, client_key
from tests.test_replica import START_SECONDS, Watching, restore_command, running_litestream, wait_until

PASSWORD = "throw-away-Pa55"


def laptop_home(tmp_path: Path, known_hosts: list[str]) -> Path:
    """A HOME whose ssh knows these host keys, and holds the coordinator's own key behind a passphrase."""
    ssh = tmp_path / "home" / ".ssh"
    ssh.mkdir(parents=True)
    (ssh / "known_hosts").write_text("".join(f"{line}\n" for line in known_hosts))
    own, _path = client_key(ssh)
    own.write_private_key(str(ssh / "id_ed25519"), "pkcs8-pem", passphrase="the coordinator's own")
    return ssh.parent


def rows(database: Path) -> list[tuple]:
    """The test table's rows."""
    with sqlite3.connect(database) as reading:
        found = reading.execute("SELECT n FROM visit ORDER BY rowid").fetchall()
    reading.close()
    return found


def copy_and_restore(tmp_path: Path, where: str, **settings: str) -> None:
    """Run the watcher to `where`, write, wait until the replica has everything, then restore it elsewhere."""
    watching = Watching(tmp_path, where, **settings)
    try:
        for _ in range(3):
            watching.write()
        wait_until(lambda: running_litestream(watching), START_SECONDS, "Litestream to copy to the sftp server")
        assert watching.problems() == set(), watching.log.read_text()
    finally:
        watching.stop()
    second = tmp_path / "second-laptop" / "o.sqlite"
    done = restore_command(second, where, **settings)
    assert done.returncode == 0, done.stderr
    assert "newest restored write was made at" in done.stdout
    assert rows(second) == rows(watching.database) == [(1,), (1,), (1,)]


def test_a_replica_over_sftp_with_a_password_copies_and_restores(tmp_path):
    """Signed in with the address's password, the host checked against known_hosts (whose Ed25519 line comes
    first, while Litestream's ssh asks for the ECDSA key), the coordinator's own locked key left alone."""
    with SftpServer(tmp_path / "server", password=PASSWORD) as server:
        home = laptop_home(tmp_path, server.host_key_lines())
        copy_and_restore(tmp_path, f"sftp://{USER}:{PASSWORD}@127.0.0.1:{server.port}/copy", HOME=str(home))
        assert set(server.logins) == {"password"}
    assert list((tmp_path / "server" / "copy" / "ltx").rglob("*.ltx"))


def test_a_replica_over_sftp_with_a_key_copies_and_restores(tmp_path):
    """Signed in with OUTREACH_REPLICA_SSH_KEY, no password anywhere: the watcher's look at the replica and
    restore's must sign in with the key too, not only `litestream replicate`."""
    (tmp_path / "keys").mkdir()
    key, path = client_key(tmp_path / "keys")
    with SftpServer(tmp_path / "server", client_key=key) as server:
        home = laptop_home(tmp_path, server.host_key_lines())
        copy_and_restore(tmp_path, f"sftp://{USER}@127.0.0.1:{server.port}/copy", HOME=str(home),
                         OUTREACH_REPLICA_SSH_KEY=str(path))
        assert set(server.logins) == {"key"}


def test_the_watcher_looks_at_an_sftp_replica_every_few_seconds_not_every_second(tmp_path):
    """Each look is an ssh sign-in (some 30 ms of the laptop's CPU): Litestream keeps its one connection, the
    watcher signs in at most every SFTP_LOOK_SECONDS."""
    with SftpServer(tmp_path / "server", password=PASSWORD) as server:
        home = laptop_home(tmp_path, server.host_key_lines())
        watching = Watching(tmp_path, f"sftp://{USER}:{PASSWORD}@127.0.0.1:{server.port}/copy", HOME=str(home))
        try:
            wait_until(lambda: running_litestream(watching), START_SECONDS, "Litestream to copy to the sftp server")
            before = len(server.logins)
            time.sleep(8)
            looks = len(server.logins) - before
        finally:
            watching.stop()
    assert 1 <= looks <= 8 // outreach_replica.SFTP_LOOK_SECONDS + 1, looks


def test_an_sftp_host_this_laptop_does_not_know_gets_no_copy(tmp_path):
    """Nothing in known_hosts nor OUTREACH_REPLICA_HOST_KEY: the whole operation is not sent to whoever answers."""
    with SftpServer(tmp_path / "server", password=PASSWORD) as server:
        home = laptop_home(tmp_path, [])
        where = f"sftp://{USER}:{PASSWORD}@127.0.0.1:{server.port}/copy"
        watching = Watching(tmp_path, where, HOME=str(home))
        try:
            assert watching.process.wait(timeout=START_SECONDS) == 1
        finally:
            watching.stop()
        log = watching.log.read_text()
        assert "not started" in log and f"ssh -p {server.port} {USER}@127.0.0.1" in log
        assert [kind for kind, _detail in watching.panel()["problems"]] == ["not_started"]
        assert "not known to this laptop" in watching.panel()["problems"][0][1]
        assert server.logins == [] and not (tmp_path / "server" / "copy").exists()
        done = restore_command(tmp_path / "second" / "o.sqlite", where, HOME=str(home))
        assert done.returncode != 0 and "not known to this laptop" in done.stderr
        assert not (tmp_path / "second").exists()


def test_an_impostor_at_the_sftp_address_gets_no_copy(tmp_path):
    """known_hosts holds another machine's keys for the address: Litestream refuses the handshake, and the
    dashboard says the copy cannot be reached."""
    with SftpServer(tmp_path / "server", password=PASSWORD) as server:
        with SftpServer(tmp_path / "elsewhere") as real:
            home = laptop_home(tmp_path, [line.replace(f":{real.port} ", f":{server.port} ")
                                          for line in real.host_key_lines()])
        watching = Watching(tmp_path, f"sftp://{USER}:{PASSWORD}@127.0.0.1:{server.port}/copy", HOME=str(home))
        try:
            watching.write()
            wait_until(lambda: "unreachable" in watching.problems(), START_SECONDS, "the copy to be unreachable")
        finally:
            watching.stop()
        assert "host key mismatch" in watching.log.read_text()
        assert server.logins == [] and not list((tmp_path / "server").rglob("*.ltx"))


@pytest.mark.parametrize("known, chosen", [
    (["ssh-ed25519 AAAAed", "ecdsa-sha2-nistp256 AAAAec", "ssh-rsa AAAArsa"], "ecdsa-sha2-nistp256 AAAAec"),
    (["ssh-ed25519 AAAAed", "ssh-rsa AAAArsa"], "ssh-rsa AAAArsa"),
    (["ssh-ed25519 AAAAed"], "ssh-ed25519 AAAAed"),
])
def test_the_host_key_given_to_litestream_is_the_one_its_ssh_will_be_shown(tmp_path, monkeypatch, known, chosen):
    """Go's ssh (Litestream's) asks a server for ECDSA, then RSA, then Ed25519, and checks the one key it is
    given: known_hosts' first line for the host would fail against a stock OpenSSH server."""
    ssh = tmp_path / ".ssh"
    ssh.mkdir()
    (ssh / "known_hosts").write_text(
        "other.lan ecdsa-sha2-nistp256 AAAAnotthisone\n"
        + "".join(f"[10.0.0.2]:2222 {line}\n" for line in known) + "@revoked [10.0.0.2]:2222 ssh-rsa AAAAold\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("OUTREACH_REPLICA_HOST_KEY", raising=False)
    assert replica.host_key(replica.target("sftp://u@10.0.0.2:2222/copy")) == chosen
    with pytest.raises(Invalid, match="ssh u@10.0.0.3"):
        replica.host_key(replica.target("sftp://u@10.0.0.3/copy"))


def test_a_hashed_known_hosts_line_is_found(tmp_path, monkeypatch):
    """Debian and Ubuntu hash the host names in known_hosts (HashKnownHosts yes)."""
    salt = b"0123456789abcdefghij"
    digest = hmac.new(salt, b"192.168.1.20", hashlib.sha1).digest()
    ssh = tmp_path / ".ssh"
    ssh.mkdir()
    (ssh / "known_hosts").write_text(
        f"|1|{base64.b64encode(salt).decode()}|{base64.b64encode(digest).decode()} ssh-ed25519 AAAAhashed\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("OUTREACH_REPLICA_HOST_KEY", raising=False)
    assert replica.host_key(replica.target("sftp://u@192.168.1.20/copy")) == "ssh-ed25519 AAAAhashed"
