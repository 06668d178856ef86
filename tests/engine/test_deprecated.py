"""marginlib.deprecated: the old names the notebooks taught."""

from __future__ import annotations

from decimal import Decimal

import pytest

import marginlib as ml

D = Decimal


def test_old_names_warn_and_give_the_same_answer() -> None:
    # ml.max_withdraw_amount was taught in notebook 6, ml.translate in notebook 9: a student's
    # notebook may still call them.
    with pytest.warns(DeprecationWarning, match="use marginlib.max_withdraw$"):
        old = ml.max_withdraw_amount(D(100), D(20), D(50), D(5), D(30))
    assert old == ml.max_withdraw(D(100), D(20), D(50), D(5), D(30)) == D(45)
    with pytest.warns(DeprecationWarning, match="use marginlib.in_registry$"):
        moved = ml.translate(ml.scenario(3))
    assert moved == ml.in_registry(ml.scenario(3)) and "USDC" in moved.wallet
    assert ml.translate.__name__ == "translate" and "Deprecated" in (ml.translate.__doc__ or "")
