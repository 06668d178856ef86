"""Tests of marginlib.plots, one file per plot module."""

from __future__ import annotations


def legend_texts(ax: object) -> list[str]:
    """The texts of an axes' legend, which must exist."""
    legend = ax.get_legend()  # type: ignore[attr-defined]
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]
