"""The instructor's page (docs/teaching.md) is linked from the README and covers every notebook."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "teaching.md"


def test_the_readme_links_the_teaching_page() -> None:
    assert "](docs/teaching.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_teaching_page_covers_every_notebook() -> None:
    text = PAGE.read_text(encoding="utf-8")
    missing = [path.name for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
               if f"](../notebooks/{path.name})" not in text]
    assert not missing, f"docs/teaching.md does not place {missing} in the course: add them"
    for part in ("One class of 90 minutes", "A unit of three classes", "Misconceptions",
                 "Serving the dashboard to a room", "--Voila.ip=0.0.0.0", "--token",
                 "Inside a liquidation", "Your own account"):
        assert part in text, part
