"""Fetching your own account's bodies from Binance with a read-only API key.

``python -m marginlib fetch DIR`` saves the five bodies that :mod:`marginlib.reconcile` reads
(:data:`marginlib.binance.FILES`), byte for byte as Binance sent them:

=========================  ===================================  ===================
file                       request                              signed
=========================  ===================================  ===================
``multiAssetsMargin.json``  ``GET /fapi/v1/multiAssetsMargin``   yes (weight 30)
``leverageBracket.json``    ``GET /fapi/v1/leverageBracket``     yes (weight 1)
``assetIndex.json``         ``GET /fapi/v1/assetIndex``          no, public (10)
``account.json``            ``GET /fapi/v3/account``             yes (weight 5)
``positionRisk.json``       ``GET /fapi/v2/positionRisk``        yes (weight 5)
=========================  ===================================  ===================

``account.json`` and ``positionRisk.json`` are asked for last, one right after the other, so
that they are as close in time as two calls can be. V3 of the account endpoint is Binance's
current one; V2 of position risk is the one that states each position's leverage and margin type
(V3 has neither). Only GET requests are made: nothing is ever ordered, moved or changed.

**Keys.** ``BINANCE_API_KEY`` and ``BINANCE_API_SECRET`` are read from the environment only:
never from the command line (it would land in the shell's history and the process list), never
written to disk, never printed (every message is scrubbed of both). Use a key with reading
rights only, restricted to your IP address. The saved bodies hold your balances: they are
written readable by you alone (mode 600).

**Signing** follows Binance's General Info page (checked 2026-11-29, page of 2026-05-28):
``signature = HMAC-SHA256(secret, query string)`` in lowercase hex, sent as the query's last
parameter, with ``timestamp`` (ms) and ``recvWindow`` (5000) in the query and the key in the
``X-MBX-APIKEY`` header. :func:`signature` reproduces the page's test vector (see the tests).

**Client.** ``requests``, in the optional extra ``live`` (``pip install 'marginlib[live]'``),
imported only when fetching. Binance's official SDK (``binance-sdk-derivatives-trading-usds-
futures`` 18.1.0) was weighed and set aside: it returns parsed models or ``json.loads`` results,
never the body it received, so bracket numbers come back as floats and a body that does not fit
its types is silently replaced by a raw dict (with only a logged warning); reconciling needs the
bodies byte-exact. It also retries GETs three times by default and brings about 20 packages.
``requests`` is what that SDK itself sends its requests with; we only add Binance's documented
signature. Redirects are not followed (the key header would go along to another host), and
plain ``http`` is refused except to this machine (``127.0.0.1`` / ``localhost``, for tests).

**Base URLs**: ``https://fapi.binance.com``; ``--testnet``: ``https://demo-fapi.binance.com``,
the testnet REST URL the General Info page gives (2026-05-28).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .binance import (
    ACCOUNT,
    ASSET_INDEX,
    LEVERAGE_BRACKET,
    MULTI_ASSETS_MARGIN,
    POSITION_RISK,
    ApiBodyError,
    parse,
)
from .errors import MarginError

PRODUCTION = "https://fapi.binance.com"
TESTNET = "https://demo-fapi.binance.com"
KEY_VARIABLE = "BINANCE_API_KEY"
SECRET_VARIABLE = "BINANCE_API_SECRET"
#: Binance's default and recommended window: a request older than this is refused (-1021).
RECV_WINDOW = 5000
#: Seconds to wait for a connection and for an answer.
TIMEOUT = 10.0


@dataclass(frozen=True)
class Endpoint:
    """One request: the file it fills, its path, and whether it is signed."""

    file: str
    path: str
    signed: bool


#: The five requests, in the order they are made (account and positions last, back to back).
ENDPOINTS = (
    Endpoint(MULTI_ASSETS_MARGIN, "/fapi/v1/multiAssetsMargin", True),
    Endpoint(LEVERAGE_BRACKET, "/fapi/v1/leverageBracket", True),
    Endpoint(ASSET_INDEX, "/fapi/v1/assetIndex", False),
    Endpoint(ACCOUNT, "/fapi/v3/account", True),
    Endpoint(POSITION_RISK, "/fapi/v2/positionRisk", True),
)


class FetchError(MarginError):
    """A request that failed: Binance's error, no answer in time, no connection, no keys."""


def signature(query: str, secret: str) -> str:
    """HMAC-SHA256 of the query string with the secret, lowercase hex (Binance's SIGNED rule)."""
    return hmac.new(secret.encode(), query.encode(), hashlib.sha256).hexdigest()


def signed_query(params: Mapping[str, Any], secret: str) -> str:
    """``params`` as a query string with ``&signature=...`` appended last."""
    query = urllib.parse.urlencode(list(params.items()))
    return f"{query}&signature={signature(query, secret)}"


