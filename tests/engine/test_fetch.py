"""Fetching with a read-only key, against a stand-in server on 127.0.0.1 (never the network):
signed GETs only, bodies saved byte for byte, and every failure one line with exit status 2,
the key and secret never shown or written.
"""

from __future__ import annotations

import os
import secrets
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from marginlib import binance, fetch
from marginlib.reconcile import reconcile

from .binance_server import FakeBinance

try:
    import requests  # noqa: F401  (the live extra; make test installs it)
except ImportError:  # pragma: no cover - only without the extra
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("the live extra is not installed: pip install -e '.[live]'",
                allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
KEY = "test-key-" + secrets.token_hex(16)
SECRET = "test-secret-" + secrets.token_hex(24)


def recorded(example: str = "faq-2022") -> dict[str, bytes]:
    folder = binance.example_directory(example)
    return {name: folder.joinpath(name).read_bytes() for name in binance.FILES}


def run_cli(*args: str, key: str | None = KEY, secret: str | None = SECRET,
            extra: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BINANCE_")}
    if key is not None:
        env["BINANCE_API_KEY"] = key
    if secret is not None:
        env["BINANCE_API_SECRET"] = secret
    command = [sys.executable, "-m", "marginlib", *args]
    if extra:
        command = [sys.executable, "-c", extra, *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


def assert_one_line_error(result: subprocess.CompletedProcess[str], start: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("marginlib: error: " + start), result.stderr
    assert SECRET not in result.stderr and KEY not in result.stderr


def test_signature_reproduces_binances_test_vector() -> None:
    # Binance's General Info page: this secret and query give this signature.
    secret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9"
    query = ("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&"
             "recvWindow=5000&timestamp=1591702613943")
    assert fetch.signature(query, secret) == (
        "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9")
    signed = fetch.signed_query({"recvWindow": 5000, "timestamp": 1591702613943}, secret)
    assert signed.startswith("recvWindow=5000&timestamp=1591702613943&signature=")


def test_fetch_saves_the_bodies_byte_for_byte(tmp_path: Path) -> None:
    bodies = recorded()
    with FakeBinance(bodies, KEY, SECRET) as server:
        paths = fetch.fetch(tmp_path / "mine", base_url=server.url,
                            environ={"BINANCE_API_KEY": KEY, "BINANCE_API_SECRET": SECRET})
    assert server.failures == []
    assert {p.name for p in paths} == set(binance.FILES)
    for path in paths:
        assert path.read_bytes() == bodies[path.name]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # balances: the owner's eyes only
    assert [r.method for r in server.requests] == ["GET"] * 5
    assert [r.path for r in server.requests] == [e.path for e in fetch.ENDPOINTS]
    assert [r.path for r in server.requests][-2:] == ["/fapi/v3/account", "/fapi/v2/positionRisk"]
    assert all(r.headers["X-MBX-APIKEY"] == KEY for r in server.requests)
    assert server.requests[2].query == ""  # the asset index is public: nothing signed
    assert all("signature=" in r.query for r in server.requests if r.path != "/fapi/v1/assetIndex")
    assert reconcile(str(tmp_path / "mine")).agrees


def test_cli_fetch_never_shows_or_writes_the_keys(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    with FakeBinance(recorded("funding-paid"), KEY, SECRET) as server:
        result = run_cli("fetch", str(target), "--base-url", server.url)
    assert result.returncode == 0, result.stderr
    assert server.failures == []
    assert "Saved multiAssetsMargin.json, leverageBracket.json, assetIndex.json, account.json, " \
        "positionRisk.json in " in result.stdout
    assert "out of version control" in result.stdout
    written = b"".join(p.read_bytes() for p in target.iterdir())
    for secret in (KEY, SECRET):
        assert secret not in result.stdout + result.stderr
        assert secret.encode() not in written
    reconciled = subprocess.run([sys.executable, "-m", "marginlib", "reconcile", str(target)],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert reconciled.returncode == 1 and "BTCUSDT.liquidationPrice" in reconciled.stdout


def test_api_error_2015(tmp_path: Path) -> None:
    with FakeBinance(recorded(), KEY, SECRET, mode="2015") as server:
        result = run_cli("fetch", str(tmp_path / "mine"), "--base-url", server.url)
    assert_one_line_error(result, "GET /fapi/v1/multiAssetsMargin: Binance refused it (HTTP 401, "
                          "code -2015: Invalid API-key, IP, or permissions for action.)")
    assert not (tmp_path / "mine").exists()  # nothing is written unless all five arrive


def test_wrong_secret_is_a_bad_signature(tmp_path: Path) -> None:
    with FakeBinance(recorded(), KEY, SECRET) as server:
        result = run_cli("fetch", str(tmp_path), "--base-url", server.url,
                         secret=SECRET + "x")
    assert_one_line_error(result, "GET /fapi/v1/multiAssetsMargin: Binance refused it (HTTP 400, "
                          "code -1022: Signature for this request is not valid.)")
    assert (SECRET + "x") not in result.stderr


def test_a_message_echoing_the_key_is_scrubbed(tmp_path: Path) -> None:
    with FakeBinance(recorded(), KEY, SECRET, mode="echo-key") as server:
        result = run_cli("fetch", str(tmp_path), "--base-url", server.url)
    assert_one_line_error(result, "GET /fapi/v1/multiAssetsMargin: Binance refused it (HTTP 401, "
                          "code -2015: Invalid API-key ***)")


def test_an_error_body_with_status_200(tmp_path: Path) -> None:
    with FakeBinance(recorded(), KEY, SECRET, mode="error-200") as server:
        result = run_cli("fetch", str(tmp_path), "--base-url", server.url)
    assert_one_line_error(result, "GET /fapi/v1/multiAssetsMargin: the answer cannot be used: "
                          "is an API error body (-1000: An unknown error occured.)")


def test_timeout(tmp_path: Path) -> None:
    with FakeBinance(recorded(), KEY, SECRET, mode="sleep") as server:
        result = run_cli("fetch", str(tmp_path), "--base-url", server.url, "--timeout", "0.5")
        url = server.url
    assert_one_line_error(result, f"GET /fapi/v1/multiAssetsMargin: no answer from {url} within "
                          "0.5 s")
    assert len(server.requests) == 1  # no retries


def test_connection_refused(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_cli("fetch", str(tmp_path), "--base-url", f"http://127.0.0.1:{port}")
    assert_one_line_error(result, f"GET /fapi/v1/multiAssetsMargin: cannot connect to "
                          f"http://127.0.0.1:{port} (connection refused)")


def test_keys_come_from_the_environment_only(tmp_path: Path) -> None:
    for key, secret in ((None, SECRET), (KEY, None), ("", "")):
        result = run_cli("fetch", str(tmp_path), key=key, secret=secret)
        assert_one_line_error(result, "BINANCE_API_KEY / BINANCE_API_SECRET: both must be set "
                              "in the environment")
    assert run_cli("fetch", str(tmp_path), "--key", KEY).returncode == 2  # no such option


def test_plain_http_only_to_this_machine(tmp_path: Path) -> None:
    result = run_cli("fetch", str(tmp_path), "--base-url", "http://example.com")
    assert_one_line_error(result, "base URL: must be https (plain http only to 127.0.0.1 or "
                          "localhost)")
    assert fetch.check_base_url("https://fapi.binance.com/") == "https://fapi.binance.com"
    with pytest.raises(fetch.FetchError, match="scheme://host"):
        fetch.check_base_url("https://fapi.binance.com/?x=1")


def test_testnet_and_production_urls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The General Info page (2026-05-28): production fapi.binance.com, testnet demo-fapi.
    seen: list[str] = []

    def fake(key: str, secret: str, url: str, timeout: float) -> dict[str, bytes]:
        seen.append(url)
        return recorded()
    monkeypatch.setattr(fetch, "fetch_bodies", fake)
    environ = {"BINANCE_API_KEY": KEY, "BINANCE_API_SECRET": SECRET}
    fetch.fetch(tmp_path / "a", environ=environ)
    fetch.fetch(tmp_path / "b", testnet=True, environ=environ)
    assert seen == ["https://fapi.binance.com", "https://demo-fapi.binance.com"]


def test_without_the_live_extra(tmp_path: Path) -> None:
    # requests made unimportable: one line saying which extra to install.
    hide = ("import sys; sys.modules['requests'] = None; from marginlib.__main__ import main; "
            "sys.argv[0] = 'marginlib'; raise SystemExit(main(sys.argv[1:]))")
    result = run_cli("fetch", str(tmp_path), extra=hide)
    assert_one_line_error(result, "fetch: needs the live extra: pip install 'marginlib[live]'")


def test_marginlib_never_imports_the_client() -> None:
    code = "import sys, marginlib, marginlib.fetch, marginlib.reconcile; print('requests' in " \
        "sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
