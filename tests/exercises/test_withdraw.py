"""marginlib.exercises.withdraw: notebook 6.

Each checker marks a right answer right and a wrong one wrong,
and says why. Expected values are worked by hand (guide rates: USDT buy 0.9801, sell 0.99495)."""

from __future__ import annotations

from marginlib.exercises.withdraw import check_binding_term, check_max_withdraw


# notebook 06: Scenario 2 with a 150 BUSD bonus
# Terms: 216.424, 76.525, 216.424 - 150 = 66.424 -> term 3 binds.
# BUSD 66.424 -> 66.42; USDT 66.424 / 0.99495 = 66.76114... -> 66.76.
def test_check_max_withdraw() -> None:
    assert check_max_withdraw(66.42)
    assert check_max_withdraw(66.76, asset="USDT")
    forgot = check_max_withdraw(76.53)
    assert not forgot and "left out the bonus" in forgot.message
    wallet = check_max_withdraw(220)
    assert not wallet and "only a cap" in wallet.message
    assert not check_max_withdraw(66.43)
    empty = check_max_withdraw(None)
    assert not empty and "66.42" not in empty.message


def test_check_max_withdraw_without_bonus_is_scenario_2() -> None:
    assert check_max_withdraw(76.53, bonus=0)  # 76.525 -> 76.53 half-up
    assert check_max_withdraw(76.91, asset="USDT", bonus=0)  # 76.91341273


def test_check_binding_term() -> None:
    assert check_binding_term(3) and check_binding_term("3")
    wrong = check_binding_term(2)
    assert not wrong and "Binding: term 3 (WB - MM - L)" in wrong.message
    assert check_binding_term(2, bonus=0)
    assert not check_binding_term(None) and "No answer yet" in check_binding_term(None).message
    assert not check_binding_term("x") and "Answer 1, 2 or 3" in check_binding_term(4).message
