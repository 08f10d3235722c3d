"""Kinto, the peer: the same records created through its `/v1/batch` endpoint.

Kinto is installed in its own virtualenv (bench/.venv-kinto, created on first use) so it never
touches the app's dependencies. It runs with its memory backend, its default waitress server,
Basic auth (kinto.core's BasicAuthAuthenticationPolicy: no account round trips), request
logging off, and `kinto.batch_max_requests = 100`.
"""

import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

from .live import free_port

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-kinto"
KINTO_VERSION = "26.5.0"

INI = """\
[server:main]
use = egg:waitress#main
host = 127.0.0.1
port = {port}

[app:main]
use = egg:kinto
kinto.storage_backend = kinto.core.storage.memory
kinto.storage_url =
kinto.cache_backend = kinto.core.cache.memory
kinto.cache_url =
kinto.permission_backend = kinto.core.permission.memory
kinto.permission_url =
kinto.userid_hmac_secret = {secret}
multiauth.policies = basicauth
multiauth.policy.basicauth.use = kinto.core.authentication.BasicAuthAuthenticationPolicy
kinto.bucket_create_principals = system.Authenticated
kinto.batch_max_requests = 100

[loggers]
keys = root, kinto

[handlers]
keys = console

[formatters]
keys = plain

[logger_root]
level = WARNING
handlers = console

[logger_kinto]
level = WARNING
handlers = console
qualname = kinto
propagate = 0

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = plain

[formatter_plain]
format = %(asctime)s %(levelname)s %(name)s %(message)s
"""


def ensure_kinto():
    """bench/.venv-kinto with kinto==26.5.0; created on first use (about 10 s)."""
    kinto = VENV / "bin" / "kinto"
    if not kinto.exists():
        print(f"Creating {VENV} with kinto {KINTO_VERSION} (once)...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "-q", f"kinto=={KINTO_VERSION}"], check=True
        )
    version = subprocess.run([str(kinto), "version"], capture_output=True, text=True)
    return kinto, (version.stdout or version.stderr).strip()


class KintoServer:
    def __init__(self, work_dir):
        self.kinto, self.version = ensure_kinto()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.ini = Path(work_dir) / "kinto.ini"
        self.ini.write_text(INI.format(port=self.port, secret=uuid.uuid4().hex))
        self.log = open(Path(work_dir) / "kinto.log", "wb")
        self.process = subprocess.Popen(
            [str(self.kinto), "start", "--ini", str(self.ini)], stdout=self.log, stderr=self.log
        )

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(Path(self.log.name).read_text())
            try:
                if requests.get(self.url + "/", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("Kinto did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def create_records(kinto, records, per_batch=100):
    """Create every record with PUT + If-None-Match: * (create-only, like a client-made id);
    returns the seconds spent sending the batches."""
    session = requests.Session()
    session.auth = ("coach", "shift-end")
    bucket, collection = "gembakit", "observations"
    assert session.put(f"{kinto.url}/buckets/{bucket}").status_code in (200, 201)
    assert session.put(f"{kinto.url}/buckets/{bucket}/collections/{collection}").status_code in (
        200,
        201,
    )
    path = f"/buckets/{bucket}/collections/{collection}/records"
    batches = [
        {
            "defaults": {"method": "PUT", "headers": {"If-None-Match": "*"}},
            "requests": [
                {"path": f"{path}/{r['id']}", "body": {"data": r}}
                for r in records[i : i + per_batch]
            ],
        }
        for i in range(0, len(records), per_batch)
    ]
    start = time.perf_counter()
    for batch in batches:
        response = session.post(f"{kinto.url}/batch", json=batch, timeout=120)
        assert response.status_code == 200, response.text[:500]
        statuses = {r["status"] for r in response.json()["responses"]}
        assert statuses == {201}, statuses
    seconds = time.perf_counter() - start
    listing = session.get(f"{kinto.url}{path}", params={"_limit": 1, "_fields": "id"})
    total = int(listing.headers.get("Total-Objects") or listing.headers.get("Total-Records") or -1)
    assert total in (-1, len(records)), total
    return seconds
