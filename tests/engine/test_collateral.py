"""marginlib.collateral: coin collateral at a haircut, Binance's Auto-Exchange example.

Every expected figure is worked by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml
from marginlib.collateral import (
    auto_exchange_example,
    coin_collateral_account,
    coin_collateral_fall,
    liquidation_price_with_collateral,
    market_value,
    stable_collateral_account,
)
from marginlib.conversion import convert_to_cover, describe_event
from marginlib.registry import AUTO_EXCHANGE_FAQ, TODAY


def test_binance_auto_exchange_example() -> None:
    # BUSD -20,000 (below the -10,000 USD threshold); 2 BTC at 20,000, counted at 95% as
    # margin (19,000 each) and sold at 97.5% by auto-exchange (19,500 each). The debt costs
    # 20,000 USD; 20,000 / 19,500 = 1.0256410256 BTC is sold, worth 1.0256410256 x 20,000 =
    # 20,000 / 0.975 = 20,512.82 at market (Binance: "20,000 / 97.5% = 20,513").
    example = auto_exchange_example()
    (event,) = example.events
    assert (event.trigger, event.from_asset, event.to_asset) == ("threshold", "BTC", "BUSD")
    assert event.bought == 20000 and event.usd == 20000
    assert event.sold == Decimal(20000) / Decimal(19500)
    assert abs(example.market_value_sold - Decimal(20000) / Decimal("0.975")) < Decimal("1E-20")
    assert ml.usd(example.market_value_sold) == "20,512.82"
    assert ml.round_half_up(example.market_value_sold, 0) == 20513
    assert example.auto_exchange_rate == Decimal("0.975") and example.covered == 20000
    assert example.collateral_rate == Decimal("0.95")
    assert example.after.wallet["BUSD"] == 0
    assert example.after.wallet["BTC"] == 2 - Decimal(20000) / Decimal(19500)
    # Margin equity: -20,000 + 2 x 19,000 = 18,000 before; after, 0.97435897... BTC x 19,000 =
    # 18,512.82: the BTC sold counted 1.0256 x 19,000 = 19,487.18 as margin but paid 20,000
    # of debt. The margin rose by 20,000 x (1 - 0.95 / 0.975) = 512.82, while at market the
    # account gave 20,512.82 of BTC for 20,000 of debt.
    assert ml.summarize(example.before).equity == 18000
    after = ml.summarize(example.after).equity
    assert abs(after - (18000 + Decimal(20000) * (1 - Decimal("0.95") / Decimal("0.975")))) < \
        Decimal("1E-20")
    assert ml.usd(after) == "18,512.82"
    assert example.before.registry is AUTO_EXCHANGE_FAQ


def test_auto_exchange_example_other_figures() -> None:
    # A debt of 5,000 is above the 2022 threshold (-10,000 USD) and, with 2 BTC (39,000 USD at
    # the auto-exchange rate), LTV = 5,000 / 39,000 < 1: nothing is exchanged. (Binance's later
    # rules use -5,000 for regular users: 5,000 / 97.5% = 5,128.21, printed there as 5,128.20.)
    assert auto_exchange_example(debt=5000).events == ()
    # With only 0.25 BTC (4,875 USD at 97.5%), LTV = 5,000 / 4,875 >= 1: trigger (c) sells all.
    (event,) = auto_exchange_example(debt=5000, coin_amount=Decimal("0.25")).events
    assert event.trigger == "ltv" and event.sold == Decimal("0.25")
    big = auto_exchange_example(debt=12000, coin_amount=10)
    assert abs(big.market_value_sold - Decimal(12000) / Decimal("0.975")) < Decimal("1E-20")
    assert ml.usd(big.market_value_sold) == "12,307.69"


def test_market_value() -> None:
    assert market_value(Decimal("1.5"), Decimal(20000)) == 30000


def test_proportional_split_with_three_collateral_assets() -> None:
    # Today's registry, USDT and USDC at 1 with no buffer (zero premiums given: a stated
    # simplification for round figures; the registry's default is 0.0001 each way, 99.99%):
    # USDT -20,000; donors at
    # their auto-exchange rates: USDC 10,000 (value 10,000); BTC 0.2 at 60,000 x 97.5% =
    # 58,500 (value 11,700); ETH 4 at 2,500 x 97.5% = 2,437.5 (value 9,750). Pool 31,450.
    # USD from each: 20,000 x 10,000 / 31,450 = 6,359.30; x 11,700 / 31,450 = 7,440.38;
    # x 9,750 / 31,450 = 6,200.32. Coins sold: 7,440.38 / 58,500 = 0.12718601 BTC and
    # 6,200.32 / 2,437.5 = 2.54372019 ETH.
    account = ml.Account(
        {"USDT": ml.AssetRate("USDT", Decimal(1), Decimal(0), Decimal(0)),
         "USDC": ml.AssetRate("USDC", Decimal(1), Decimal(0), Decimal(0)),
         "BTC": TODAY.rate("BTC", Decimal(60000)), "ETH": TODAY.rate("ETH", Decimal(2500))},
        {"USDT": -20000, "USDC": 10000, "BTC": Decimal("0.2"), "ETH": 4},
        registry=TODAY,
    )
    after, events = convert_to_cover(account, "USDT")
    by_donor = {e.from_asset: e for e in events}
    assert set(by_donor) == {"USDC", "BTC", "ETH"}
    pool = Decimal(31450)
    assert by_donor["USDC"].usd == Decimal(20000) * 10000 / pool
    assert by_donor["BTC"].usd == Decimal(20000) * 11700 / pool
    assert by_donor["ETH"].usd == Decimal(20000) * 9750 / pool
    assert by_donor["USDC"].sold == by_donor["USDC"].usd
    assert by_donor["BTC"].sold == by_donor["BTC"].usd / 58500
    assert by_donor["ETH"].sold == by_donor["ETH"].usd / Decimal("2437.5")
    assert [ml.usd(by_donor[a].usd) for a in ("USDC", "BTC", "ETH")] == [
        "6,359.30", "7,440.38", "6,200.32"]
    assert f"{by_donor['BTC'].sold:.8f}" == "0.12718601"
    assert f"{by_donor['ETH'].sold:.8f}" == "2.54372019"
    assert abs(sum(e.usd for e in events) - 20000) < Decimal("1E-20")
    assert after.wallet["USDT"] == 0
    # Each coin donor's share of the pool is the same before and after: USD_i / value_i equal.
    assert by_donor["BTC"].usd / 11700 == by_donor["USDC"].usd / 10000
    # At market, the BTC sold is worth its USD share / 97.5%: 7,440.38 / 0.975 = 7,631.16.
    assert ml.usd(by_donor["BTC"].sold * 60000) == "7,631.16"
    assert describe_event(by_donor["ETH"]).startswith("step 0 (threshold): sold 2.54372019 ETH")


def test_coin_collateral_falls_twice() -> None:
    # 2,000 USDT + 1 BTC at 60,000 (95%: 57,000), long 2 BTCUSDT from 60,000. BTC to 54,000:
    # as position 2 x (54,000 - 60,000) = -12,000; as collateral 1 x 0.95 x (-6,000) = -5,700.
    account = coin_collateral_account()
    assert ml.summarize(account).equity == 59000
    fall = coin_collateral_fall(account, "BTC", "BTCUSDT", 54000)
    assert fall.as_position == -12000
    assert fall.as_collateral == -5700
    assert fall.total == -17700
    assert fall.after.equity == 41300
    # The same margin value in USDT (59,000 USDT) falls once: -12,000.
    stable = stable_collateral_account(account)
    assert stable.wallet == {"USDT": 59000} and ml.summarize(stable).equity == 59000
    moved = ml.summarize(stable.with_marks({"BTCUSDT": 54000}))
    assert moved.equity == 47000


def test_coin_collateral_liquidation_prices() -> None:
    # BTC as collateral: equity 2,000 + 2 (p - 60,000) + 0.95 p = 2.95 p - 118,000; MM
    # (tier 2, notional 2p >= 50,000) 0.01 p - 50 -> p = 117,950 / 2.94 = 40,119.05.
    # USDT as collateral: 59,000 + 2 (p - 60,000) = 0.01 p - 50 -> p = 60,950 / 1.99
    # = 30,628.14.
    account = coin_collateral_account()
    coin = liquidation_price_with_collateral(account, "BTCUSDT", "BTC")
    stable = ml.liquidation_price(stable_collateral_account(account), "BTCUSDT")
    assert coin is not None and stable is not None
    assert abs(coin - Decimal(117950) / Decimal("2.94")) < Decimal("1E-15")
    assert abs(stable - Decimal(60950) / Decimal("1.99")) < Decimal("1E-15")
    assert (ml.usd(coin), ml.usd(stable)) == ("40,119.05", "30,628.14")
    at = ml.summarize(account.with_marks({"BTCUSDT": coin}).with_prices({"BTC": coin}))
    assert ml.percent(at.margin_ratio, 4) == "100.0000%"
    # Moving the mark alone holds the BTC still, as if it were 57,000 USDT: the USDT answer.
    mark_only = ml.liquidation_price(account, "BTCUSDT")
    assert mark_only is not None and abs(mark_only - stable) < Decimal("1E-15")


def test_coin_collateral_short_and_refusals() -> None:
    # A short hedged by the coin: equity 2,000 + 57,000 - 2 (p - 60,000) + 0.95 (p - 60,000)
    # = 59,000 - 1.05 (p - 60,000), liquidated on a rise.
    # MM 0.01 p - 50 -> 59,000 + 63,000 - 1.05 p = 0.01 p - 50 -> p = 122,050 / 1.06.
    short = coin_collateral_account(size=-2)
    price = liquidation_price_with_collateral(short, "BTCUSDT", "BTC")
    assert price is not None and abs(price - Decimal(122050) / Decimal("1.06")) < Decimal("1E-15")
    with pytest.raises(ml.InvalidInput, match="no position in ETHUSDT"):
        coin_collateral_fall(coin_collateral_account(), "BTC", "ETHUSDT", 50000)
    with pytest.raises(ml.InvalidInput, match="price"):
        coin_collateral_fall(coin_collateral_account(), "BTC", "BTCUSDT", 0)
    # A long fully hedged by USDT never reaches 100%: None.
    rich = coin_collateral_account(usdt=10**6)
    assert liquidation_price_with_collateral(rich, "BTCUSDT", "BTC") is None
