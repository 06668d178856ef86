"""Every checker accepts its right answer as the course prints it.

A student copies a figure as ``ml.usd`` or ``ml.percent`` prints it ("11,939.40", "62.09%"), or
types it with spaces around it. Every checker reads answers with the one parser
(:func:`marginlib.exercises.parse_answer`), so each must mark those forms right. The right
value comes from the engine here (the checkers' own tests check the values by hand); what this
test checks is the reading of the answer. A checker added to ``marginlib.exercises`` without an
entry below fails :func:`test_every_checker_is_listed`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

import marginlib as ml
import marginlib.exercises as exercises
from marginlib.exercises.conversion import donor_account
from marginlib.exercises.liquidation import exercise_account, fund_gain
from marginlib.exercises.reconcile import after_funding
from marginlib.exercises.replay import course_replay
from marginlib.modes import compare_modes
from marginlib.withdraw import withdraw_breakdown


def _numbers() -> dict[str, Callable[[], str]]:
    """Checker name -> its right answer at its defaults, formatted as the course prints it."""
    s2 = ml.scenario(2)
    return {
        "pool.check_pool_equity": lambda: ml.usd(ml.summarize(ml.pool_account(300, 100)).equity),
        "pool.check_sell_rate": lambda: format(ml.sell_rate(Decimal("1.002"), Decimal("-0.005")),
                                               "f"),
        "pool.check_usable_usdt": lambda: ml.usd(ml.summarize(ml.pool_account(
            100, 400, "1.002")).asset("USDT").available),
        "positions.check_maintenance_margin": lambda: ml.usd(
            ml.summarize(ml.opened_account()).maintenance_margin),
        "positions.check_available": lambda: ml.usd(ml.summarize(ml.opened_account()).available),
        "pnl.check_equity": lambda: ml.usd(ml.summarize(ml.guide_account(18500, 640)).equity),
        "pnl.check_margin_ratio": lambda: ml.percent(
            ml.summarize(ml.guide_account(18500, 640)).margin_ratio),
        "conversion.check_threshold_value": lambda: ml.usd(
            ml.guide_rates()["USDT"].value(Decimal(-10040))),
        "conversion.check_donor_usd": lambda: ml.usd(next(
            e.usd for e in ml.convert_to_cover(donor_account(), "USDT")[1]
            if e.from_asset == "BTC")),
        "withdraw.check_max_withdraw": lambda: ml.usd(withdraw_breakdown(
            ml.Account(s2.rates, s2.wallet, s2.positions, bonus={"BUSD": 150})).per_asset["BUSD"]),
        "withdraw.check_binding_term": lambda: "3",
        "modes.check_single_ratio": lambda: ml.percent(
            compare_modes(ml.guide_account(19700, 610)).single_ratio("USDT")),
        "modes.check_pooled_ratio": lambda: ml.percent(
            compare_modes(ml.guide_account(19700, 610)).pooled_ratio),
        "modes.check_liquidating_mode": lambda: "single-asset",
        "risk.check_liquidation_price": lambda: ml.usd(ml.liquidation_price(
            ml.scenario(3).with_prices({"USDT": "0.97"}), "BTCUSDT")),
        "risk.check_depeg_effect": lambda: "safer",
        "today.check_tier_maintenance": lambda: ml.usd(
            ml.tier_view("BTCUSDT", 1250000).maintenance_margin),
        "today.check_max_leverage": lambda: f"{ml.tier_view('BTCUSDT', 1250000).max_leverage}x",
        "today.check_auto_exchange_value": lambda: ml.usd(ml.auto_exchange_example(
            debt=12000, coin_amount=10).market_value_sold),
        "replay.check_replay_ratio": lambda: ml.percent(course_replay().single.ratios[45]),
        "liquidation.check_bankruptcy_price": lambda: ml.usd(ml.bankruptcy_price(
            exercise_account(), "BTCUSDT")),
        "liquidation.check_fund_gain": lambda: ml.usd(fund_gain()),
        "reconcile.check_liquidation_after_funding": lambda: ml.usd(ml.liquidation_price(
            after_funding(2), "BTCUSDT")),
    }


def checkers() -> dict[str, Callable[..., Any]]:
    """Every public ``check_*`` function of the modules of ``marginlib.exercises``."""
    found = {}
    for module in pkgutil.iter_modules(exercises.__path__):
        loaded = importlib.import_module(f"marginlib.exercises.{module.name}")
        for name in getattr(loaded, "__all__", ()):
            if name.startswith("check_") and name != "check_number":
                found[f"{module.name}.{name}"] = getattr(loaded, name)
    return found


def test_every_checker_is_listed() -> None:
    assert set(checkers()) == set(_numbers())


@pytest.mark.parametrize("name", sorted(_numbers()))
def test_the_printed_right_answer_is_right(name: str) -> None:
    check = checkers()[name]
    answer = _numbers()[name]()
    for form in (answer, f" {answer} ", answer.replace("%", " %")):
        verdict = check(form)
        assert verdict, f"{name}({form!r}): {verdict}"


def test_the_multi_assets_replay_ratio_as_printed() -> None:
    check = checkers()["replay.check_replay_ratio"]
    assert check(ml.percent(course_replay().multi.ratios[45]), mode="multi-assets")


@pytest.mark.parametrize("name", sorted(_numbers()))
def test_no_answer_yet_for_none(name: str) -> None:
    verdict = checkers()[name](None)
    assert not verdict and verdict.message.startswith("No answer yet")
