"""Command line: ``python -m marginlib scenario N``, ``account FILE``,
``liquidation-price FILE SYMBOL``, ``reconcile DIR``, ``fetch DIR``; ``--json`` prints one JSON
object instead of a table.

Bad input exits with status 2 and one line naming the field and the rule.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from . import fetch, reconcile
from .accountfile import load_account, summary_to_json
from .errors import MarginError
from .numeric import round_half_up
from .scenarios import scenario
from .summary import summarize
from .whatif import liquidation_price


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line, status 2, like every other refusal (argparse would print the usage too).
        print(f"marginlib: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m marginlib", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("scenario", help="the guide's Scenario 1, 2 or 3")
    p.add_argument("number", type=int, choices=(1, 2, 3))
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("account", help="an account described in a JSON file")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p = sub.add_parser("liquidation-price", help="mark price at which the ratio reaches 100%%")
    p.add_argument("file")
    p.add_argument("symbol")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    reconcile.add_arguments(sub.add_parser("reconcile", help="Binance's figures beside ours"))
    fetch.add_arguments(sub.add_parser("fetch", help="save your account's API bodies"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        return _run(argv)
    except BrokenPipeError:
        # The reader closed the pipe early (``... --json | head``): not an error of ours, and no
        # traceback. Point stdout at /dev/null so that Python's final flush does not fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command in ("reconcile", "fetch"):
            return int((reconcile if args.command == "reconcile" else fetch).command(args))
        if args.command == "liquidation-price":
            account = load_account(args.file)
            price = liquidation_price(account, args.symbol)
            if args.json:
                text = None if price is None else f"{price.normalize():f}"
                print(json.dumps({"symbol": args.symbol, "liquidationPrice": text}))
            elif price is None:
                print(f"{args.symbol}: no mark price takes the margin ratio to 100%")
            else:
                print(f"{args.symbol} liquidation price: {round_half_up(price, 2):,.2f}")
            return 0
        account = scenario(args.number) if args.command == "scenario" else load_account(args.file)
        summary = summarize(account)
    except MarginError as err:
        print(f"marginlib: error: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary_to_json(summary)))
    else:
        print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
