"""A stand-in for Binance's REST API on 127.0.0.1, for the fetch tests (never the network).

It serves recorded bodies for the five GET endpoints, checks every request as Binance's General
Info page says Binance does (the key in ``X-MBX-APIKEY``; for signed endpoints ``timestamp``,
``recvWindow`` and ``signature`` = HMAC-SHA256 of the query before it, with the secret, last),
and logs what it received. ``mode`` makes it misbehave: ``"2015"`` answers Binance's documented
-2015 error, ``"sleep"`` answers too late, ``"error-200"`` sends an error body with status 200,
``"echo-key"`` puts the caller's key in its error message.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SIGNED = {"/fapi/v1/multiAssetsMargin", "/fapi/v1/leverageBracket", "/fapi/v3/account",
          "/fapi/v2/positionRisk"}
PUBLIC = {"/fapi/v1/assetIndex"}


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]


@dataclass
class FakeBinance:
    bodies: dict[str, bytes]
    key: str
    secret: str
    mode: str = "ok"
    requests: list[Request] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeBinance:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def check(self, request: Request) -> tuple[int, dict[str, Any]] | None:
        """Binance's checks; an error (status, body) or None when the request is good."""
        if request.headers.get("X-MBX-APIKEY") != self.key:
            return 401, {"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."}
        if request.path in SIGNED:
            unsigned, _, sign = request.query.rpartition("&signature=")
            expected = hmac.new(self.secret.encode(), unsigned.encode(),
                                hashlib.sha256).hexdigest()
            params = dict(urllib.parse.parse_qsl(unsigned))
            if not sign or not hmac.compare_digest(sign.lower(), expected):
                self.failures.append(f"bad signature on {request.path}")
                return 400, {"code": -1022, "msg": "Signature for this request is not valid."}
            if abs(int(params.get("timestamp", 0)) - time.time() * 1000) > 60_000:
                self.failures.append(f"timestamp off on {request.path}")
                return 400, {"code": -1021, "msg": "Timestamp for this request is outside of "
                             "the recvWindow."}
            if params.get("recvWindow") != "5000":
                self.failures.append(f"no recvWindow on {request.path}")
        elif request.query:
            self.failures.append(f"query on the public {request.path}")
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: the tests read fake.requests instead

            def _record(self) -> Request:
                path, _, query = self.path.partition("?")
                request = Request(self.command, path, query, dict(self.headers.items()))
                fake.requests.append(request)
                return request

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                request = self._record()
                if fake.mode == "sleep":
                    time.sleep(3)
                    return
                if request.path not in SIGNED | PUBLIC:
                    self._send(404, b'{"code": -5000, "msg": "Path not found"}')
                    return
                if fake.mode == "2015":
                    self._send(401, json.dumps({"code": -2015, "msg": "Invalid API-key, IP, or "
                                                "permissions for action."}).encode())
                    return
                if fake.mode == "echo-key":
                    message = f"Invalid API-key {request.headers.get('X-MBX-APIKEY')}"
                    self._send(401, json.dumps({"code": -2015, "msg": message}).encode())
                    return
                if fake.mode == "error-200":
                    self._send(200, b'{"code": -1000, "msg": "An unknown error occured."}')
                    return
                error = fake.check(request)
                if error:
                    self._send(error[0], json.dumps(error[1]).encode())
                    return
                name = {"/fapi/v1/multiAssetsMargin": "multiAssetsMargin.json",
                        "/fapi/v1/leverageBracket": "leverageBracket.json",
                        "/fapi/v1/assetIndex": "assetIndex.json",
                        "/fapi/v3/account": "account.json",
                        "/fapi/v2/positionRisk": "positionRisk.json"}[request.path]
                self._send(200, fake.bodies[name])

            def _refuse(self) -> None:
                self._record()
                self._send(405, b'{"code": -1, "msg": "GET only"}')

            do_POST = do_PUT = do_DELETE = _refuse

        return Handler
