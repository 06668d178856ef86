"""Honest links: every link of the README, the docs and the notebooks' markdown leads somewhere.

A relative link must resolve to a file of the repository (and its ``#anchor``, when it has one,
to a heading of a markdown file); an absolute link must be on :data:`ALLOWED`, the documentation
sites the course cites. No badge or link to a repository or service that does not exist: a
link to a code host is not on the list, and Binder's link is printed by ``make binder`` from the
repository's own git remote, never written into the README.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.tools.binder import binder_url

ROOT = Path(__file__).resolve().parents[2]

#: Hosts an absolute link may point to (a host or any of its subdomains), and why.
ALLOWED = {
    "binance.com": "Binance's FAQs and product pages (the exchange the course describes)",
    "developers.binance.com": "Binance's API documentation",
    "binance-docs.github.io": "Binance's earlier API documentation",
    "docs.jupyter.org": "Jupyter's documentation",
    "jupyterlab.readthedocs.io": "JupyterLab's documentation",
    "voila.readthedocs.io": "Voila's documentation (serving the dashboard)",
    "jupyter-server.readthedocs.io": "Jupyter Server's documentation (tokens, addresses)",
    "rise.readthedocs.io": "RISE's documentation (the slideshows)",
    "mybinder.readthedocs.io": "Binder's documentation",
}


@dataclass(frozen=True)
class Link:
    document: Path
    target: str

    def __str__(self) -> str:
        return f"{self.document.relative_to(ROOT)}: {self.target}"


_FENCE = re.compile(r"^ {0,3}(```|~~~)[^\n]*\n.*?^ {0,3}\1[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_INLINE = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]"  # [text] or ![alt]
                     r"\(\s*<?([^\s)>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")  # (target "title")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_HTML = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_BARE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'`]+")


def markdown_links(text: str) -> list[str]:
    """The link targets of a markdown text: inline links and images, reference definitions,
    HTML ``href``/``src``, autolinks and bare URLs (which GitHub and JupyterLab turn into links);
    nothing inside code."""
    text = _CODE_SPAN.sub(" ", _FENCE.sub(" ", text))
    found: list[str] = []
    for pattern in (_INLINE, _REFERENCE, _HTML, _AUTOLINK):
        found += [match.group(1) for match in pattern.finditer(text)]
        text = pattern.sub(" ", text)
    found += [match.group(0).rstrip(".,;:!?)*_") for match in _BARE.finditer(text)]
    return found


def documents() -> list[Path]:
    """README.md, docs/*.md and the notebooks."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
            *sorted((ROOT / "notebooks").glob("*.ipynb"))]


def document_text(path: Path) -> str:
    """A markdown file, or the markdown cells of a notebook."""
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def links() -> list[Link]:
    return [Link(path, target) for path in documents()
            for target in markdown_links(document_text(path))]


def heading_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a markdown file's headings (``## 2. The room`` ->
    ``2-the-room``; a repeated heading gets ``-1``, ``-2``…)."""
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for line in _FENCE.sub(" ", markdown).splitlines():
        match = re.match(r" {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        title = re.sub(r"`|\*|_(?=\w)|(?<=\w)_|\[([^\]]*)\]\([^)]*\)", r"\1", match.group(1))
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def problem(link: Link) -> str | None:
    """Why a link is not acceptable, or None."""
    parts = urlsplit(link.target)
    if parts.scheme or link.target.startswith("www."):
        host = (parts.hostname or link.target.split("/")[0]).lower()
        if parts.scheme not in {"https", "http"}:
            return f"{parts.scheme}: links are not used in the course"
        if not any(host == allowed or host.endswith(f".{allowed}") for allowed in ALLOWED):
            return f"{host} is not a documentation site the course cites (ALLOWED)"
        return None
    path = unquote(parts.path)
    target = (link.document.parent / path).resolve() if path else link.document
    if not target.is_relative_to(ROOT) or not target.exists():
        return f"{path} does not exist"
    if (parts.fragment and target.suffix == ".md"
            and parts.fragment not in heading_anchors(target.read_text(encoding="utf-8"))):
        return f"{target.name} has no heading #{parts.fragment}"
    return None


def test_documents_have_links() -> None:
    # The check below must not pass because it found nothing.
    found = links()
    assert any(link.document.name == "README.md" for link in found)
    assert any(link.target.startswith("notebooks/") for link in found)


@pytest.mark.parametrize("path", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_leads_somewhere(path: Path) -> None:
    problems = [f"{link}: {why}" for link in links()
                if link.document == path and (why := problem(link))]
    assert not problems, "\n".join(problems)


def test_bad_links_are_caught(tmp_path: Path) -> None:
    document = ROOT / "docs" / "example.md"  # a document as if it lived in docs/
    text = (
        "[missing](missing.md) and ![picture](dashboard.png) and [fake repo]"
        "(https://github.com/marginlib/cross-margin-course) and "
        "[bad anchor](../README.md#no-such-heading) and [good anchor](../README.md#tests) "
        "and https://mybinder.org/v2/gh/marginlib/cross-margin-course/HEAD and "
        "`https://in.code.example/` and [FAQ](https://www.binance.com/en/support/faq/x)."
    )
    found = {link.target: problem(link) for link in
             (Link(document, target) for target in markdown_links(text))}
    assert found == {
        "missing.md": "missing.md does not exist",
        "dashboard.png": None,
        "https://github.com/marginlib/cross-margin-course":
            "github.com is not a documentation site the course cites (ALLOWED)",
        "../README.md#no-such-heading": "README.md has no heading #no-such-heading",
        "../README.md#tests": None,
        "https://mybinder.org/v2/gh/marginlib/cross-margin-course/HEAD":
            "mybinder.org is not a documentation site the course cites (ALLOWED)",
        "https://www.binance.com/en/support/faq/x": None,
    }


def test_heading_anchors_follow_github() -> None:
    anchors = heading_anchors("# Cross-margin, exactly: a course\n## 2. The room (90 min)\n"
                              "## Tests\n## Tests\n```\n# not a heading\n```\n")
    assert anchors == {"cross-margin-exactly-a-course", "2-the-room-90-min", "tests", "tests-1"}


def test_binder_is_explained_not_faked() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "https://mybinder.org/v2/gh/<owner>/<repo>/HEAD?labpath=" \
           "notebooks%2F01_start_here.ipynb" in readme, "the README gives Binder's URL pattern"
    assert "make binder" in readme
    assert "mybinder.org" not in " ".join(link.target for link in links())
    environment = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "      - -e ." in environment, "Binder builds from environment.yml, which installs " \
                                          "the course"


@pytest.mark.parametrize(("remote", "url"), [
    ("git@github.com:someone/cross-margin.git",
     "https://mybinder.org/v2/gh/someone/cross-margin/HEAD?labpath="
     "notebooks%2F01_start_here.ipynb"),
    ("https://github.com/someone/cross-margin",
     "https://mybinder.org/v2/gh/someone/cross-margin/HEAD?labpath="
     "notebooks%2F01_start_here.ipynb"),
    ("https://gitlab.com/group/course.git\n",
     "https://mybinder.org/v2/gl/group%2Fcourse/HEAD?labpath=notebooks%2F01_start_here.ipynb"),
    ("/work/somewhere/course", None),
    ("https://example.org/someone/course.git", None),
])
def test_binder_link_from_the_git_remote(remote: str, url: str | None) -> None:
    assert binder_url(remote) == url
