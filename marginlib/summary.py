"""The exact summary of an account: the guide's "Assets" view and the USD totals.

:func:`summarize` evaluates an account once (:func:`marginlib.account.evaluate`, exact decimals)
and adds the maximum withdrawable amounts (:mod:`marginlib.withdraw`); the result,
:class:`AccountSummary`, carries its own text forms (:meth:`AccountSummary.totals_table`,
:meth:`AccountSummary.assets_table`, ``str()``).

This module sits above :mod:`marginlib.account` and :mod:`marginlib.withdraw` and imports both,
so that neither needs the other's caller: the imports run one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .account import (
    MULTI_ASSETS,
    SINGLE_ASSET,
    Account,
    available_for_orders,
    evaluate,
    margin_ratio,
    margin_utilisation,
    usable_amount,
)
from .errors import InvalidInput
from .numeric import ZERO, floor_to, percent, usd
from .withdraw import max_withdraw_of, max_withdraw_usd


@dataclass(frozen=True)
class AssetView:
    """One row of the guide's "Assets" tab, in the asset's own units (ratios as fractions).

    ``available`` is what the asset can still fund in new orders (multi-assets mode: the
    account's USD available / the asset's sell rate); ``utilisation`` the share of equity its
    contracts' initial margin uses (multi-assets: of the pooled USD equity).
    """

    asset: str
    wallet_balance: Decimal
    unrealized_pnl: Decimal
    margin_balance: Decimal
    maintenance_margin: Decimal
    initial_margin: Decimal
    available: Decimal
    max_withdraw: Decimal
    utilisation: Decimal
    margin_ratio: Decimal


@dataclass(frozen=True)
class AccountSummary:
    """Totals in USD (full precision) and the Assets view. ``str()`` prints a readable table."""

    mode: str
    total_wallet_balance: Decimal
    total_unrealized_profit: Decimal
    equity: Decimal
    maintenance_margin: Decimal
    initial_margin: Decimal
    margin_ratio: Decimal
    available: Decimal
    utilisation: Decimal
    max_withdraw: Decimal
    assets: tuple[AssetView, ...]

    @property
    def liquidating(self) -> bool:
        """True when the margin ratio has reached 100%."""
        return self.margin_ratio >= 1

    def asset(self, name: str) -> AssetView:
        """The Assets-view row of one asset."""
        for row in self.assets:
            if row.asset == name:
                return row
        raise InvalidInput("asset", f"{name} is not in this account")

    def totals_table(self) -> str:
        """The USD totals, rounded half-up for display."""
        rows = [
            ("Mode", self.mode),
            ("Wallet balance (USD)", usd(self.total_wallet_balance)),
            ("Unrealized PnL (USD)", usd(self.total_unrealized_profit)),
            ("Account equity (USD)", usd(self.equity)),
            ("Maintenance margin (USD)", usd(self.maintenance_margin)),
            ("Initial margin (USD)", usd(self.initial_margin)),
            ("Margin ratio", percent(self.margin_ratio)),
            ("Available for orders (USD)", usd(self.available)),
            ("Margin utilisation", percent(self.utilisation)),
            ("Max withdrawable (USD)", usd(self.max_withdraw)),
        ]
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{width}}  {v:>12}" for k, v in rows)

    def assets_table(self) -> str:
        """The guide's Assets view, one row per margin asset."""
        head = ("Asset", "Wallet", "Equity", "Available", "Max withdraw", "Utilisation")
        lines = [f"{head[0]:<6}" + "".join(f"{h:>14}" for h in head[1:])]
        for row in self.assets:
            cells = (usd(row.wallet_balance), usd(row.margin_balance), usd(row.available),
                     usd(row.max_withdraw), percent(row.utilisation))
            lines.append(f"{row.asset:<6}" + "".join(f"{c:>14}" for c in cells))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.totals_table() + "\n\n" + self.assets_table()


def summarize(account: Account) -> AccountSummary:
    """Every figure of the guide for ``account``, exact (see :func:`evaluate`)."""
    fig = evaluate(account)
    max_usd = max_withdraw_usd(account, fig)
    rows = []
    for a in account.assets:
        if account.mode == MULTI_ASSETS:
            available = usable_amount(fig.available, fig.sell[a])
            utilisation = margin_utilisation(fig.initial[a] * fig.sell[a], fig.total_equity)
            ratio = fig.ratio
        else:
            available = available_for_orders(fig.equity[a], fig.initial[a])
            utilisation = margin_utilisation(fig.initial[a], fig.equity[a])
            ratio = margin_ratio(fig.maintenance[a], fig.equity[a])
        rows.append(
            AssetView(
                asset=a, wallet_balance=fig.wallet[a], unrealized_pnl=fig.unrealized[a],
                margin_balance=fig.equity[a], maintenance_margin=fig.maintenance[a],
                initial_margin=fig.initial[a], available=available,
                max_withdraw=max_withdraw_of(account, a, fig, max_usd),
                utilisation=utilisation, margin_ratio=ratio,
            )
        )
    if account.mode == SINGLE_ASSET:
        max_usd = sum(
            (account.rates[r.asset].value(r.max_withdraw) for r in rows), start=ZERO
        )
    return AccountSummary(
        mode=account.mode,
        total_wallet_balance=fig.total_wallet,
        total_unrealized_profit=fig.total_equity - fig.total_wallet,
        equity=fig.total_equity,
        maintenance_margin=fig.total_maintenance,
        initial_margin=fig.total_initial,
        margin_ratio=fig.ratio,
        available=fig.available,
        utilisation=fig.utilisation,
        max_withdraw=floor_to(max_usd, 8),
        assets=tuple(rows),
    )


__all__ = ["AccountSummary", "AssetView", "summarize"]
