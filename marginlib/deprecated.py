"""Old names of ``marginlib``'s top-level functions, kept for notebooks written against them.

Each alias warns (:class:`DeprecationWarning`) and calls the new function. Only names the course
taught are kept: a student's own notebook may call them.

- ``max_withdraw_amount`` -> :func:`marginlib.max_withdraw` (notebook 6 named it);
- ``translate`` -> :func:`marginlib.in_registry` (notebook 9 named it).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from .today import in_registry
from .withdraw import max_withdraw

P = ParamSpec("P")
R = TypeVar("R")


def renamed(new: Callable[P, R], old: str) -> Callable[P, R]:
    """``new`` under its old name ``old``: the same call, with a :class:`DeprecationWarning`."""

    @functools.wraps(new)
    def alias(*args: P.args, **kwargs: P.kwargs) -> R:
        warnings.warn(f"marginlib.{old} is deprecated; use marginlib.{new.__name__}",
                      DeprecationWarning, stacklevel=2)
        return new(*args, **kwargs)

    alias.__name__ = alias.__qualname__ = old
    alias.__doc__ = f"Deprecated: use :func:`marginlib.{new.__name__}`.\n\n{new.__doc__ or ''}"
    return alias


max_withdraw_amount = renamed(max_withdraw, "max_withdraw_amount")
translate = renamed(in_registry, "translate")

__all__ = ["max_withdraw_amount", "renamed", "translate"]
