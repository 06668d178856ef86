"""Command line: ``python -m marginlib scenario N``, ``account FILE``,
``liquidation-price FILE SYMBOL``, ``reconcile DIR``, ``fetch DIR``; ``--json`` prints one JSON
object instead of a table; ``--version`` prints the version.

Bad input exits with status 2 and exactly one line on stderr, ``marginlib: error: <field>:
<rule>``, never a traceback (values echoed in it are escaped and shortened).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from . import fetch, reconcile
from .accountfile import load_account, summary_to_json
from .errors import MarginError, one_line
from .numeric import plain_exact
from .scenarios import scenario
from .summary import summarize
from .whatif import solve_liquidation_price


def _version() -> str:
    """``marginlib <version>`` from the installed package's metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"marginlib {version('marginlib')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "marginlib (version unknown: not installed)"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line, status 2, like every other refusal (argparse would print the usage too);
        # an argument echoed in the message is escaped like every other value.
        print(f"marginlib: error: {one_line(message)}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m marginlib", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=_version())
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
            result = solve_liquidation_price(load_account(args.file), args.symbol)
            if args.json:
                price = None if result.price is None else plain_exact(result.price)
                print(json.dumps({"symbol": result.symbol, "liquidationPrice": price,
                                  "alreadyLiquidated": result.already_past}))
            else:
                print(result.line())
            return 0
        account = scenario(args.number) if args.command == "scenario" else load_account(args.file)
        summary = summarize(account)
        text = json.dumps(summary_to_json(summary)) if args.json else str(summary)
    except MarginError as err:
        print(f"marginlib: error: {err}", file=sys.stderr)
        return 2
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