def keys_from_environment(environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The API key and secret from ``BINANCE_API_KEY`` and ``BINANCE_API_SECRET``."""
    env = os.environ if environ is None else environ
    key, secret = env.get(KEY_VARIABLE, ""), env.get(SECRET_VARIABLE, "")
    if not key or not secret:
        raise FetchError(
            f"{KEY_VARIABLE} / {SECRET_VARIABLE}",
            "both must be set in the environment (a key with reading rights only, "
            "restricted to your IP); they are never read from the command line",
        )
    return key, secret


def check_base_url(url: str) -> str:
    """An https URL, or http to this machine only (a local test server)."""
    parts = urllib.parse.urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme == "https" or (parts.scheme == "http" and local):
        if parts.query or parts.fragment or not parts.hostname:
            raise FetchError("base URL", f"must be scheme://host[:port] only, got {url!r}")
        return url.rstrip("/")
    raise FetchError("base URL", "must be https (plain http only to 127.0.0.1 or localhost)")


def fetch_bodies(
    key: str,
    secret: str,
    base_url: str = PRODUCTION,
    timeout: float = TIMEOUT,
    clock: Callable[[], float] = time.time,
) -> dict[str, bytes]:
    """The five bodies, by file name, exactly as received. Raises :class:`FetchError`."""
    try:
        import requests
    except ImportError:
        raise FetchError(
            "fetch", "needs the live extra: pip install 'marginlib[live]'"
        ) from None
    base = check_base_url(base_url)
    scrub = _Scrubber(key, secret)
    bodies: dict[str, bytes] = {}
    with requests.Session() as session:
        for endpoint in ENDPOINTS:
            query = ""
            if endpoint.signed:
                params = {"recvWindow": RECV_WINDOW, "timestamp": int(clock() * 1000)}
                query = "?" + signed_query(params, secret)
            what = f"GET {endpoint.path}"
            try:
                response = session.get(
                    base + endpoint.path + query,
                    headers={"X-MBX-APIKEY": key, "Accept": "application/json"},
                    timeout=(timeout, timeout), allow_redirects=False,
                )
            except requests.exceptions.Timeout:
                raise FetchError(what, f"no answer from {base} within {timeout:g} s") from None
            except requests.exceptions.RequestException as err:
                raise FetchError(what, f"cannot connect to {base} ({_reason(err)})") from None
            body = response.content
            if response.status_code != 200:
                raise FetchError(what, scrub(_refusal(response.status_code, body)))
            try:
                parse(body, endpoint.file)
            except ApiBodyError as err:
                raise FetchError(what, scrub(f"the answer cannot be used: {err.rule}")) from None
            bodies[endpoint.file] = body
    return bodies


def save_bodies(directory: str | Path, bodies: Mapping[str, bytes]) -> list[Path]:
    """Write the bodies into ``directory`` (created if needed), readable by the owner only."""
    folder = Path(directory)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        written = []
        for name, body in bodies.items():
            path = folder / name
            # Created with mode 600 from the start: balances are never readable by others.
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(handle, "wb") as out:
                out.write(body)
            os.chmod(path, 0o600)
            written.append(path)
    except OSError as err:
        raise FetchError("directory", f"cannot write to {directory} ({err.strerror})") from None
    return written


def fetch(directory: str | Path, *, testnet: bool = False, base_url: str | None = None,
          timeout: float = TIMEOUT, environ: Mapping[str, str] | None = None) -> list[Path]:
    """Fetch the five bodies with the environment's keys and save them in ``directory``.

    Nothing is written unless all five requests succeed.
    """
    key, secret = keys_from_environment(environ)
    url = base_url or (TESTNET if testnet else PRODUCTION)
    return save_bodies(directory, fetch_bodies(key, secret, url, timeout))


class _Scrubber:
    """Removes the key and the secret from any text that could be printed."""

    def __init__(self, *secrets: str) -> None:
        self.secrets = [s for s in secrets if s]

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


def _refusal(status: int, body: bytes) -> str:
    """Binance's ``{"code": ..., "msg": ...}`` as one line, or the HTTP status alone."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        data = None
    if isinstance(data, dict) and "code" in data:
        message = " ".join(str(data.get("msg", "")).split())[:200]
        return f"Binance refused it (HTTP {status}, code {data['code']}: {message})"
    return f"Binance answered HTTP {status}"


def _reason(err: BaseException) -> str:
    """Why a connection failed, in a few words (never the URL: it carries the signature)."""
    seen: BaseException | None = err
    for _ in range(20):  # a chain of causes is short; a cycle must not hang the command
        if seen is None:
            break
        if isinstance(seen, ConnectionRefusedError):
            return "connection refused"
        if isinstance(seen, OSError) and "Name or service not known" in str(seen):
            return "unknown host"
        nested = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        seen = seen.__cause__ or seen.__context__ or nested or getattr(seen, "reason", None)
    text = str(err).lower()
    if "refused" in text:
        return "connection refused"
    return err.__class__.__name__




def add_arguments(parser: Any) -> None:
    """The command line's ``fetch`` arguments (keys come from the environment only)."""
    parser.add_argument("directory", help="folder to save the five bodies in")
    parser.add_argument("--testnet", action="store_true", help=f"use {TESTNET}")
    parser.add_argument("--base-url", help="another server: https, or http to 127.0.0.1 only")
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help="seconds to wait for each answer (default %(default)s)")


def command(args: Any) -> int:
    """``python -m marginlib fetch DIR``: save the bodies, say where; errors raise."""
    if args.timeout <= 0:
        raise FetchError("--timeout", f"must be positive, got {args.timeout}")
    paths = fetch(args.directory, testnet=args.testnet, base_url=args.base_url,
                  timeout=args.timeout)
    print(f"Saved {', '.join(p.name for p in paths)} in {args.directory}.")
    print("They show your balances: keep them (and notebooks that print them) out of version "
          "control.")
    return 0


__all__ = ["ENDPOINTS", "PRODUCTION", "TESTNET", "FetchError", "add_arguments", "check_base_url",
           "command", "fetch", "fetch_bodies", "keys_from_environment", "save_bodies", "signature",
           "signed_query"]
