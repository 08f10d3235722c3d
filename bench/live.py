"""Real app processes and HTTP devices, for benchmarks and multi-instance tests.

`LiveServer` runs gunicorn (as the Procfile does) on a free port of 127.0.0.1 and serves
http://localhost:<port>; `Device` is a phone or tablet talking to it the way the PWA does:
Origin header, session cookie, a clientId and an outbox of mutations counting up from 1.
"""

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(
        self,
        database_url,
        work_dir,
        secret_key,
        workers=1,
        threads=1,
        app="server:create_app()",
        env=None,
        config="/dev/null",
    ):
        self.port = free_port()
        self.origin = f"http://localhost:{self.port}"
        self.url = f"http://127.0.0.1:{self.port}"
        work_dir = Path(work_dir)
        environment = (
            os.environ
            | {
                "DATABASE_URL": database_url,
                "SECRET_KEY": secret_key,
                "ORIGIN": self.origin,
                "RP_ID": "localhost",
                "GEMBAKIT_ENV": "development",
                "ATTACHMENTS_DIR": str(work_dir / "attachments"),
            }
            | (env or {})
        )
        self.log_path = work_dir / f"gunicorn-{self.port}.log"
        self.log = open(self.log_path, "wb")
        # config="/dev/null": the worker model the benchmark names, not gunicorn.conf.py's
        # threads; config=ROOT / "gunicorn.conf.py": production's, with the workers named here.
        command = [
            str(GUNICORN),
            "-c",
            str(config),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--graceful-timeout",
            "2",
            "--backlog",
            "2048",
            # Production's keep-alive (gunicorn.conf.py), not gunicorn's 2 s: with 2 s a device
            # whose next push came ~2 s after its last met the server closing that idle
            # connection as the request went out ("Remote end closed connection without
            # response"; a storm's pushes take that long on 2 busy cores).
            "--keep-alive",
            "75",
        ]
        if threads > 1:
            command += ["--threads", str(threads)]
        self.process = subprocess.Popen(
            command + [app], cwd=ROOT, env=environment, stdout=self.log, stderr=self.log
        )

    def wait_until_up(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log_path.read_text())
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:  # not listening yet, or still booting
                time.sleep(0.1)
        raise RuntimeError(f"{self.url} did not come up:\n{self.log_path.read_text()}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.process.kill()
            self.process.wait()
        self.log.close()

    def __enter__(self):
        return self.wait_until_up()

    def __exit__(self, *exc):
        self.stop()


class Push:
    """One push request and its answer, with when it was sent and answered."""

    def __init__(self, client_id, sent, received, response):
        self.client_id, self.sent, self.received = client_id, sent, received
        self.status = response.status_code
        self.body = response.json()

    @property
    def seconds(self):
        return self.received - self.sent

    def applied(self):
        if self.status != 200:
            return []
        return [r["id"] for r in self.body["results"] if r["status"] == "applied"]


class Device:
    """A device of one person: its own clientId, outbox numbering and pull cursor."""

    def __init__(self, person_id=None, authenticator=None, session=None):
        self.person_id = person_id
        self.session = session or requests.Session()
        self.authenticator = authenticator
        self.client_id = str(uuid.uuid4())
        self.next_id = 1
        self.cursor = ""

    def post(self, server, path, body):
        return self.session.post(
            server.url + path, json=body, timeout=120, headers={"Origin": server.origin}
        )

    def enrol(self, server, invite_url):
        from tests.softauthn import SoftAuthenticator

        options = self.post(
            server, "/api/auth/register/options", {"invite": invite_url.rsplit("/", 1)[1]}
        )
        assert options.status_code == 200, options.text
        self.authenticator = SoftAuthenticator(server.origin)
        credential = self.authenticator.create(options.json(), origin=server.origin)
        verified = self.post(server, "/api/auth/register/verify", {"credential": credential})
        assert verified.status_code == 200, verified.text
        return self

    def sign_in(self, server):
        options = self.post(server, "/api/auth/login/options", {})
        assert options.status_code == 200, options.text
        credential = self.authenticator.get(options.json(), origin=server.origin)
        return self.post(server, "/api/auth/login/verify", {"credential": credential})

    def mutation(self, name, args):
        """The next mutation of this device's outbox."""
        mutation = {
            "id": self.next_id,
            "name": name,
            "args": args,
            "at": "2026-11-25T15:00:00.000Z",
        }
        self.next_id += 1
        return mutation

    def another_device(self):
        """The same person on another device: same session, its own clientId and outbox."""
        return Device(self.person_id, self.authenticator, session=self.session)

    def capture(self, count, make_args):
        """`count` observation.create mutations; make_args() gives each one's args."""
        batch = []
        for _ in range(count):
            batch.append(
                {
                    "id": self.next_id,
                    "name": "observation.create",
                    "args": make_args(),
                    "at": "2026-11-25T15:00:00.000Z",
                }
            )
            self.next_id += 1
        return batch

    def push(self, server, batch):
        return self.send(server, self.encode(batch))

    def encode(self, batch):
        """The body of a push of `batch`, as a phone has it ready in its outbox."""
        return json.dumps({"clientId": self.client_id, "mutations": batch}).encode()

    def send(self, server, body):
        """Push an encoded body (encode()); timed from the moment it is sent."""
        sent = time.monotonic()
        response = self.session.post(
            server.url + "/api/sync/push",
            data=body,
            timeout=120,
            headers={"Origin": server.origin, "Content-Type": "application/json"},
        )
        return Push(self.client_id, sent, time.monotonic(), response)

    def pull(self, server, limit=None):
        params = {"clientId": self.client_id, "cursor": self.cursor}
        if limit:
            params["limit"] = limit
        response = self.session.get(server.url + "/api/sync/pull", params=params, timeout=120)
        assert response.status_code == 200, response.text
        return response.json()

    def pull_all(self, server, limit=None):
        changes, pages = [], 0
        while True:
            page = self.pull(server, limit)
            pages += 1
            changes += page["changes"]
            self.cursor = page["cursor"]
            if not page["more"]:
                return changes, pages
