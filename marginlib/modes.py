"""The same balances and positions in single-asset and in multi-assets mode, side by side.

Single-asset mode (Binance's default; the guide's "single-currency margin mode") keeps every
margin asset apart. Each asset's contracts are margined by that asset alone, in its own units:

    margin ratio of asset a = maintenance margin_a / equity_a        (no rates, no offset)

and the asset's positions are liquidated when *its* ratio reaches 100%, whatever the others hold.

Multi-assets mode (the guide's "cross-margin mode") pools the assets in USD:

    margin ratio = sum(MM_a x sell rate_a) / sum(value(equity_a))    (one ratio for all)

so a gain in one asset offsets a loss in another. The pool is not free: a positive equity counts
at the buy rate and the maintenance margin at the sell rate, so an account holding a single
asset can be liquidated in multi-assets mode a little *before* single-asset mode would.

:func:`in_mode` is a what-if (the switch rules of :mod:`marginlib.switching` do not apply: a
real switch with open positions is refused); :func:`compare_modes` evaluates both modes at once;
:func:`switch_report` tries a real switch and says what happened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from .account import MULTI_ASSETS, SINGLE_ASSET, Account, liquidating
from .errors import SwitchRefused
from .numeric import percent, usd
from .summary import AccountSummary, summarize
from .switching import switch_mode


def in_mode(account: Account, mode: str) -> Account:
    """The same balances, orders and positions evaluated in ``mode`` (a what-if, not a switch).

    No switch rule is checked: this answers "what would these positions look like had the account
    been in the other mode". Multi-assets mode still refuses isolated positions.
    """
    return account if account.mode == mode else replace(account, mode=mode)


def ratio_text(ratio: Decimal) -> str:
    """A margin ratio as ``62.09%``, or ``inf``, with `` (liquidation)`` appended from 100% up:
    the one text form of a ratio (the widgets' "Margin ratio: ..." labels use it too)."""
    return percent(ratio) + (" (liquidation)" if liquidating(ratio) else "")


@dataclass(frozen=True)
class ModeComparison:
    """One account's figures in both modes (exact summaries of :func:`marginlib.summarize`)."""

    single: AccountSummary
    multi: AccountSummary

    @property
    def assets(self) -> tuple[str, ...]:
        """The margin assets, in the account's order."""
        return tuple(row.asset for row in self.single.assets)

    def single_ratio(self, asset: str) -> Decimal:
        """Single-asset mode: MM_a / equity_a in the asset's own units (inf if equity <= 0)."""
        return self.single.asset(asset).margin_ratio

    @property
    def worst_single_ratio(self) -> Decimal:
        """Single-asset mode: the highest of the assets' own ratios."""
        return self.single.margin_ratio

    @property
    def pooled_ratio(self) -> Decimal:
        """Multi-assets mode: total MM (sell rates) / total equity (buy or sell rates)."""
        return self.multi.margin_ratio

    @property
    def single_liquidating(self) -> tuple[str, ...]:
        """Assets whose positions single-asset mode liquidates (own ratio >= 100%)."""
        return tuple(a for a in self.assets if liquidating(self.single_ratio(a)))

    @property
    def multi_liquidating(self) -> bool:
        """True when multi-assets mode liquidates (pooled ratio >= 100%): every position goes."""
        return liquidating(self.pooled_ratio)

    @property
    def liquidating_modes(self) -> tuple[str, ...]:
        """The modes that liquidate: (), (single-asset,), (multi-assets,) or both."""
        modes = []
        if self.single_liquidating:
            modes.append(SINGLE_ASSET)
        if self.multi_liquidating:
            modes.append(MULTI_ASSETS)
        return tuple(modes)

    def verdict(self) -> str:
        """One sentence: which mode liquidates, and which does not."""
        assets = ", ".join(self.single_liquidating)
        if self.single_liquidating and self.multi_liquidating:
            return f"Both modes liquidate: single-asset ({assets}) and multi-assets (everything)."
        if self.single_liquidating:
            return f"Single-asset mode liquidates ({assets}); multi-assets mode does not."
        if self.multi_liquidating:
            return "Multi-assets mode liquidates (everything); single-asset mode does not."
        return "Neither mode liquidates."

    def table(self) -> str:
        """A plain table: each asset's equity, maintenance margin and ratio in single-asset mode
        (asset units), then the pooled USD figures of multi-assets mode."""
        head = f"{'':<22}{'Equity':>12}{'Maint. margin':>15}{'Margin ratio':>24}"
        lines = [head]
        for a in self.assets:
            row = self.single.asset(a)
            lines.append(f"{'Single-asset, ' + a:<22}{usd(row.margin_balance):>12}"
                         f"{usd(row.maintenance_margin):>15}{ratio_text(row.margin_ratio):>24}")
        lines.append(f"{'Multi-assets, pooled':<22}{usd(self.multi.equity):>12}"
                     f"{usd(self.multi.maintenance_margin):>15}"
                     f"{ratio_text(self.multi.margin_ratio):>24}")
        lines.append("(single-asset rows in each asset's own units; the pooled row in USD)")
        return "\n".join(lines)


def compare_modes(account: Account) -> ModeComparison:
    """The account's exact figures in single-asset and in multi-assets mode."""
    return ModeComparison(
        single=summarize(in_mode(account, SINGLE_ASSET)),
        multi=summarize(in_mode(account, MULTI_ASSETS)),
    )


def switch_report(account: Account, target: str) -> str:
    """Try :func:`marginlib.switch_mode` and say what happened: every reason, or the new mode."""
    try:
        switched = switch_mode(account, target)
    except SwitchRefused as refusal:
        reasons = "\n".join(f"  - {reason}" for reason in refusal.reasons)
        return f"{account.mode} -> {target}: refused ({len(refusal.reasons)} reason(s))\n{reasons}"
    return f"{account.mode} -> {target}: allowed; the new account is in {switched.mode} mode"


__all__ = [
    "ModeComparison", "compare_modes", "in_mode", "liquidating", "ratio_text", "switch_report",
]
