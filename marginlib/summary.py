"""The exact summary of an account: the guide's "Assets" view and the USD totals.

:func:`summarize` evaluates an account once (:func:`marginlib.account.evaluate`, exact decimals)
and adds the maximum withdrawable amounts (:mod:`marginlib.withdraw`); the result,
:class:`AccountSummary`, carries its own text forms (:meth:`AccountSummary.totals_table`,
:meth:`AccountSummary.assets_table`, ``str()``).

Names, one meaning each:

- ``available`` (USD, :attr:`AccountSummary.available`): available for new orders, equity -
  initial margin (Binance's uniAvailableForOrder); printed "Available for new orders";
- ``available`` of an asset (:attr:`AssetView.available`, Binance's per-asset availableBalance
  / "Available for Order"): the USD available / the asset's sell rate, what the asset could fund
  in new orders; printed "Usable" (the guide's "usable amounts");
- ``max_withdraw``: the maximum withdrawable amount (:mod:`marginlib.withdraw`), USD for the
  account and the exchange's figure in each asset's units;
- ``total_unrealized_profit``: the unrealized P&L summed in USD, each asset's P&L valued like a
  balance (:func:`marginlib.value_in_usd`: a gain at the asset's buy rate, a loss at its sell
  rate; Binance does not say which rate its USD total uses, so this is a modelling choice). It
  is *not* equity - wallet: equity values each asset's wallet + P&L together, so when a loss
  turns an asset's equity negative, its whole equity moves from the buy to the sell rate
  (Scenario 3: wallet 416.02, unrealized -97.475, equity 321.515, not 318.545).

This module sits above :mod:`marginlib.account` and :mod:`marginlib.withdraw` and imports both,
so that neither needs the other's caller: the imports run one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .account import (
    MULTI_ASSETS,
    Account,
    available_for_orders,
    evaluate,
    liquidating,
    margin_ratio,
    margin_utilisation,
    usable_amount,
)
from .errors import InvalidInput
from .numeric import ZERO, percent, usd
from .rates import value_in_usd
from .withdraw import withdraw_limits


@dataclass(frozen=True)
class AssetView:
    """One row of the guide's "Assets" tab, in the asset's own units (ratios as fractions).

    ``available`` is what the asset can still fund in new orders, printed "Usable" (multi-assets
    mode: the account's USD available / the asset's sell rate); ``max_withdraw`` the exchange's
    maximum withdrawable figure; ``utilisation`` the share of equity its contracts' initial
    margin uses (multi-assets: of the pooled USD equity).
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
        return liquidating(self.margin_ratio)

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
            ("Unrealized P&L (USD)", usd(self.total_unrealized_profit)),
            ("Account equity (USD)", usd(self.equity)),
            ("Maintenance margin (USD)", usd(self.maintenance_margin)),
            ("Initial margin (USD)", usd(self.initial_margin)),
            ("Margin ratio", percent(self.margin_ratio)),
            ("Available for new orders (USD)", usd(self.available)),
            ("Margin utilisation", percent(self.utilisation)),
            ("Max withdrawable (USD)", usd(self.max_withdraw)),
        ]
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{width}}  {v:>12}" for k, v in rows)

    def assets_table(self) -> str:
        """The guide's Assets view, one row per margin asset."""
        head = ("Asset", "Wallet", "Equity", "Usable", "Max withdraw", "Utilisation")
        lines = [f"{head[0]:<6}" + "".join(f"{h:>14}" for h in head[1:])]
        for row in self.assets:
            cells = (usd(row.wallet_balance), usd(row.margin_balance), usd(row.available),
                     usd(row.max_withdraw), percent(row.utilisation))
            # " " + 13: the same columns, and cells too wide for them stay apart
            lines.append(f"{row.asset:<6}" + "".join(f" {c:>13}" for c in cells))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.totals_table() + "\n\n" + self.assets_table()


def summarize(account: Account) -> AccountSummary:
    """Every figure of the guide for ``account``, exact (see :func:`evaluate`)."""
    figures = evaluate(account)
    total_max, per_asset = withdraw_limits(account, figures)
    rows = []
    for a in account.assets:
        if account.mode == MULTI_ASSETS:
            available = usable_amount(figures.available, figures.sell[a])
            utilisation = margin_utilisation(figures.initial[a] * figures.sell[a],
                                             figures.total_equity)
            ratio = figures.ratio
        else:
            available = available_for_orders(figures.equity[a], figures.initial[a])
            utilisation = margin_utilisation(figures.initial[a], figures.equity[a])
            ratio = margin_ratio(figures.maintenance[a], figures.equity[a])
        rows.append(
            AssetView(
                asset=a, wallet_balance=figures.wallet[a], unrealized_pnl=figures.unrealized[a],
                margin_balance=figures.equity[a], maintenance_margin=figures.maintenance[a],
                initial_margin=figures.initial[a], available=available,
                max_withdraw=per_asset[a], utilisation=utilisation, margin_ratio=ratio,
            )
        )
    return AccountSummary(
        mode=account.mode,
        total_wallet_balance=figures.total_wallet,
        total_unrealized_profit=sum(
            (value_in_usd(figures.unrealized[a], figures.buy[a], figures.sell[a])
             for a in account.assets), start=ZERO),
        equity=figures.total_equity,
        maintenance_margin=figures.total_maintenance,
        initial_margin=figures.total_initial,
        margin_ratio=figures.ratio,
        available=figures.available,
        utilisation=figures.utilisation,
        max_withdraw=total_max,
        assets=tuple(rows),
    )


__all__ = ["AccountSummary", "AssetView", "summarize"]
