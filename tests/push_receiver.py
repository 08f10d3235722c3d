"""A real local Web Push receiver for tests: it plays the push service and the browser.

Each `device()` holds a real P-256 key pair and a 16-byte auth secret, as a browser does; its
subscription's endpoint is http://127.0.0.1:<port>/push/<token> on this receiver. A message
is decrypted the way the browser does (RFC 8291, aes128gcm, with http_ece and the device's
private key), so a test reads the text the person would see. A device may be told to answer
410 Gone (an expired subscription) instead of 201.
"""

import base64
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Device:
    def __init__(self, receiver):
        self.receiver = receiver
        self.token = secrets.token_hex(8)
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = secrets.token_bytes(16)
        self.answer = 201
        self.messages = []  # decrypted payloads, as dicts
        self.headers = []

    def subscription(self):
        public = self.private_key.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": f"{self.receiver.url}/push/{self.token}",
            "expirationTime": None,
            "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)},
        }

    def receive(self, body, headers):
        self.headers.append(headers)
        text = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )
        self.messages.append(json.loads(text))


class Receiver:
    def __init__(self):
        self.devices = {}
        self.requests = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                receiver.requests += 1
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                device = receiver.devices.get(self.path.rsplit("/", 1)[-1])
                if device is None:
                    status = 404
                elif device.answer != 201:
                    status = device.answer
                else:
                    device.receive(body, {k.lower(): v for k, v in self.headers.items()})
                    status = 201
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def device(self):
        device = Device(self)
        self.devices[device.token] = device
        return device

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
