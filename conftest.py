"""Tests never reach Binance, whatever the shell holds: the API key variables are removed before
any test runs or any notebook kernel starts (notebook 12 fetches an account only when both are
set, and a test run must neither touch the network nor store someone's balances)."""

from __future__ import annotations

import os

for _name in ("BINANCE_API_KEY", "BINANCE_API_SECRET"):
    os.environ.pop(_name, None)
