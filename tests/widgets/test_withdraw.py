"""marginlib.widgets.withdraw: the maximum-withdrawable explorer.

Hand work: the guide's Scenario 3 and the shock account in tests/__init__.py."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

import pytest

import marginlib as ml
from marginlib.widgets.withdraw import WithdrawWidget, withdraw_widget
from tests.widgets import classes

SELL = Decimal("0.99495")


def floor8(value: Decimal) -> str:
    return str(value.quantize(Decimal("1E-8"), rounding=ROUND_FLOOR))


@pytest.fixture()
def wd() -> WithdrawWidget:
    return withdraw_widget(plot=False)


def test_withdraw_widget_scenario_2(wd: WithdrawWidget) -> None:
    # WB 416.02, MM 199.596, available 76.525: terms 216.424, 76.525, 216.424.
    assert wd.term_labels[0].value == "1. WB - MM - D: 416.02 - 199.60 - 0.00 = 216.42 USD"
    assert wd.term_labels[1].value == "2. available - D: 76.53 - 0.00 = 76.53 USD"
    assert wd.term_labels[2].value == "3. WB - MM - L: 416.02 - 199.60 - 0.00 = 216.42 USD"
    assert wd.binding_label.value == "Binding: term 2 (available - D)"
    assert wd.maximum_label.value == "Max withdrawable: 76.53 USD"
    assert wd.asset_labels["USDT"].value == "Max USDT: 76.91341273 (wallet 200.00)"
    assert wd.asset_labels["BUSD"].value == "Max BUSD: 76.52500000 (wallet 220.00)"


def test_withdraw_widget_bonus_binds(wd: WithdrawWidget) -> None:
    # L = 150: term 3 = 216.424 - 150 = 66.424 < 76.525. USDT: 66.424 / 0.99495.
    wd.asset.value = "BUSD"
    wd.bonus.value = 150
    assert wd.term_labels[2].value == "3. WB - MM - L: 416.02 - 199.60 - 150.00 = 66.42 USD"
    assert wd.binding_label.value == "Binding: term 3 (WB - MM - L)"
    assert wd.asset_labels["BUSD"].value == "Max BUSD: 66.42400000 (wallet 220.00)"
    usdt = floor8(Decimal("66.424") / SELL)
    assert usdt == "66.76114377"
    assert wd.asset_labels["USDT"].value == f"Max USDT: {usdt} (wallet 200.00)"
    # A realized loss of 30 BUSD is booked into the wallet: BUSD 190, WB 196.02 + 190 =
    # 386.02. L = 150 + min(0, -30) = 120, so term 3 = 386.02 - 199.596 - 120 = 66.424, as
    # before (the loss is charged to the bonus); term 2 falls to 386.02 - 339.495 = 46.525
    # and binds: the maximum falls with the loss.
    wd.realized_pnl.value = -30
    assert wd.account is not None and wd.account.wallet["BUSD"] == 190
    assert wd.account.realized_pnl == {"BUSD": -30}
    assert wd.term_labels[2].value == "3. WB - MM - L: 386.02 - 199.60 - 120.00 = 66.42 USD"
    assert wd.binding_label.value == "Binding: term 2 (available - D)"
    assert wd.maximum_label.value == "Max withdrawable: 46.53 USD"  # 46.525
    # A realized profit of 30: BUSD 250, WB 446.02, L = 150: term 3 = 96.424 binds (term 2
    # 106.525): the profit can leave, the bonus cannot.
    wd.realized_pnl.value = 30
    assert wd.term_labels[2].value == "3. WB - MM - L: 446.02 - 199.60 - 150.00 = 96.42 USD"
    assert wd.maximum_label.value == "Max withdrawable: 96.42 USD"


def test_withdraw_widget_borrowing(wd: WithdrawWidget) -> None:
    # 20 borrowed + 1 interest in USDT: D = L = 21 x 0.99495 = 20.89395.
    wd.asset.value = "USDT"
    wd.borrowed.value = 20
    wd.interest.value = 1
    assert wd.term_labels[0].value == "1. WB - MM - D: 416.02 - 199.60 - 20.89 = 195.53 USD"
    assert wd.term_labels[1].value == "2. available - D: 76.53 - 20.89 = 55.63 USD"
    assert wd.term_labels[2].value == "3. WB - MM - L: 416.02 - 199.60 - 20.89 = 195.53 USD"
    expected = floor8(Decimal("55.63105") / SELL)
    assert wd.asset_labels["USDT"].value == f"Max USDT: {expected} (wallet 200.00)"


def test_withdraw_widget_position_size(wd: WithdrawWidget) -> None:
    # Size 0: only ETHBUSD (MM 120, IM 240): available 176.02, term 1 296.02.
    wd.size.value = 0
    assert wd.term_labels[0].value == "1. WB - MM - D: 416.02 - 120.00 - 0.00 = 296.02 USD"
    assert wd.term_labels[1].value == "2. available - D: 176.02 - 0.00 = 176.02 USD"
    assert wd.asset_labels["BUSD"].value == "Max BUSD: 176.02000000 (wallet 220.00)"
    # Size 2: MM 320 x 0.99495 + 120 = 438.384; IM 400 x 0.99495 + 240 = 637.98;
    # available 416.02 - 637.98 = -221.96: nothing can be withdrawn.
    wd.size.value = 2
    assert wd.term_labels[1].value == "2. available - D: -221.96 - 0.00 = -221.96 USD"
    assert wd.term_labels[0].value == "1. WB - MM - D: 416.02 - 438.38 - 0.00 = -22.36 USD"
    assert wd.binding_label.value == (
        "Binding: term 2 (available - D), negative: nothing can be withdrawn"
    )
    assert wd.maximum_label.value == "Max withdrawable: 0.00 USD"
    assert wd.asset_labels["USDT"].value == "Max USDT: 0.00000000 (wallet 200.00)"


def test_withdraw_widget_scenario_1_capped_by_wallet() -> None:
    # 416.02 USD: 418.13 USDT and 416.02 BUSD, capped by the wallets 200 and 220.
    w = withdraw_widget(ml.scenario(1), plot=False)
    assert w.binding_label.value == (
        "Binding: terms 1, 2, 3 (WB - MM - D, available - D, WB - MM - L; equal)"
    )
    assert w.maximum_label.value == "Max withdrawable: 416.02 USD"
    assert w.asset_labels["USDT"].value == "Max USDT: 200.00000000 (wallet 200.00)"
    assert w.asset_labels["BUSD"].value == "Max BUSD: 220.00000000 (wallet 220.00)"
    w.size.value = 1  # no BTCUSDT position to resize: an error label, not a crash
    assert w.error_label.value == (
        "Cannot compute: size: the account has no BTCUSDT position to resize")


def test_withdraw_widget_invalid_amount_in_a_label(wd: WithdrawWidget) -> None:
    wd.borrowed.value = -5
    assert wd.error_label.value.startswith("Cannot compute: borrowed.USDT: must not be negative")
    assert wd.term_labels[0].value == "" and wd.breakdown is None
    wd.borrowed.value = 0
    assert wd.error_label.value == "" and wd.maximum_label.value == "Max withdrawable: 76.53 USD"


def test_withdraw_widget_css_classes_and_picture() -> None:
    w = withdraw_widget()
    for name in ("asset", "borrowed", "interest", "bonus", "size", "binding_label",
                 "error_label"):
        assert f"ml-{name.removesuffix('_label')}" in classes(getattr(w, name))
    assert "ml-realized-pnl" in classes(w.realized_pnl)
    assert "ml-max-withdraw" in classes(w.maximum_label)
    for i, label in enumerate(w.term_labels, start=1):
        assert f"ml-term{i}" in classes(label)
    assert "ml-max-usdt" in classes(w.asset_labels["USDT"])
    w.bonus.value = 300
    assert w.error_label.value == ""
