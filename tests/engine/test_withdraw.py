"""marginlib.withdraw: the maximum withdrawable amount and withdrawals.

Maximum withdrawable amount: the guide's three terms, which one binds, the per-asset cap, and
withdrawals that respect it. Guide rates: USDT buy 0.9801, sell 0.99495; BUSD 1.

Hand work: the guide's Scenario 3 and the shock account in tests/__init__.py."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest

import marginlib as ml
from marginlib.withdraw import (
    TERM_NAMES,
    true_max_withdrawable,
    units_for,
    withdraw_breakdown,
    withdraw_terms,
)

D = Decimal


def test_formula_functions() -> None:
    # terms: (WB - MM - D, available - D, WB - MM - L)
    assert withdraw_terms(D(100), D(20), D(50), D(5), D(30)) == (D(75), D(45), D(50))
    assert ml.max_withdraw(D(100), D(20), D(50), D(5), D(30)) == D(45)
    # never negative
    assert ml.max_withdraw(D(100), D(20), D(-7), D(0), D(0)) == 0
    # float arrays: same formula element-wise
    out = ml.max_withdraw(np.array([100.0, 100.0]), 20.0, np.array([50.0, -7.0]), 0.0, 0.0)
    np.testing.assert_array_equal(out, [50.0, 0.0])


def test_scenario_2_available_binds() -> None:
    b = withdraw_breakdown(ml.scenario(2))
    # WB - MM = 416.02 - 199.596 = 216.424; available 76.525; no loans, no bonus: D = L = 0
    assert b.terms == (D("216.424"), D("76.525"), D("216.424"))
    assert b.binding == (1,) and b.binding_names == ("available - D",)
    assert b.maximum == D("76.525")
    assert b.per_asset["BUSD"] == D("76.525")
    assert b.per_asset["USDT"] == D("76.91341273")  # 76.525 / 0.99495, floored to 8 places
    rows = ml.summarize(ml.scenario(2)).assets
    assert dict(b.per_asset) == {r.asset: r.max_withdraw for r in rows}


def test_loans_and_interest_come_off_every_term() -> None:
    acct = replace(ml.scenario(2), borrowed={"USDT": D(10)}, interest={"USDT": D(1)})
    b = withdraw_breakdown(acct)
    # D = (10 + 1) x 0.99495 = 10.94445: 216.424 - 10.94445 = 205.47955;
    # 76.525 - 10.94445 = 65.58055; L = D -> third = first
    assert b.debt == D("10.94445") and b.locked == D("10.94445")
    assert b.terms == (D("205.47955"), D("65.58055"), D("205.47955"))
    assert b.maximum == D("65.58055")


def test_gift_funds_third_term_binds() -> None:
    acct = replace(ml.scenario(1), bonus={"BUSD": D(300)})
    b = withdraw_breakdown(acct)
    # no positions: WB - MM = available = 416.02; L = 300 -> third 116.02 binds
    assert b.terms == (D("416.02"), D("416.02"), D("116.02"))
    assert b.binding_names == ("WB - MM - L",)
    assert b.maximum == D("116.02")
    # per asset: 116.02 / 0.99495 = 116.608874... USDT (below its 200 wallet); 116.02 BUSD
    assert b.per_asset["USDT"] == D("116.60887481")
    assert b.per_asset["BUSD"] == D("116.02")


def test_realized_pnl_is_in_the_wallet() -> None:
    # Scenario 1 with a 300 BUSD bonus: term 3 = 416.02 - 300 = 116.02 binds. A realized loss
    # of 100 BUSD is booked into the wallet (BUSD 120, WB 316.02) and gives 100 of the bonus
    # back (L = 300 - 100 = 200): term 3 = 316.02 - 200 = 116.02, unchanged; the loss is
    # charged to the bonus. A realized profit of 100: BUSD 320, WB 516.02, L = 300: term 3 =
    # 216.02, up by the profit.
    bonus = replace(ml.scenario(1), bonus={"BUSD": D(300)})
    loss = bonus.with_realized({"BUSD": -100})
    assert loss.wallet["BUSD"] == 120 and loss.realized_pnl == {"BUSD": -100}
    assert withdraw_breakdown(loss).terms == (D("316.02"), D("316.02"), D("116.02"))
    gain = bonus.with_realized({"BUSD": 100})
    assert withdraw_breakdown(gain).terms == (D("516.02"), D("516.02"), D("216.02"))
    with pytest.raises(ml.InvalidInput) as err:
        bonus.with_realized({"USDC": 1})
    assert err.value.field == "realized_pnl"


def test_a_realized_loss_never_allows_more_than_a_profit() -> None:
    # Notebook 6: Scenario 2 with a 200 BUSD bonus. Loss of 30 booked: BUSD 190, WB 386.02,
    # MM 199.596, L = 200 - 30 = 170: term 3 = 386.02 - 199.596 - 170 = 16.424; term 2 =
    # 386.02 - 339.495 = 46.525; term 3 binds: 16.424. Profit of 30: BUSD 250, WB 446.02,
    # L = 200: term 3 = 46.424 (term 2 = 106.525): 46.424.
    base = replace(ml.scenario(2), bonus={"BUSD": D(200)})
    loss = withdraw_breakdown(base.with_realized({"BUSD": -30}))
    profit = withdraw_breakdown(base.with_realized({"BUSD": 30}))
    assert loss.terms == (D("186.424"), D("46.525"), D("16.424")) and loss.maximum == D("16.424")
    assert profit.terms == (D("246.424"), D("106.525"), D("46.424"))
    assert profit.maximum == D("46.424")


def test_a_realized_usdt_loss_is_given_back_at_the_buy_rate() -> None:
    # A 200 USDT bonus and a realized loss of 30 USDT in Scenario 1: USDT 170 x 0.9801 =
    # 166.617, WB 386.617. L = 200 x 0.99495 (the bonus at the ask rate) - 30 x 0.9801 (the
    # loss given back at the rate at which the wallet lost it) = 198.99 - 29.403 = 169.587;
    # term 3 = 386.617 - 169.587 = 217.03, exactly as without the loss (416.02 - 198.99).
    # At the ask rate the loss would have raised it by 30 x (0.99495 - 0.9801) = 0.4455.
    bonus = replace(ml.scenario(1), bonus={"USDT": D(200)})
    assert withdraw_breakdown(bonus).terms[2] == D("217.03")
    after = withdraw_breakdown(bonus.with_realized({"USDT": -30}))
    assert after.locked == D("169.587") and after.terms[2] == D("217.03")


def test_first_term_binds_with_unrealized_profit() -> None:
    # Scenario 2 with ETH at 700: BUSD gains 20 x 100 = 2,000, but unrealized profit is not
    # in the wallet. A realized loss of 10 USDT is: USDT wallet 190, WB = 190 x 0.9801 + 220
    # = 406.219. MM = 79.596 + 20 x 700 x 1% = 219.596; WB - MM = 186.623; equity 186.219 +
    # 2,220 = 2,406.219, IM 99.495 + 280 = 379.495, available 2,026.724. L = -10 x 0.9801 =
    # -9.801 (the loss given back), so term 3 = 186.623 + 9.801 = 196.424 is above term 1,
    # which binds alone.
    acct = ml.scenario(2).with_marks({"ETHBUSD": D(700)}).with_realized({"USDT": -10})
    b = withdraw_breakdown(acct)
    assert b.terms == (D("186.623"), D("2026.724"), D("196.424"))
    assert b.binding_names == ("WB - MM - D",)
    assert b.per_asset["BUSD"] == D("186.623")
    # 186.623 / 0.99495: 0.99495 x 187.57 = 186.6227715, 0.0002285 / 0.99495 = 0.00022966
    # -> 187.57022966, floored (never rounded up) to 8 places
    assert b.per_asset["USDT"] == D("187.57022965")
    # The true maximum: 186.623 / 0.9801 = 190.41 USDT, more than the wallet: all 190 can go.
    assert b.true_per_asset["USDT"] == D(190)


def test_per_asset_cap_is_the_wallet() -> None:
    # Scenario 1: 416.02 USD could buy 418.13 USDT, but the wallet holds 200
    s = ml.summarize(ml.scenario(1))
    assert s.asset("USDT").max_withdraw == D(200)
    assert s.asset("BUSD").max_withdraw == D(220)
    # a negative wallet caps at 0
    neg = ml.Account(ml.guide_rates(), {"USDT": D(-50), "BUSD": D(500)})
    assert ml.summarize(neg).asset("USDT").max_withdraw == 0


def test_single_asset_mode_per_asset_formula() -> None:
    acct = ml.in_mode(ml.scenario(2), ml.SINGLE_ASSET)
    # USDT alone: min(200 - 80, 200 - 100, 120) = 100; BUSD alone: min(100, 220 - 240, 100) -> 0
    assert ml.max_withdrawable(acct, "USDT") == D(100)
    assert ml.max_withdrawable(acct, "BUSD") == 0
    with pytest.raises(ml.InvalidInput) as err:
        withdraw_breakdown(acct)
    assert err.value.field == "mode"


def test_withdraw_the_maximum() -> None:
    acct = ml.scenario(2)
    after = ml.withdraw(acct, "BUSD", D("76.525"))
    assert after.wallet["BUSD"] == D("143.475")
    s = ml.summarize(after)
    # equity 416.02 - 76.525 = 339.495 = initial margin: available exactly 0
    assert s.available == 0
    assert s.margin_ratio == D("199.596") / D("339.495") < 1
    assert acct == ml.scenario(2)  # the original is untouched


def test_withdraw_above_the_maximum_is_refused_and_changes_nothing() -> None:
    acct = ml.scenario(2)
    before = ml.scenario(2)
    for asset, amount in (("BUSD", D("76.535")), ("USDT", D("76.92341273")), ("USDT", D(200))):
        with pytest.raises(ml.WithdrawalRefused) as err:
            ml.withdraw(acct, asset, amount)
        assert err.value.field == "amount" and "exceeds the maximum withdrawable" in err.value.rule
        assert acct == before
    with pytest.raises(ml.WithdrawalRefused):
        ml.withdraw(ml.scenario(3), "BUSD", D("0.01"))  # Scenario 3: nothing can go


def test_withdraw_in_single_asset_mode() -> None:
    acct = ml.in_mode(ml.scenario(2), ml.SINGLE_ASSET)
    after = ml.withdraw(acct, "USDT", D(100))
    assert after.wallet["USDT"] == D(100)
    assert ml.summarize(after).asset("USDT").available == 0
    with pytest.raises(ml.WithdrawalRefused):
        ml.withdraw(acct, "USDT", D("100.01"))


@pytest.mark.parametrize(
    ("asset", "amount", "error", "field"),
    [
        ("USDT", D(0), ml.InvalidInput, "amount"),
        ("USDT", D(-1), ml.InvalidInput, "amount"),
        ("USDT", "NaN", ml.InvalidInput, "amount"),
        ("USDT", "ten", ml.InvalidInput, "amount"),
        ("USDC", D(1), ml.IneligibleAsset, "asset"),
        ("BUSD", D(1), ml.InvalidInput, "asset"),  # a margin asset this account does not hold
    ],
)
def test_withdraw_bad_input(asset: str, amount: object, error: type[ml.MarginError],
                            field: str) -> None:
    acct = ml.Account({"USDT": ml.guide_rates()["USDT"]}, {"USDT": D(100)})
    with pytest.raises(error) as err:
        ml.withdraw(acct, asset, amount)
    assert err.value.field == field
    assert acct == ml.Account({"USDT": ml.guide_rates()["USDT"]}, {"USDT": D(100)})


def test_term_names() -> None:
    assert TERM_NAMES == ("WB - MM - D", "available - D", "WB - MM - L")


def test_per_asset_maximum_never_worth_more_than_the_usd_maximum() -> None:
    # BNB at 600 (today's registry: counted at 570, a debt costs 600), USDT at par with no
    # buffer (premiums given as 0: a stated simplification; the registry's default would be
    # Binance's 0.0001 each way). 2 BNB = 1,140 USD;
    # a USDT loan of 539.9999940000000000000000001 leaves a USD maximum of
    # 1,140 - 539.9999940000000000000000001 = 600.0000059999999999999999999 (28 digits).
    # Its BNB amount is 1.0000000099999999999999999998... BNB: rounded to nearest in the 28th
    # digit that is 1.00000001, whose 8-decimal floor is worth 600.000006 USD, 1e-25 too much.
    # Rounded down it is 1.00000000 BNB.
    rates = {"USDT": ml.AssetRate("USDT", D(1), D(0), D(0)),
             "BNB": ml.TODAY.rate("BNB", D(600))}
    acct = ml.Account(rates, {"USDT": D(0), "BNB": D(2)},
                      borrowed={"USDT": D("539.9999940000000000000000001")}, registry=ml.TODAY)
    b = withdraw_breakdown(acct)
    assert b.maximum == D("600.0000059999999999999999999")
    assert b.per_asset["BNB"] == D(1)
    assert b.per_asset["BNB"] * rates["BNB"].sell_rate <= b.maximum


def test_breakdown_text_is_one_form_for_notebook_widget_and_checker() -> None:
    # Scenario 2: WB 416.02, MM 199.596, available 76.525, D = L = 0 (worked in the module
    # docstring of marginlib.withdraw); USDT 76.525 / 0.99495 floored to 8 places.
    result = withdraw_breakdown(ml.scenario(2))
    assert str(result).splitlines() == [
        "1. WB - MM - D: 416.02 - 199.596 - 0 = 216.424 USD",
        "2. available - D: 76.525 - 0 = 76.525 USD",
        "3. WB - MM - L: 416.02 - 199.596 - 0 = 216.424 USD",
        "Binding: term 2 (available - D)",
        "Max withdrawable: 76.525 USD",
        "Max USDT: 76.91341273 (wallet 200)",
        "Max BUSD: 76.52500000 (wallet 220)",
        "True max USDT: 78.07876747 (buy rate 0.9801)",
        "True max BUSD: 76.52500000 (buy rate 1)",
    ]
    # The same lines to the cent, as the widget shows them.
    assert result.lines(ml.usd)[0] == "1. WB - MM - D: 416.02 - 199.60 - 0.00 = 216.42 USD"
    assert result.asset_line("USDT", ml.usd) == "Max USDT: 76.91341273 (wallet 200.00)"
    # Scenario 3: available = 321.515 - 342.52025 = -21.00525 binds, and it is negative.
    assert withdraw_breakdown(ml.scenario(3)).binding_line() == (
        "Binding: term 2 (available - D), negative: nothing can be withdrawn")


def test_withdraw_terms_and_breakdown() -> None:
    assert withdraw_terms(Decimal(10), Decimal(3), Decimal(5), Decimal(1), Decimal(4)) == (
        Decimal(6), Decimal(4), Decimal(3))
    result = withdraw_breakdown(ml.scenario(2))
    assert result.terms == (Decimal("216.424"), Decimal("76.525"), Decimal("216.424"))
    assert result.binding == (1,) and result.binding_names == ("available - D",)
    assert result.per_asset["USDT"] == Decimal("76.91341273")
    assert result.per_asset["USDT"] == ml.max_withdrawable(ml.scenario(2), "USDT")
    # All terms negative: the maximum is 0, never -0.
    assert str(ml.max_withdraw(Decimal(-5), Decimal(0), Decimal(0), Decimal(0),
                                      Decimal(0))) == "0"
    with pytest.raises(ml.InvalidInput):
        withdraw_breakdown(ml.Account(ml.guide_rates(), {"USDT": 1}, mode=ml.SINGLE_ASSET))


def test_the_true_maximum_values_a_held_balance_at_its_buy_rate() -> None:
    # Scenario 2: 76.525 USD available. The exchange's figure divides by the sell rate:
    # 76.525 / 0.99495 = 76.91341273 USDT, worth 76.91341273 x 0.9801 = 75.38283582 USD as
    # held, so 76.525 - 75.38283582 = 1.14216418 USD stays available. The true maximum divides
    # by the buy rate: 76.525 / 0.9801 = 78.0787674727... -> 78.07876747; then 0 is left.
    s2 = ml.scenario(2)
    assert ml.max_withdrawable(s2, "USDT") == D("76.91341273")
    assert true_max_withdrawable(s2, "USDT") == D("78.07876747")
    left = ml.summarize(ml.withdraw(s2, "USDT", D("76.91341273"))).available
    assert left == D("76.525") - D("76.91341273") * D("0.9801")
    assert ml.usd(left) == "1.14"
    after = s2.with_wallet({"USDT": 200 - D("78.07876747")})
    assert D(0) <= ml.summarize(after).available < D("1e-8")
    # the exchange's rule is the one withdraw enforces
    with pytest.raises(ml.WithdrawalRefused):
        ml.withdraw(s2, "USDT", D("78.07876747"))
    # BUSD has one rate: both figures agree (76.525)
    assert true_max_withdrawable(s2, "BUSD") == ml.max_withdrawable(s2, "BUSD") == D("76.525")
    with pytest.raises(ml.InvalidInput):
        true_max_withdrawable(s2, "USDC")


def test_the_true_maximum_when_the_withdrawal_takes_the_equity_negative() -> None:
    # The guide's account at BTC 19,700, ETH 610: USDT equity 200 - 150 = 50, BUSD 420.
    # Equity 50 x 0.9801 + 420 = 469.005; IM 98.5 x 0.99495 + 244 = 342.002575; available
    # 127.002425. The first 50 USDT withdrawn cost 50 x 0.9801 = 49.005 USD (held), the rest
    # turns the equity negative and costs the sell rate: 50 + (127.002425 - 49.005) / 0.99495
    # = 50 + 78.39331122... = 128.39331122 USDT (not 127.002425 / 0.9801 = 129.58, which
    # would leave the account short). Terms 1 and 3: 416.02 - 200.40206 = 215.61794 USD of
    # wallet, 219.99 USDT at 0.9801: the wallet (200) caps nothing here.
    acct = ml.guide_account(19700, 610)
    true = true_max_withdrawable(acct, "USDT")
    assert true == D("128.39331122")
    after = acct.with_wallet({"USDT": 200 - true})
    assert ml.summarize(after).available >= 0
    over = acct.with_wallet({"USDT": 200 - true - D("1e-8")})
    assert ml.summarize(over).available < 0
    # the exchange's figure: 127.002425 / 0.99495 = 127.64704256
    assert ml.max_withdrawable(acct, "USDT") == D("127.64704256")


def test_units_for() -> None:
    # held 50 at buy 0.98, sell 1: 30 USD -> 30 / 0.98; 60 USD -> 50 + (60 - 49) / 1 = 61
    assert units_for(D(30), D(50), D("0.98"), D(1)) == D(30) / D("0.98")
    assert units_for(D(60), D(50), D("0.98"), D(1)) == D(61)
    assert units_for(D(10), D(-5), D("0.98"), D(1)) == D(10)  # already negative: sell rate
    assert units_for(D(0), D(50), D("0.98"), D(1)) == 0
