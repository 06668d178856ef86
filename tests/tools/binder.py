"""The Binder link of this repository, from its git remote (``make binder``).

Usage: python -m tests.tools.binder [REMOTE]   (default: origin)

Binder launches a published repository; the course cannot know in advance where it will be
published, so no link is written into the README: this prints the one for the remote, or says
why there is none. Standard library only.
"""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import quote

#: The notebook Binder opens first.
FIRST_NOTEBOOK = "notebooks/01_start_here.ipynb"

_HOSTED = re.compile(
    r"(?:https?://|ssh://)?(?:[^@/]+@)?(?P<host>github\.com|gitlab\.com)[:/]"
    r"(?P<owner>[A-Za-z0-9_.-]+)/(?P<repo>[A-Za-z0-9_.-]+?)(?:\.git)?/?"
)


def binder_url(remote: str, notebook: str = FIRST_NOTEBOOK) -> str | None:
    """The mybinder.org link for a GitHub or GitLab remote URL (None for any other remote)::

        https://mybinder.org/v2/gh/<owner>/<repo>/HEAD?labpath=notebooks%2F01_start_here.ipynb
    """
    match = _HOSTED.fullmatch(remote.strip())
    if not match:
        return None
    owner, repo = match["owner"], match["repo"]
    where = (f"gh/{owner}/{repo}" if match["host"] == "github.com"
             else f"gl/{quote(f'{owner}/{repo}', safe='')}")
    return f"https://mybinder.org/v2/{where}/HEAD?labpath={quote(notebook, safe='')}"


def main(argv: list[str]) -> int:
    remote = argv[0] if argv else "origin"
    found = subprocess.run(["git", "remote", "get-url", remote], capture_output=True, text=True)
    if found.returncode != 0:
        print(f"no git remote {remote!r}: publish the repository on GitHub, then the link is "
              f"https://mybinder.org/v2/gh/<owner>/<repo>/HEAD?labpath="
              f"{quote(FIRST_NOTEBOOK, safe='')}", file=sys.stderr)
        return 1
    url = binder_url(found.stdout)
    if url is None:
        print(f"remote {remote!r} ({found.stdout.strip()}) is not on GitHub or GitLab: Binder "
              "cannot launch it", file=sys.stderr)
        return 1
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
