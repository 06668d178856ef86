"""Run the benchmarks: ``python -m benchmarks [--quick] [--only NAME ...] [--repeats N]``.

Prints a table, then, as the very last line, one JSON object:
``{"benchmarks": [{"name": ..., "ratio": ..., "goal": ..., "detail": ...}, ...]}``.
Exit status 0 whatever the ratios: benchmarks report, they never fail on a ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from . import Result

NAMES = ("notebooks", "widget_update", "widget_latency", "grid", "import")


def runners(quick: bool,
            repeats: int | None) -> dict[str, Callable[[], Result | list[Result]]]:
    """One callable per benchmark, with full or quick (tiny) sizes."""

    def notebooks() -> Result:
        from . import notebooks as bench

        return bench.run(repeats=repeats or (1 if quick else 3))

    def widget_update() -> list[Result]:
        from . import widget_update as bench

        return bench.run(repeats=repeats or (3 if quick else 15))

    def widget_latency() -> list[Result]:
        from . import widget_latency as bench

        return bench.run(presses=repeats or (2 if quick else 6))

    def grid() -> Result:
        from . import grid as bench

        if quick:
            return bench.run(size=200, loop_size=8, repeats=repeats or 3)
        return bench.run(repeats=repeats or 9)

    def imports() -> Result:
        from . import imports as bench

        return bench.run(repeats=repeats or (2 if quick else 15))

    return {"notebooks": notebooks, "widget_update": widget_update,
            "widget_latency": widget_latency, "grid": grid, "import": imports}


def table(results: list[Result]) -> str:
    """A readable table: one row per benchmark, then each one's detail."""
    width = max([14, *(len(r.name) for r in results)])
    head = (f"{'benchmark':<{width}} {'measured':>10} {'floor':>10} {'ratio':>7} {'goal':>7}  "
            "verdict")
    lines = [head, "-" * len(head)]
    for r in results:
        verdict = "met" if r.met else "MISSED"
        lines.append(f"{r.name:<{width}} {r.measured:>10} {r.floor:>10} {r.ratio:>7.2f} "
                     f"{'<= ' + format(r.goal, '.1f'):>7}  {verdict}")
    lines.append("")
    lines.extend(f"{r.name}: {r.detail}" for r in results)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes and repeats")
    parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME",
                        help=f"run only these ({', '.join(NAMES)})")
    parser.add_argument("--repeats", type=int, help="repeats of every timing (median kept)")
    args = parser.parse_args(argv)
    run = runners(args.quick, args.repeats)
    results = []
    for name in args.only or NAMES:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        found = run[name]()
        results.extend(found if isinstance(found, list) else [found])
    print(table(results))
    print(json.dumps({"benchmarks": [r.as_json() for r in results]}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
