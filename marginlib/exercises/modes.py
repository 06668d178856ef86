"""Exercises on switching modes: the same positions' ratios in each mode, and which liquidates."""

from __future__ import annotations

from typing import Any

from ..account import MULTI_ASSETS, SINGLE_ASSET
from ..modes import ModeComparison, compare_modes
from ..numeric import percent, plain, round_half_up
from ..scenarios import guide_account
from . import Verdict, check_number, no_answer, parse_answer, rounds_to

#: What a student may write for each outcome of :func:`check_liquidating_mode`.
OUTCOMES = {
    "single-asset": (SINGLE_ASSET, "single", "single asset", "single-asset mode"),
    "multi-assets": (MULTI_ASSETS, "multi", "multi assets", "multi-asset", "multi-assets mode"),
    "both": ("both",),
    "neither": ("neither", "none"),
}


def check_single_ratio(answer: object, asset: str = "USDT", btc_mark: Any = 19700,
                       eth_mark: Any = 610) -> Verdict:
    """``asset``'s own margin ratio in single-asset mode, in percent (2 decimals)."""
    if (empty := no_answer(answer, "your single-asset ratio")) is not None:
        return empty
    account = guide_account(btc_mark, eth_mark)
    comparison = compare_modes(account)
    row = comparison.single.asset(asset)
    if not row.margin_ratio.is_finite():
        why = (f"{asset} equity = {plain(row.margin_balance)} {asset} <= 0 with "
               f"{plain(row.maintenance_margin)} {asset} of maintenance margin: the ratio is "
               "infinite; answer 'inf'.")
        number = parse_answer(str(answer).replace("∞", "inf"))
        if number is not None and number.is_infinite() and number > 0:
            return Verdict(True, f"{asset}'s own ratio is infinite: right.")
        return Verdict(False, f"{asset}'s own ratio: you gave {answer!r}. {why}")
    why = (f"In single-asset mode {asset} stands alone, in its own units: MM = "
           f"{plain(row.maintenance_margin)} {asset}, equity = wallet + uPnL = "
           f"{plain(row.wallet_balance)} + ({plain(row.unrealized_pnl)}) = "
           f"{plain(row.margin_balance)} {asset}; ratio = "
           f"{round_half_up(row.margin_ratio * 100, 4)}%.")
    rate = account.rates[asset]
    in_usd = row.maintenance_margin * rate.sell_rate / rate.value(row.margin_balance)
    if rounds_to(answer, in_usd * 100, 2) and in_usd != row.margin_ratio:
        why = ("You converted to USD at the buy and sell rates; single-asset mode needs no rates "
               "at all. " + why)
    elif rounds_to(answer, comparison.pooled_ratio * 100, 2):
        why = "That is the pooled (multi-assets) ratio. " + why
    elif rounds_to(answer, row.margin_ratio, 2):
        why = "Give the ratio in percent (x 100). " + why
    return check_number(answer, row.margin_ratio * 100, 2,
                        f"{asset}'s own ratio, single-asset mode (%)", why)


def check_pooled_ratio(answer: object, btc_mark: Any = 19700, eth_mark: Any = 610) -> Verdict:
    """The pooled margin ratio in multi-assets mode, in percent (2 decimals)."""
    if (empty := no_answer(answer, "your pooled ratio")) is not None:
        return empty
    account = guide_account(btc_mark, eth_mark)
    comparison = compare_modes(account)
    multi = comparison.multi
    parts = []
    for row in multi.assets:
        rate = account.rates[row.asset]
        which = rate.rate_name(row.margin_balance)
        parts.append(f"{row.asset} {plain(row.margin_balance)} x {which} rate = "
                     f"{plain(rate.value(row.margin_balance))}")
    why = (f"Equity = {'; '.join(parts)}; total {plain(multi.equity)} USD. MM = Σ MM_a x sell "
           f"rate = {plain(multi.maintenance_margin)} USD. Ratio = "
           f"{round_half_up(multi.margin_ratio * 100, 4)}%.")
    if any(rounds_to(answer, comparison.single_ratio(a) * 100, 2)
           for a in comparison.assets):
        why = "That is one asset's own (single-asset) ratio; pool the assets in USD. " + why
    elif rounds_to(answer, multi.margin_ratio, 2):
        why = "Give the ratio in percent (x 100). " + why
    return check_number(answer, multi.margin_ratio * 100, 2,
                        "Pooled ratio, multi-assets mode (%)", why)


def _outcome(comparison: ModeComparison) -> str:
    modes = comparison.liquidating_modes
    if len(modes) == 2:
        return "both"
    return modes[0] if modes else "neither"


def check_liquidating_mode(answer: object, btc_mark: Any = 19700,
                           eth_mark: Any = 610) -> Verdict:
    """Which mode liquidates: "single-asset", "multi-assets", "both" or "neither"."""
    if (empty := no_answer(answer, "which mode liquidates")) is not None:
        return empty
    comparison = compare_modes(guide_account(btc_mark, eth_mark))
    expected = _outcome(comparison)
    text = str(answer).strip().lower()
    given = next((name for name, words in OUTCOMES.items() if text in words), None)
    ratios = ", ".join(f"{a} alone {percent(comparison.single_ratio(a))}"
                       for a in comparison.assets)
    why = (f"Single-asset mode: {ratios}; multi-assets mode: pooled "
           f"{percent(comparison.pooled_ratio)}. A mode liquidates at 100% or more. "
           f"{comparison.verdict()}")
    if given is None:
        return Verdict(False, f"Answer one of {', '.join(OUTCOMES)}; you gave {answer!r}.")
    if given == expected:
        return Verdict(True, f"{expected}: right. {comparison.verdict()}")
    return Verdict(False, f"You said {given}, expected {expected}. {why}")


__all__ = ["check_liquidating_mode", "check_pooled_ratio", "check_single_ratio"]
