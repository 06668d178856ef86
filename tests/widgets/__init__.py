"""Tests of marginlib.widgets, one file per widget module; widgets are driven by setting
``.value``, as a student's notebook would."""

from __future__ import annotations


def classes(widget: object) -> list[str]:
    """The CSS classes of a widget (the browser tests find widgets by them)."""
    return list(widget._dom_classes)  # type: ignore[attr-defined]
