"""Reconciling an account: Binance's figures beside marginlib's, figure by figure.

The figures (Binance's field names; totals in USD, per asset in its units, per position in the
contract's margin asset):

- account: ``totalWalletBalance``, ``totalMarginBalance``, ``totalMaintMargin``,
  ``totalInitialMargin``, ``availableBalance``, ``maxWithdrawAmount`` (from ``account.json``);
- per asset: ``marginBalance``, ``availableBalance``, ``maxWithdrawAmount`` (``account.json``);
- per position: ``maintMargin``, ``initialMargin`` (``account.json``), ``liquidationPrice``
  (``positionRisk.json``).

Each figure is recomputed at the marks of the file it comes from (see
:mod:`marginlib.binance`), and agrees when the difference is within its **tolerance**:

    tolerance = 2 units of the last decimal Binance prints (its inputs and its result are each
                cut to that many places: 1e-8 for the API's 8 decimals, 0.01 for a figure a
                FAQ prints to the cent)
              + 1e-8 x every amount converted at a rate with more than 8 decimals (the asset
                index prints rates cut to 8 decimals; whether Binance computes with the cut rate
                is not documented)
              + 2e-8 per position whose mark had to be inferred from ``account.json``.

A liquidation price's tolerance is that of equity - maintenance margin, divided by how fast that
gap moves with the mark. What explains a difference is named where it is known: rounding; the
USD reading of a per-asset ``availableBalance`` (Binance's documented example puts the account's
USD figure in every asset row); for a liquidation price, the wallet change that would make
Binance's price marginlib's (funding or fees booked between the two calls do exactly that); a
figure the bodies do not let us compute (leverage absent from V3 bodies, open orders) is shown
as *not compared*, with the reason. Fees, funding and realized PnL already in Binance's wallet
never cause a difference here: marginlib starts from that wallet.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .account import Figures, evaluate
from .binance import (
    ACCOUNT,
    EXAMPLES,
    POSITION_RISK,
    ApiSnapshot,
    read_example,
    read_snapshot,
)
from .numeric import ZERO, round_half_up
from .summary import summarize
from .whatif import liquidation_price

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from .account import Account

AGREES = "agrees"
DIFFERS = "differs"
NOT_COMPARED = "not compared"

#: Binance's unit of account: numbers are printed to 8 decimals.
EIGHT = Decimal("1e-8")


@dataclass(frozen=True)
class Line:
    """One figure: Binance's value, marginlib's, the tolerance, the verdict and why."""

    figure: str
    source: str
    binance: Decimal
    marginlib: Decimal | None
    tolerance: Decimal
    status: str
    explanation: str = ""

    @property
    def difference(self) -> Decimal | None:
        """Binance's value - marginlib's (None when not compared or marginlib has none)."""
        if self.marginlib is None or self.status == NOT_COMPARED:
            return None
        return self.binance - self.marginlib


@dataclass(frozen=True)
class Reconciliation:
    """Every figure of one account, compared; ``notes`` say what was inferred or left out."""

    name: str
    header: str
    lines: tuple[Line, ...]
    notes: tuple[str, ...]

    @property
    def differing(self) -> tuple[Line, ...]:
        """The figures that differ beyond their tolerance."""
        return tuple(line for line in self.lines if line.status == DIFFERS)

    @property
    def agrees(self) -> bool:
        """True when every compared figure agrees within its tolerance."""
        return not self.differing

    @property
    def exit_code(self) -> int:
        """0 when every figure agrees, 1 when some differ (the command line's status)."""
        return 0 if self.agrees else 1

    @property
    def verdict(self) -> str:
        """One sentence: every figure agrees, or how many differ and which."""
        compared = [line for line in self.lines if line.status != NOT_COMPARED]
        if self.agrees:
            return f"All {len(compared)} compared figures agree within their tolerance."
        names = ", ".join(line.figure for line in self.differing)
        return f"{len(self.differing)} of {len(compared)} compared figures differ: {names}."

    def line(self, figure: str) -> Line:
        """The line of one figure (``"totalMaintMargin"``, ``"USDT.availableBalance"``)."""
        for item in self.lines:
            if item.figure == figure:
                return item
        raise KeyError(figure)

    def text(self) -> str:
        """The reconciliation as a table: figure, Binance, marginlib, difference, verdict."""
        widths = (26, 16, 16, 12)
        head = ("figure", "Binance", "marginlib", "difference")
        out = [self.header, "", _row(head, widths) + "  result"]
        group = None
        for line in self.lines:
            kind = _group(line.figure)
            if group is not None and kind != group:
                out.append("")
            group = kind
            diff = line.difference
            cells = (
                line.figure, _as_printed(line.binance),
                "-" if line.marginlib is None else _eight(line.marginlib),
                "-" if diff is None else _difference(diff),
            )
            out.append(_row(cells, widths) + f"  {line.status}")
            if line.explanation:
                out.extend(textwrap.wrap(line.explanation, 88, initial_indent="    ",
                                         subsequent_indent="    "))
        out.append("")
        out.extend(textwrap.wrap(self.verdict, 88))
        if self.notes:
            out.append("Notes:")
            for note in self.notes:
                out.extend(textwrap.wrap(note, 88, initial_indent="- ", subsequent_indent="  "))
        return "\n".join(out)

    def __str__(self) -> str:
        return self.text()

    def to_json(self) -> dict[str, Any]:
        """The reconciliation as JSON-ready data, numbers as exact strings."""
        return {
            "name": self.name,
            "agrees": self.agrees,
            "figures": [
                {
                    "figure": line.figure,
                    "source": line.source,
                    "binance": _as_printed(line.binance),
                    "marginlib": None if line.marginlib is None else _as_printed(line.marginlib),
                    "difference": None if line.difference is None else _as_printed(line.difference),
                    "tolerance": _as_printed(line.tolerance),
                    "status": line.status,
                    "explanation": line.explanation,
                }
                for line in self.lines
            ],
            "notes": list(self.notes),
        }


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    first = f"{cells[0]:<{widths[0]}}"
    return first + "".join(f" {c:>{w}}" for c, w in zip(cells[1:], widths[1:], strict=True))


def _group(figure: str) -> str:
    return figure.split(".")[0] if "." in figure else "account"


def _as_printed(value: Decimal) -> str:
    # Digits kept (Binance's "76.91" stays 76.91, its "0.00000000" stays so).
    return f"{value:f}"


def _eight(value: Decimal) -> str:
    return f"{round_half_up(value, 8):f}"


def _difference(value: Decimal) -> str:
    if value == 0:
        return "0"
    # Below half a unit of the 8th decimal the rounded text would read 0: show its size.
    return _eight(value) if abs(value) >= EIGHT / 2 else f"{value:.1e}"


def _amount(value: Decimal) -> str:
    """A wallet amount for a sentence: at least 2 decimals, at most 6."""
    shown = round_half_up(value, 6).normalize()
    return f"{shown.quantize(Decimal('0.01')) if printed_places(shown) < 2 else shown:f}"


# --------------------------------------------------------------------------------------------
# Tolerances
# --------------------------------------------------------------------------------------------


def unit(value: Decimal) -> Decimal:
    """One unit of the last decimal printed: 1e-8 for ``"76.52500000"``, 0.01 for ``"76.91"``."""
    exponent = value.as_tuple().exponent
    return Decimal(1).scaleb(min(int(exponent), 0))


def printed_places(value: Decimal) -> int:
    """How many decimals ``value`` was printed with."""
    return max(0, -int(value.as_tuple().exponent))


def _slack(rate: Decimal) -> Decimal:
    """1e-8 when the exact rate has more than 8 decimals (Binance's printed rate is cut), else 0."""
    return EIGHT if rate != rate.quantize(EIGHT, rounding="ROUND_DOWN") else ZERO


class _Tolerances:
    """The rate part of each figure's tolerance, from the per-asset amounts it converts."""

    def __init__(self, figures: Figures, marks_inferred: int) -> None:
        self.f = figures
        self.marks = 2 * EIGHT * marks_inferred

    def valued(self, amounts: dict[str, Decimal]) -> Decimal:
        """Amounts valued at bid (positive) or ask (negative) rates."""
        total = ZERO
        for a, x in amounts.items():
            rate = self.f.buy[a] if x >= 0 else self.f.sell[a]
            total += abs(x) * _slack(rate)
        return total

    def at_ask(self, amounts: dict[str, Decimal]) -> Decimal:
        return sum((abs(x) * _slack(self.f.sell[a]) for a, x in amounts.items()), start=ZERO)

    def wallet(self) -> Decimal:
        return self.valued(self.f.wallet) + self.marks

    def equity(self) -> Decimal:
        return self.valued(self.f.equity) + self.marks

    def maintenance(self) -> Decimal:
        return self.at_ask(self.f.maintenance) + self.marks

    def initial(self) -> Decimal:
        return self.at_ask(self.f.initial) + self.marks

    def available(self) -> Decimal:
        return self.equity() + self.initial()

    def withdraw(self) -> Decimal:
        return max(self.wallet() + self.maintenance(), self.available())


# --------------------------------------------------------------------------------------------
# The reconciliation
# --------------------------------------------------------------------------------------------


def reconcile(source: ApiSnapshot | str | Path | Traversable) -> Reconciliation:
    """Reconcile a folder of bodies, a shipped example's name, or a snapshot already read."""
    if isinstance(source, ApiSnapshot):
        snapshot = source
    elif isinstance(source, str) and not Path(source).exists() and source in EXAMPLES:
        snapshot = read_example(source)
    else:
        snapshot = read_snapshot(source)
    return _reconcile(snapshot)


def _reconcile(snap: ApiSnapshot) -> Reconciliation:
    at_account = snap.account_at_account_marks
    figures = evaluate(at_account)
    summary = summarize(at_account)
    moved = sum(1 for p in snap.account.positions if snap.account_marks[p.symbol] != p.mark_price)
    tol = _Tolerances(figures, moved)
    totals = snap.info.totals
    lines: list[Line] = []

    def compare(figure: str, source: str, binance: Decimal, ours: Decimal | None,
                rate_part: Decimal, explain: str = "") -> Line:
        tolerance = (2 * unit(binance) + rate_part).normalize()
        if ours is None:
            line = Line(figure, source, binance, None, tolerance, DIFFERS,
                        explain or "marginlib has no such figure")
        else:
            diff = abs(binance - ours)
            if diff == 0:
                line = Line(figure, source, binance, ours, tolerance, AGREES)
            elif diff <= tolerance:
                places = printed_places(binance)
                why = (f"rounding: Binance's figure has {places} decimals" if places < 8
                       else "rounding to 8 places")
                line = Line(figure, source, binance, ours, tolerance, AGREES, why)
            else:
                line = Line(figure, source, binance, ours, tolerance, DIFFERS,
                            explain or "not explained by rounding, rates or marks")
        lines.append(line)
        return line

    for name, ours, tolerance in (
        ("totalWalletBalance", summary.total_wallet_balance, tol.wallet()),
        ("totalMarginBalance", summary.equity, tol.equity()),
        ("totalMaintMargin", summary.maintenance_margin, tol.maintenance()),
        ("totalInitialMargin", summary.initial_margin, tol.initial()),
        ("availableBalance", summary.available, tol.available()),
        ("maxWithdrawAmount", summary.max_withdraw, tol.withdraw()),
    ):
        compare(name, f"{ACCOUNT} {name}", totals[name], ours, tolerance)

    for i, row in enumerate(snap.info.assets):
        if row.asset not in at_account.wallet:
            continue
        mine = summary.asset(row.asset)
        ask = figures.sell[row.asset]
        src = f"{ACCOUNT} assets[{i}]."
        compare(f"{row.asset}.marginBalance", src + "marginBalance", row.margin_balance,
                mine.margin_balance, tol.marks)
        _asset_available(lines, compare, row.asset, src, row.available_balance, mine.available,
                         totals["availableBalance"], ask, tol)
        compare(f"{row.asset}.maxWithdrawAmount", src + "maxWithdrawAmount",
                row.max_withdraw_amount, mine.max_withdraw,
                tol.withdraw() / ask + abs(mine.max_withdraw) * _slack(ask) / ask)

    for position in snap.account.positions:
        _position_lines(snap, position.symbol, at_account, compare, lines)

    notes = [
        f"{snap.versions}; rates from the asset index of {at_account.registry.as_of}.",
        "Fees, funding and realized PnL are already in Binance's walletBalance; marginlib starts "
        "from it, so they cause no difference here (they do if you start from your deposits).",
        *snap.notes,
    ]
    name = Path(str(snap.directory)).name
    header = f"Reconciliation of {name}: Binance's figures beside marginlib's (multi-assets mode)"
    return Reconciliation(name=name, header=header, lines=tuple(lines), notes=tuple(notes))


def _asset_available(lines: list[Line], compare: Any, asset: str, src: str, binance: Decimal,
                     ours: Decimal, usd_available: Decimal, ask: Decimal,
                     tol: _Tolerances) -> None:
    """A per-asset availableBalance: the FAQ's reading (USD / askRate) or, failing that,
    Binance's documented example's (the account's USD figure in every asset row)."""
    rate_part = tol.available() / ask + abs(ours) * _slack(ask) / ask
    line = compare(f"{asset}.availableBalance", src + "availableBalance", binance, ours, rate_part)
    if line.status == DIFFERS and abs(binance - usd_available) <= 2 * unit(binance):
        lines[-1] = Line(
            line.figure, line.source, binance, ours, line.tolerance, AGREES,
            "Binance's USD reading: the account's availableBalance in the asset's row, as in its "
            "documented example (marginlib's figure is the FAQ's, USD / askRate)",
        )


def _position_lines(snap: ApiSnapshot, symbol: str, at_account: Account, compare: Any,
                    lines: list[Line]) -> None:
    j, mirror = next((j, p) for j, p in enumerate(snap.info.positions)
                     if p.symbol == symbol and p.position_amt)
    i, risk = next((i, e) for i, e in enumerate(snap.risk) if e.symbol == symbol
                   and e.position_amt)
    mine = next(p for p in at_account.positions if p.symbol == symbol)
    src = f"{ACCOUNT} positions[{j}]."
    compare(f"{symbol}.maintMargin", src + "maintMargin", mirror.maint_margin,
            mine.maintenance_margin, 2 * EIGHT if snap.account_marks[symbol] != risk.mark_price
            else ZERO)
    # The position's own initial margin: V2's positionInitialMargin; V3's initialMargin holds
    # the symbol's open orders too, so it is comparable only when the asset has none.
    asset = at_account.margin_asset(symbol)
    orders = next((a.open_order_initial_margin for a in snap.info.assets if a.asset == asset),
                  ZERO)
    if symbol in snap.inferred_leverage:
        binance = mirror.initial_margin if mirror.position_initial_margin is None else \
            mirror.position_initial_margin
        lines.append(Line(f"{symbol}.initialMargin", src + "initialMargin", binance, None,
                          ZERO, NOT_COMPARED,
                          "the leverage is inferred from Binance's own initial margin"))
    elif mirror.position_initial_margin is not None:
        compare(f"{symbol}.initialMargin", src + "positionInitialMargin",
                mirror.position_initial_margin, mine.initial_margin, ZERO)
    elif orders:
        lines.append(Line(f"{symbol}.initialMargin", src + "initialMargin", mirror.initial_margin,
                          None, ZERO, NOT_COMPARED,
                          f"V3's initialMargin includes open orders, and {asset} has some"))
    else:
        compare(f"{symbol}.initialMargin", src + "initialMargin", mirror.initial_margin,
                mine.initial_margin, ZERO)
    _liquidation_line(snap, symbol, i, risk.liquidation_price, lines)


def _liquidation_line(snap: ApiSnapshot, symbol: str, i: int, binance: Decimal,
                      lines: list[Line]) -> None:
    account = snap.account  # at positionRisk's marks, where Binance computed the price
    figure, source = f"{symbol}.liquidationPrice", f"{POSITION_RISK} [{i}].liquidationPrice"
    ours = liquidation_price(account, symbol)
    if ours is None:
        if binance == 0:
            lines.append(Line(figure, source, binance, None, ZERO, AGREES,
                              "no mark price liquidates (Binance prints 0)"))
        else:
            lines.append(Line(figure, source, binance, None, ZERO, DIFFERS,
                              "marginlib finds no liquidation price; " + _wallet_change(
                                  account, symbol, binance)))
        return
    if binance == 0:
        lines.append(Line(figure, source, binance, ours, ZERO, DIFFERS,
                          "Binance prints 0 (no liquidation price)"))
        return
    slope = _gap_slope(account, symbol, ours)
    usd = _Tolerances(evaluate(account, {symbol: ours}), 0)
    tolerance = (2 * unit(binance) + (usd.equity() + usd.maintenance()) / slope).normalize()
    diff = abs(binance - ours)
    if diff == 0:
        lines.append(Line(figure, source, binance, ours, tolerance, AGREES))
    elif diff <= tolerance:
        lines.append(Line(figure, source, binance, ours, tolerance, AGREES,
                          "rounding to 8 places"))
    else:
        lines.append(Line(figure, source, binance, ours, tolerance, DIFFERS,
                          _wallet_change(account, symbol, binance)))


def _gap(account: Account, symbol: str, price: Decimal) -> Decimal:
    """Equity - maintenance margin (USD) with ``symbol`` at ``price``: 0 at liquidation."""
    figures = evaluate(account, {symbol: price})
    gap: Decimal = figures.total_equity - figures.total_maintenance
    return gap


def _gap_slope(account: Account, symbol: str, price: Decimal) -> Decimal:
    step = price * Decimal("1e-6")
    slope = abs(_gap(account, symbol, price + step) - _gap(account, symbol, price)) / step
    return slope if slope > 0 else Decimal(1)


def _wallet_change(account: Account, symbol: str, binance: Decimal) -> str:
    """The change of the position's margin-asset wallet that makes Binance's liquidation price
    marginlib's: at Binance's price, equity - maintenance margin must be 0."""
    gap = _gap(account, symbol, binance)
    asset = account.margin_asset(symbol)
    figures = evaluate(account, {symbol: binance})
    rate = figures.sell[asset] if figures.equity[asset] < 0 else figures.buy[asset]
    change = -gap / rate
    way = "lower" if change < 0 else "higher"
    return (f"Binance's price fits a {asset} wallet {_amount(abs(change))} {way} than "
            f"{ACCOUNT}'s: funding, fees or realized PnL booked between the two calls would "
            "do that")


def add_arguments(parser: Any) -> None:
    """The command line's ``reconcile`` arguments."""
    parser.add_argument("directory", help="folder of the five bodies, or a shipped example "
                        "(faq-2022, funding-paid)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def command(args: Any) -> int:
    """``python -m marginlib reconcile DIR``: 0 when every figure agrees, 1 when some differ."""
    result = reconcile(args.directory)
    print(json.dumps(result.to_json()) if args.json else result.text())
    return result.exit_code


__all__ = ["AGREES", "DIFFERS", "NOT_COMPARED", "Line", "Reconciliation", "add_arguments",
           "command", "printed_places", "reconcile", "unit"]
