"""Eligibility as data: which assets may be margin, which contracts may be margined.

A :class:`Registry` is a dated snapshot of an exchange's rules. :data:`GUIDE` is the guide's world
(USDT and BUSD only, no haircut); :data:`TODAY` is the product as its later pages describe it;
:data:`AUTO_EXCHANGE_FAQ` is the setup of Binance's Auto-Exchange example (BTC at 97.5%).
Exchange parameters change: every registry says when and where its numbers come from, and
:data:`WHERE_TO_LOOK` names the pages and endpoints that give the current ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from .errors import IneligibleAsset, IneligibleContract, shown, shown_name
from .rates import AssetRate

#: A contract symbol: ASCII capitals and digits, with an optional "_" suffix (BTCUSD_PERP, which
#: is then refused as coin-margined).
_SYMBOL = re.compile(r"[A-Z0-9]+(?:_[A-Z0-9]+)?")


@dataclass(frozen=True)
class AssetInfo:
    """A margin asset's default premiums. ``bid_premium`` is the collateral haircut."""

    asset: str
    bid_premium: Decimal = Decimal(0)
    ask_premium: Decimal = Decimal(0)
    note: str = ""

    @property
    def collateral_rate(self) -> Decimal:
        """Share of market value that counts as margin: 1 - haircut (BTC at 95% -> 0.95)."""
        return 1 - self.bid_premium


@dataclass(frozen=True)
class Registry:
    """Margin assets, the quote assets of eligible U-margined contracts, and retired assets."""

    name: str
    as_of: str
    source: str
    assets: Mapping[str, AssetInfo]
    contract_assets: tuple[str, ...]
    retired: Mapping[str, str] = field(default_factory=dict)

    def check_asset(self, asset: str, field_name: str = "asset") -> AssetInfo:
        """The asset's info, or :class:`IneligibleAsset` naming why it is not a margin asset."""
        if asset in self.assets:
            return self.assets[asset]
        if asset in self.retired:
            raise IneligibleAsset(field_name, f"{asset} is retired ({self.retired[asset]})")
        raise IneligibleAsset(
            field_name,
            f"{shown_name(asset)} is not a margin asset in the {self.name} registry "
            f"(margin assets: {', '.join(self.assets)})",
        )

    def margin_asset_of(self, symbol: str, field_name: str = "symbol") -> str:
        """The margin asset of a U-margined contract: ``BTCUSDT`` -> ``USDT``.

        Coin-margined contracts (``BTCUSD_PERP``, delivery ``BTCUSD_241227``) are refused:
        multi-assets mode pools the margin of U-margined futures only.
        """
        if not isinstance(symbol, str) or not symbol:
            raise IneligibleContract(field_name, "must be a contract symbol such as BTCUSDT")
        if not _SYMBOL.fullmatch(symbol):
            raise IneligibleContract(
                field_name,
                f"{shown(symbol)} is not a contract symbol: ASCII capitals and digits, such as "
                "BTCUSDT or 1000PEPEUSDT",
            )
        name = shown_name(symbol)
        if "_" not in symbol:
            for asset in sorted(self.contract_assets, key=len, reverse=True):
                if symbol.endswith(asset) and len(symbol) > len(asset):
                    if symbol[: -len(asset)] == asset:  # USDTUSDT
                        raise IneligibleContract(
                            field_name, f"{name}: a contract's base asset must differ from its "
                                        f"quote asset {asset}")
                    return asset
            # Before the coin-margined test: ETHBUSD ends in "USD" too, but its asset is retired.
            for asset, why in self.retired.items():
                if symbol.endswith(asset) and len(symbol) > len(asset):
                    raise IneligibleContract(field_name, f"{name}: {asset} is retired ({why})")
        # BTCUSD_PERP, BTCUSD_241227 or a bare BTCUSD: margined in the coin, not in a stablecoin.
        if "_" in symbol or symbol.endswith("USD"):
            raise IneligibleContract(
                field_name,
                f"{name} is coin-margined; multi-assets mode covers U-margined contracts only",
            )
        raise IneligibleContract(
            field_name,
            f"{name} is not a contract margined in {', '.join(self.contract_assets)}",
        )

    def rate(self, asset: str, price: Decimal) -> AssetRate:
        """An :class:`AssetRate` at ``price`` with this registry's default premiums."""
        info = self.check_asset(asset)
        return AssetRate(asset, price, info.bid_premium, info.ask_premium)


def _assets(*infos: AssetInfo) -> Mapping[str, AssetInfo]:
    return MappingProxyType({info.asset: info for info in infos})


#: The guide's world: USDT and BUSD pooled, valued at their index with bid/ask premiums.
GUIDE = Registry(
    name="guide",
    as_of="2021-05",
    source="the guide; Binance FAQ 'What Is Multi-Assets Mode' (2021-05-28)",
    assets=_assets(AssetInfo("USDT"), AssetInfo("BUSD")),
    contract_assets=("USDT", "BUSD"),
)

#: Multi-assets mode as Binance's later pages describe it: BUSD retired, USDC added, coins
#: accepted as collateral at a 5% haircut (valued at 95% of market value).
TODAY = Registry(
    name="today",
    as_of="2024-10",
    source=(
        "Binance FAQ 'What Is Multi-Assets Mode' collateral table (95% for BTC, ETH, BNB); "
        "BUSD products ended 2023-12-15"
    ),
    assets=_assets(
        AssetInfo("USDT"),
        AssetInfo("USDC"),
        AssetInfo("BTC", Decimal("0.05"), note="valued at 95% of market value"),
        AssetInfo("ETH", Decimal("0.05"), note="valued at 95% of market value"),
        AssetInfo("BNB", Decimal("0.05"), note="valued at 95% of market value"),
    ),
    contract_assets=("USDT", "USDC"),
    retired=MappingProxyType(
        {"BUSD": "Binance ended BUSD products on 2023-12-15; balances became FDUSD"}
    ),
)

#: The setup of Binance's Auto-Exchange example ("FAQ on Multi-Assets Mode", 2022-07-06): BUSD
#: still margins contracts, and BTC counts at a 97.5% collateral rate (a 2.5% haircut), so a
#: BUSD debt of 20,000 takes 20,000 / 97.5% = 20,512.82 BUSD worth of BTC to cover.
AUTO_EXCHANGE_FAQ = Registry(
    name="faq-2022",
    as_of="2022-07-06",
    source=(
        "Binance 'FAQ on Multi-Assets Mode' (2022-07-06), Auto-Exchange example: a BUSD balance "
        "of -20,000 covered from BTC at a 97.5% collateral rate"
    ),
    assets=_assets(
        AssetInfo("USDT"),
        AssetInfo("BUSD"),
        AssetInfo("BTC", Decimal("0.025"), note="valued at 97.5% of market value"),
    ),
    contract_assets=("USDT", "BUSD"),
)

#: Every registry of the course, by name (the guide's, the FAQ example's, today's).
REGISTRIES: Mapping[str, Registry] = MappingProxyType(
    {r.name: r for r in (GUIDE, AUTO_EXCHANGE_FAQ, TODAY)}
)

#: Exchange parameters change; these are the places that give the current ones.
WHERE_TO_LOOK = (
    "Binance's 'Multi-Assets Mode' FAQ (margin assets, collateral rates, auto-exchange rules)",
    "GET /fapi/v1/assetIndex (index price, bid/ask buffers and rates, auto-exchange rates)",
    "GET /fapi/v1/leverageBracket (notional tiers: maintenance rate, cum, maximum leverage)",
)
