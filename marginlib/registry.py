"""Eligibility as data: which assets may be margin, which contracts may be margined.

A :class:`Registry` is a dated snapshot of an exchange's rules. :data:`GUIDE` is the guide's world
(USDT and BUSD only, no haircut); :data:`AUTO_EXCHANGE_FAQ` is the setup of Binance's
Auto-Exchange example (BTC counted at 95% as margin, sold at 97.5% by auto-exchange);
:data:`TODAY` is the product as Binance's later pages describe it, **partial** (the assets those
pages name, not the live list) and dated. Exchange parameters change: every registry says when and
where its numbers come from (:attr:`Registry.label`), and :data:`WHERE_TO_LOOK` names the pages and
endpoints that give the current ones.

Each asset carries two haircuts, because Binance's asset index publishes two sets of buffers in
force together (``GET /fapi/v1/assetIndex``: ``bidBuffer``/``askBuffer`` for the margin valuation,
``autoExchangeBidBuffer``/``autoExchangeAskBuffer`` for the conversion): BTC counts at 95% as
margin ("Assets like BTC, ETH, and BNB used as collateral in the Multi-Assets Mode will receive
a 5% value haircut", FAQ "What Is Multi-Assets Mode and Which Assets Are Supported?") and is sold
at 97.5% when auto-exchange covers a debt ("5,000 USDC / 97.5% = 5,128.20 USDC of the BTC ...
after taking into consideration the 2.5% haircut for BTC", "Frequently Asked Questions on the
Multi-Assets Mode"). No Binance sentence puts the two side by side; that they apply together is
our reading of those pages and of the asset index, which returns both for the same asset.

What the sources say of two stablecoins that :data:`TODAY` leaves out:

- FDUSD: Binance made it a margin asset of Multi-Assets mode on 2024-03-08 (reported by a news
  site, 2024-03-04, quoting Binance's announcement; "haircut rates for FDUSD in an Auto-Exchange
  at 1%"); an undated copy of the multi-asset-info page values "FDUSD with a market value of
  $1,000 ... at $989" as margin. Whether it is still a margin asset today, no source says.
- BFUSD: "BFUSD can also be used as Margin in multi-asset mode Futures Accounts" (Binance FAQ
  "What is BFUSD and How to Use it as Margin in Futures Trading?", 2024-11-22, after this
  registry's date); no source gives its collateral rate.
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
    """A margin asset's default premiums, in the guide's signs: the margin ones (``bid_premium``
    is the collateral haircut) and the auto-exchange ones (None: the same as the margin ones)."""

    asset: str
    bid_premium: Decimal = Decimal(0)
    ask_premium: Decimal = Decimal(0)
    note: str = ""
    auto_bid_premium: Decimal | None = None
    auto_ask_premium: Decimal | None = None

    @property
    def collateral_rate(self) -> Decimal:
        """Share of market value that counts as margin: 1 - haircut (BTC at 95% -> 0.95)."""
        return 1 - self.bid_premium

    @property
    def auto_exchange_rate(self) -> Decimal:
        """Share of market value auto-exchange pays for the asset it sells: 1 - its haircut
        (BTC at 97.5% -> 0.975); the collateral rate when no separate haircut is given."""
        haircut = self.bid_premium if self.auto_bid_premium is None else self.auto_bid_premium
        return 1 - haircut


@dataclass(frozen=True)
class Registry:
    """Margin assets, the quote assets of eligible U-margined contracts, and retired assets.

    ``partial`` says that the assets are those the sources name, not the exchange's full list.
    """

    name: str
    as_of: str
    source: str
    assets: Mapping[str, AssetInfo]
    contract_assets: tuple[str, ...]
    retired: Mapping[str, str] = field(default_factory=dict)
    partial: bool = False

    @property
    def label(self) -> str:
        """``today: partial, as of 2024-10, from <sources>``: what the registry is, in one line."""
        scope = "partial, " if self.partial else ""
        return f"{self.name}: {scope}as of {self.as_of}, from {self.source}"

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
        return AssetRate(asset, price, info.bid_premium, info.ask_premium,
                         info.auto_bid_premium, info.auto_ask_premium)


def _assets(*infos: AssetInfo) -> Mapping[str, AssetInfo]:
    return MappingProxyType({info.asset: info for info in infos})


#: The guide's world: USDT and BUSD pooled, valued at their index with bid/ask premiums.
GUIDE = Registry(
    name="guide",
    as_of="2021-05",
    source="the guide; Binance FAQ 'What Is Multi-Assets Mode' (2021-05-28)",
    # No default premium: the guide's USDT premiums (+0.01 / -0.005, Binance's illustrative
    # margin example) belong to its example's moment (``guide_rates()``), not to USDT; a
    # premium left out of a guide-world rate is 0.
    assets=_assets(AssetInfo("USDT"), AssetInfo("BUSD")),
    contract_assets=("USDT", "BUSD"),
)

#: Multi-assets mode as Binance's later pages describe it, partial and dated: BUSD retired, USDC
#: added, USDT and USDC at 99.99% (Binance's 2021 collateral table; the asset index's 2023 example
#: gives USDTUSD buffers of 0.0001), BTC, ETH and BNB at 95% as margin. Auto-exchange sells BTC at
#: 97.5% (the FAQ's example); no source gives ETH's or BNB's auto-exchange haircut, so they are
#: given BTC's (a modelling choice: the three share the 5% margin haircut).
TODAY = Registry(
    name="today",
    as_of="2024-10",
    source=(
        "Binance FAQ 'What Is Multi-Assets Mode and Which Assets Are Supported?' (5% haircut on "
        "BTC, ETH, BNB), its 2021 collateral table (USDT, USDC 99.99%), 'Frequently Asked "
        "Questions on the Multi-Assets Mode' (BTC sold at 97.5%); BUSD products ended 2023-12-15"
    ),
    assets=_assets(
        AssetInfo("USDT", Decimal("0.0001"), Decimal("-0.0001"),
                  note="valued at 99.99% (2021 table; asset index example 2023-06-14)"),
        AssetInfo("USDC", Decimal("0.0001"), Decimal("-0.0001"),
                  note="valued at 99.99% (2021 table)"),
        AssetInfo("BTC", Decimal("0.05"), note="95% as margin, 97.5% in auto-exchange",
                  auto_bid_premium=Decimal("0.025")),
        AssetInfo("ETH", Decimal("0.05"),
                  note="95% as margin; 97.5% in auto-exchange assumed like BTC (no source)",
                  auto_bid_premium=Decimal("0.025")),
        AssetInfo("BNB", Decimal("0.05"),
                  note="95% as margin; 97.5% in auto-exchange assumed like BTC (no source)",
                  auto_bid_premium=Decimal("0.025")),
    ),
    contract_assets=("USDT", "USDC"),
    retired=MappingProxyType(
        {"BUSD": "Binance ended BUSD products on 2023-12-15; balances became FDUSD"}
    ),
    partial=True,
)

#: The setup of Binance's Auto-Exchange example ("FAQ on Multi-Assets Mode", 2022-07-06): BUSD
#: still margins contracts; BTC counts at 95% as margin (the FAQ's collateral table) and
#: auto-exchange sells it at 97.5% (a 2.5% haircut), so a BUSD debt of 20,000 takes
#: 20,000 / 97.5% = 20,512.82 BUSD worth of BTC to cover.
AUTO_EXCHANGE_FAQ = Registry(
    name="faq-2022",
    as_of="2022-07-06",
    source=(
        "Binance 'FAQ on Multi-Assets Mode' (2022-07-06), Auto-Exchange example: a BUSD balance "
        "of -20,000 covered from BTC sold at 97.5%; BTC at 95% as margin (2021 collateral table)"
    ),
    assets=_assets(
        AssetInfo("USDT"),
        AssetInfo("BUSD"),
        AssetInfo("BTC", Decimal("0.05"), note="95% as margin, 97.5% in auto-exchange",
                  auto_bid_premium=Decimal("0.025")),
    ),
    contract_assets=("USDT", "BUSD"),
    partial=True,
)

#: Every registry of the course, by name (the guide's, the FAQ example's, today's).
REGISTRIES: Mapping[str, Registry] = MappingProxyType(
    {r.name: r for r in (GUIDE, AUTO_EXCHANGE_FAQ, TODAY)}
)

#: Exchange parameters change; these are the places that give the current ones.
WHERE_TO_LOOK = (
    "Binance's 'Multi-Assets Mode' FAQ (margin assets, collateral rates, auto-exchange)",
    "GET /fapi/v1/assetIndex (index price; margin and auto-exchange buffers and rates)",
    "GET /fapi/v1/leverageBracket (notional tiers: maintenance rate, cum, max leverage)",
)
