"""Switching between single-asset and multi-assets mode: a two-state machine with guards.

The guide's rules (and Binance's API error codes for them):

- no open positions (the guide; the UI refuses) and no open orders (-4170);
- to enter multi-assets mode, no contract may be set to isolated margin (-4167);
- active grid-trading bots block the switch;
- switching to the mode already in force is refused (-4171);
- leaving multi-assets mode with a negative asset balance is refused (-4172).

Binance's API has one more code for a mode switch, -4169 ("insufficient margin balance"), and
does not say when it applies; marginlib does not model it (no guard is invented for it).

A refusal names every reason at once and changes nothing (the account is frozen). The reasons
are marginlib's: each cites the exchange's error code where there is one.
"""

from __future__ import annotations

from dataclasses import replace

from .account import MODES, MULTI_ASSETS, Account
from .errors import InvalidInput, SwitchRefused


def switch_refusals(account: Account, target: str) -> tuple[str, ...]:
    """Every reason the switch to ``target`` is refused (empty: it is allowed)."""
    if target not in MODES:
        raise InvalidInput("target", f"must be one of {', '.join(MODES)}, got {target!r}")
    reasons = []
    if account.mode == target:
        reasons.append(f"already in {target} mode (-4171)")
    if account.positions:
        symbols = ", ".join(p.symbol for p in account.positions)
        reasons.append(f"open positions must be closed first: {symbols}")
    if account.open_orders:
        reasons.append(f"{len(account.open_orders)} open order(s) must be cancelled first (-4170)")
    if target == MULTI_ASSETS:
        isolated = sorted(
            {p.symbol for p in account.positions if p.isolated} | set(account.isolated_symbols)
        )
        if isolated:
            reasons.append(
                "multi-assets mode needs cross margin; isolated: " + ", ".join(isolated)
                + " (-4167)"
            )
    if account.grid_bots:
        reasons.append(f"{account.grid_bots} active grid bot(s) must be stopped first")
    if account.mode == MULTI_ASSETS and target != MULTI_ASSETS:
        negative = [a for a, w in account.wallet.items() if w < 0]
        if negative:
            reasons.append("negative balance in " + ", ".join(negative) + " (-4172)")
    return tuple(reasons)


def switch_mode(account: Account, target: str) -> Account:
    """The account in ``target`` mode, or :class:`SwitchRefused` listing every reason."""
    reasons = switch_refusals(account, target)
    if reasons:
        raise SwitchRefused(target, reasons)
    return replace(account, mode=target)
