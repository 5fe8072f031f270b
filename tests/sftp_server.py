"""A real SFTP server on 127.0.0.1 for the sftp replica's tests (asyncssh): no sshd on the test machine.

It offers an ECDSA and an Ed25519 host key, as a stock OpenSSH server does, signs in one user with a password
or a public key, and serves one folder as its root (chroot), so `sftp://outreach@127.0.0.1:PORT/copy` lands in
`root/copy`."""
import asyncio
import threading
import warnings
from pathlib import Path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # cryptography's deprecation of DSA, which asyncssh still names
    import asyncssh

USER = "outreach"


class SftpServer:
    """The server in its own thread and event loop, with throw-away host keys."""

    def __init__(self, root: Path, password: str | None = None, client_key: asyncssh.SSHKey | None = None):
        self.root, self.password, self.client_key = root, password, client_key
        self.host_keys = [asyncssh.generate_private_key(kind) for kind in ("ssh-ed25519", "ecdsa-sha2-nistp256")]
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self.logins: list[str] = []
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> "SftpServer":
        self.root.mkdir(parents=True, exist_ok=True)
        self.thread.start()
        self.listener = asyncio.run_coroutine_threadsafe(self.listen(), self.loop).result(timeout=30)
        self.port = self.listener.get_port()
        return self

    def __exit__(self, *_exc) -> None:
        self.listener.close()
        asyncio.run_coroutine_threadsafe(self.listener.wait_closed(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    async def listen(self):
        return await asyncssh.listen(
            "127.0.0.1", 0, server_host_keys=self.host_keys, server_factory=self.server,
            sftp_factory=lambda channel: asyncssh.SFTPServer(channel, chroot=str(self.root).encode()))

    def server(self) -> asyncssh.SSHServer:
        """One connection's authentication: the configured password and key, nothing else."""
        outer = self

        class Server(asyncssh.SSHServer):
            def begin_auth(self, username):
                return True

            def password_auth_supported(self):
                return outer.password is not None

            def validate_password(self, username, password):
                accepted = username == USER and password == outer.password
                if accepted:
                    outer.logins.append("password")
                return accepted

            def public_key_auth_supported(self):
                return outer.client_key is not None

            def validate_public_key(self, username, key):
                accepted = username == USER and key.public_data == outer.client_key.public_data
                if accepted:
                    outer.logins.append("key")
                return accepted

        return Server()

    def host_key_lines(self) -> list[str]:
        """The host's public keys as `ssh` records them in known_hosts (Ed25519 first, as OpenSSH prefers it)."""
        return [f"[127.0.0.1]:{self.port} {key.export_public_key().decode().strip()}" for key in self.host_keys]


def client_key(folder: Path) -> tuple[asyncssh.SSHKey, Path]:
    """A throw-away Ed25519 key pair for signing in, its private half in OpenSSH's format (as ssh-keygen writes)."""
    key = asyncssh.generate_private_key("ssh-ed25519")
    path = folder / "id_ed25519"
    key.write_private_key(str(path))
    path.chmod(0o600)
    return key, path
