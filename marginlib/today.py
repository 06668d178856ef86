"""The mode today beside the guide's: the same portfolio in both worlds, and tiered margin.

The guide's world (:data:`marginlib.GUIDE`): USDT and BUSD pooled, one flat maintenance rate per
contract (0.8% for BTCUSDT). Today's (:data:`marginlib.TODAY`, October 2024): BUSD retired, USDC
in its place, BTC, ETH and BNB accepted at a haircut, and maintenance margin by notional tier:

    maintenance margin = notional x rate_k - cum_k      for floor_k <= notional < cap_k

(:func:`marginlib.maintenance_margin`, Binance's leverage brackets). The effective rate
MM / notional rises smoothly with the notional, and the tier's maximum leverage falls.

:func:`in_registry` carries an account from one world to the other (BUSD becomes USDC, ETHBUSD
becomes ETHUSDC, flat rates give way to the real brackets); :func:`compare_worlds` sets the two
side by side. Exchange parameters change: every registry and the brackets carry their date and
source, and :data:`marginlib.registry.WHERE_TO_LOOK` names where the current values are.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .account import Account
from .brackets import BracketTable, real_brackets
from .errors import InvalidInput, MarginError
from .numeric import Num, percent, positive, usd
from .positions import Position
from .registry import GUIDE, TODAY, Registry
from .scenarios import scenario
from .summary import AccountSummary, summarize

#: What became of the guide's assets: BUSD was retired (2023-12-15); the course puts USDC in its
#: place (Binance's 2022-07-06 copy of the margin example swaps BUSD for USDC, same numbers).
SUCCESSORS: Mapping[str, str] = MappingProxyType({"BUSD": "USDC"})


def effective_rate(maintenance: Num, notional_value: Num) -> Num:
    """Effective maintenance rate = maintenance margin / notional (0 for a zero notional)."""
    if not isinstance(notional_value, Decimal):
        return maintenance / notional_value
    return maintenance / notional_value if notional_value else Decimal(0)


def brackets_of(symbol: str) -> BracketTable:
    """Binance's brackets for ``symbol``, or :class:`InvalidInput` if none ship with marginlib."""
    table = real_brackets(symbol)
    if table is None:
        raise InvalidInput("symbol", f"no brackets ship for {symbol} (BTCUSDT, ETHUSDT, "
                                     "BTCUSDC, ETHUSDC do)")
    return table


@dataclass(frozen=True)
class TierView:
    """Where a notional sits in a symbol's brackets, and what that tier asks."""

    symbol: str
    notional: Decimal
    tier: int  # 1-based, as Binance numbers its brackets
    floor: Decimal
    cap: Decimal
    rate: Decimal
    cum: Decimal
    max_leverage: int | None
    maintenance_margin: Decimal

    @property
    def effective_rate(self) -> Decimal:
        """Maintenance margin / notional."""
        result: Decimal = effective_rate(self.maintenance_margin, self.notional)
        return result

    def line(self) -> str:
        """One line (at most 90 characters, for a printed page): the notional, its tier, rate
        and cum, the maintenance margin (and its effective rate) and the tier's maximum
        leverage, e.g. ``2,000,000.00: tier 3, 0.65% - 950.00 -> MM 12,050.00 (0.603%),
        max 75x``. The tier's bounds are in :func:`brackets_table`."""
        return (f"{usd(self.notional)}: tier {self.tier}, {percent(self.rate)} - "
                f"{usd(self.cum)} -> MM {usd(self.maintenance_margin)} "
                f"({percent(self.effective_rate, 3)}), max {self.max_leverage}x")


def tier_view(symbol: str, notional_value: Any) -> TierView:
    """The tier of ``notional_value`` in ``symbol``'s brackets and its maintenance margin."""
    value = positive(notional_value, "notional")
    table = brackets_of(symbol)
    index = table.index(value)
    tier = table.tiers[index]
    result: Decimal = table.maintenance_margin(value)
    return TierView(symbol, value, index + 1, tier.floor, tier.cap, tier.rate, tier.cum,
                    tier.max_leverage, result)


def brackets_table(symbol: str, tiers: int | None = None) -> str:
    """Binance's brackets of ``symbol`` as a plain table (the first ``tiers`` tiers)."""
    table = brackets_of(symbol)
    lines = [f"{'tier':>4}{'notional floor':>16}{'notional cap':>16}{'rate':>8}"
             f"{'cum':>14}{'max leverage':>14}"]
    for i, t in enumerate(table.tiers[:tiers], start=1):
        lines.append(f"{i:>4}{t.floor:>16,.0f}{t.cap:>16,.0f}{percent(t.rate):>8}"
                     f"{t.cum:>14,.0f}{str(t.max_leverage) + 'x':>14}")
    return "\n".join(lines)


def registry_table(*registries: Registry, width: int = 88) -> str:
    """Each registry's label (scope, date, sources), margin assets with the share of their price
    that counts as margin (and, where it differs, what auto-exchange pays), contracts and
    retired assets; lines wrapped to ``width`` characters."""
    blocks = []
    for r in registries or (GUIDE, TODAY):
        assets = []
        for a, info in r.assets.items():
            text = f"{a} {percent(info.collateral_rate)}"
            if info.auto_exchange_rate != info.collateral_rate:
                text += f" (auto-exchange {percent(info.auto_exchange_rate, 1)})"
            assets.append(text)
        scope = "partial, " if r.partial else ""
        lines = [f"{r.name} ({scope}as of {r.as_of})"]
        for name, value in (("source", r.source), ("margin assets", ", ".join(assets)),
                            ("contracts in", ", ".join(r.contract_assets)),
                            *(("retired", f"{a}: {why}") for a, why in r.retired.items())):
            lines += textwrap.wrap(value, width, initial_indent=f"  {name + ':':<15} ",
                                   subsequent_indent=" " * 18)
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def _renamed(name: str, renames: Mapping[str, str]) -> str:
    for old, new in renames.items():
        if name == old:
            return new
        if name.endswith(old):
            return name[: -len(old)] + new
    return name


def in_registry(account: Account, registry: Registry = TODAY,
                renames: Mapping[str, str] = SUCCESSORS) -> Account:
    """The same portfolio carried into ``registry``'s world (today's by default): assets and
    contract symbols renamed (BUSD -> USDC, ETHBUSD -> ETHUSDC), rates, balances, sizes, prices
    and leverage kept, and each position's maintenance margin taken from Binance's brackets when
    its symbol has them (the guide's flat rate otherwise). Raises if the portfolio is not allowed
    there (e.g. leverage above a bracket's maximum: :class:`marginlib.LeverageTooHigh`).
    """
    rates = {_renamed(a, renames): replace(r, asset=_renamed(a, renames))
             for a, r in account.rates.items()}
    wallet = {_renamed(a, renames): w for a, w in account.wallet.items()}
    positions = []
    for p in account.positions:
        symbol = _renamed(p.symbol, renames)
        if real_brackets(symbol) is not None:
            positions.append(Position(symbol, p.size, p.entry_price, p.mark_price, p.leverage,
                                      isolated=p.isolated))
        else:
            positions.append(Position(symbol, p.size, p.entry_price, p.mark_price, p.leverage,
                                      p.maint_margin_rate, p.maint_amount, p.isolated))
    return Account(rates, wallet, tuple(positions), account.mode, registry=registry)


@dataclass(frozen=True)
class WorldComparison:
    """One portfolio in the guide's world and in today's (exact summaries)."""

    guide_account: Account
    today_account: Account

    @property
    def guide(self) -> AccountSummary:
        """The guide's world: flat maintenance rates, USDT and BUSD."""
        return summarize(self.guide_account)

    @property
    def today(self) -> AccountSummary:
        """Today's world: brackets, USDT and USDC."""
        return summarize(self.today_account)

    def rows(self) -> tuple[tuple[str, str, str], ...]:
        """(figure, guide's world, today's world) for the table and the picture."""
        g, t = self.guide, self.today
        ga, ta = self.guide_account, self.today_account
        rows: list[tuple[str, str, str]] = [
            ("Registry", f"{ga.registry.name} ({ga.registry.as_of})",
             f"{ta.registry.name} ({ta.registry.as_of})"),
            ("Margin assets allowed", ", ".join(ga.registry.assets),
             ", ".join(ta.registry.assets)),
            ("Assets held", ", ".join(ga.assets), ", ".join(ta.assets)),
        ]
        for p, q in zip(ga.positions, ta.positions, strict=True):
            rows.append((f"{p.symbol} / {q.symbol} maint. rate",
                         percent(p.brackets.tier(p.notional).rate),
                         percent(q.brackets.tier(q.notional).rate)))
        rows += [
            ("Account equity (USD)", usd(g.equity), usd(t.equity)),
            ("Maintenance margin (USD)", usd(g.maintenance_margin), usd(t.maintenance_margin)),
            ("Initial margin (USD)", usd(g.initial_margin), usd(t.initial_margin)),
            ("Margin ratio", percent(g.margin_ratio), percent(t.margin_ratio)),
            ("Available for new orders (USD)", usd(g.available), usd(t.available)),
        ]
        return tuple(rows)

    def table(self) -> str:
        """The two worlds side by side, rounded half-up for display."""
        rows = self.rows()
        first = max(len(r[0]) for r in rows)
        then = max(len(r[1]) for r in rows) + 2
        now = max(len(r[2]) for r in rows) + 2
        head = f"{'':<{first}}{'the guide':>{then}}{'today':>{now}}"
        return "\n".join([head, *(f"{a:<{first}}{b:>{then}}{c:>{now}}" for a, b, c in rows)])


def compare_worlds(account: Account | None = None) -> WorldComparison:
    """The guide's Scenario 3 (unless ``account``) in the guide's world and in today's."""
    base = scenario(3) if account is None else account
    return WorldComparison(base, in_registry(base))


def refusal(build: Any) -> str:
    """Run ``build()`` and say what marginlib refuses, or that it is allowed (for the course)."""
    try:
        build()
    except MarginError as error:
        return f"refused: {error}"
    return "allowed"


__all__ = [
    "SUCCESSORS", "TierView", "WorldComparison", "brackets_of", "brackets_table",
    "compare_worlds", "effective_rate", "in_registry", "refusal", "registry_table", "tier_view",
]
