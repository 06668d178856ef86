"""Driving JupyterLab and Voila pages in headless Chromium (Playwright's sync API).

Everything here waits with a deadline and, when the deadline passes, says what it was waiting
for and what it saw instead. A browser test therefore fails in bounded time with a message like
"the kernel died while running notebooks/04_unrealized_pnl.ipynb" rather than hanging.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.e2e.servers import CHROMIUM_ARGS, chromium_path
from tests.e2e.spec import Spec

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Playwright

#: Text and classes the widget manager shows instead of a widget it could not render.
WIDGET_ERRORS = ("Error displaying widget", "model not found", "Failed to load model class",
                 "Failed to load view class", "Could not create a view")
ERROR_WIDGET = ".jupyter-widgets-error-widget"

#: Kernel states that mean the kernel is gone (JupyterLab restarts a dead kernel by itself).
KERNEL_GONE = ("dead", "restarting", "autorestarting", "terminating")

#: How often waits look again.
POLL = 0.25


class BrowserTestError(AssertionError):
    """A browser test step failed (an AssertionError, so pytest reports it as a failure)."""


class KernelDied(BrowserTestError):
    """The notebook's kernel died (or was restarted) while the test used it."""


class CellFailed(BrowserTestError):
    """A cell raised an exception."""


class WaitTimeout(BrowserTestError):
    """Something did not happen in time."""


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless, quiet and offline (never a downloaded browser)."""
    executable = chromium_path()
    if executable is None:
        raise BrowserTestError("chromium not found: install Debian's chromium (make browser)")
    return playwright.chromium.launch(executable_path=executable, headless=True,
                                      args=CHROMIUM_ARGS, timeout=60_000)


def wait_until(check: Callable[[], Any], timeout: float, what: Callable[[], str]) -> Any:
    """Call ``check`` until it returns something truthy; after ``timeout`` s raise WaitTimeout
    with ``what()`` (which describes what was awaited and what was last seen)."""
    __tracebackhide__ = True
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise WaitTimeout(f"after {timeout:.0f} s: {what()}")
        time.sleep(POLL)


def clean(text: str) -> str:
    """A page's text with non-breaking spaces as spaces and runs of blanks collapsed."""
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


# --------------------------------------------------------------------------------------------
# JupyterLab
# --------------------------------------------------------------------------------------------

#: The open notebook, read from JupyterLab's own model (``window.jupyterapp``, exposed by the
#: server's ``expose_app_in_browser``): the kernel's status, any dialog shown, and per code cell
#: its execution count, whether it is queued or running, its errors and its widget outputs.
NOTEBOOK_STATE = """() => {
  const app = window.jupyterapp;
  if (!app) return null;
  const panel = Array.from(app.shell.widgets('main'))
    .find(w => w.content && w.content.model && w.content.model.cells && w.sessionContext);
  if (!panel) return null;
  const dialog = document.querySelector('.jp-Dialog');
  const cells = Array.from(panel.content.model.cells).filter(c => c.type === 'code')
    .map(c => {
      const errors = [];
      let widgets = 0;
      for (let i = 0; i < c.outputs.length; i++) {
        const output = c.outputs.get(i);
        if (output.type === 'error') {
          const raw = output.toJSON();
          errors.push(`${raw.ename}: ${raw.evalue}`);
        }
        if (output.data && output.data['application/vnd.jupyter.widget-view+json']) widgets++;
      }
      return {count: c.executionCount, running: c.executionState === 'running', errors, widgets};
    });
  return {
    path: panel.context.path,
    ready: panel.sessionContext.isReady,
    status: panel.sessionContext.kernelDisplayStatus,
    dialog: dialog ? dialog.innerText : '',
    cells,
  };
}"""

#: The widget views on the page: views at the top of an output (not inside another widget),
#: error views, the widget manager's error texts, and Output widgets that show nothing.
WIDGET_STATE = """(errors) => {
  const views = Array.from(document.querySelectorAll('.jupyter-widgets'));
  const roots = views.filter(v => !v.parentElement.closest('.jupyter-widgets'));
  const text = document.body.innerText;
  const outputs = Array.from(document.querySelectorAll('.widget-output'));
  return {
    roots: roots.length,
    errorViews: Array.from(document.querySelectorAll('.jupyter-widgets-error-widget'))
      .map(e => e.innerText.slice(0, 300)),
    errorTexts: errors.filter(e => text.includes(e)),
    outputs: outputs.length,
    emptyOutputs: outputs.filter(o => !o.querySelector('.jp-OutputArea-output')).length,
    images: outputs.reduce((n, o) => n + o.querySelectorAll('img').length, 0),
  };
}"""


def notebook_state(page: Page) -> dict[str, Any] | None:
    """JupyterLab's view of the open notebook (see :data:`NOTEBOOK_STATE`)."""
    state: dict[str, Any] | None = page.evaluate(NOTEBOOK_STATE)
    return state


def check_kernel(state: dict[str, Any] | None, path: str) -> None:
    """Raise KernelDied if the kernel is gone or JupyterLab says it died."""
    if state is None:
        return
    if state["status"] in KERNEL_GONE or "died" in state["dialog"]:
        dialog = f"; JupyterLab says: {clean(state['dialog'])}" if state["dialog"] else ""
        raise KernelDied(f"the kernel of {path} died (status {state['status']!r}){dialog}")


def open_notebook(page: Page, url: str, path: str, timeout: float = 90.0) -> None:
    """Open a notebook in JupyterLab and wait until its kernel has started and is idle."""
    page.goto(url, timeout=timeout * 1000)
    last: list[Any] = [None]

    def ready() -> bool:
        state = last[0] = notebook_state(page)
        check_kernel(state, path)
        return bool(state and state["path"] == path and state["ready"]
                    and state["status"] == "idle")

    wait_until(ready, timeout, lambda: f"{path}: no idle kernel (last seen: {summary(last[0])})")


def summary(state: dict[str, Any] | None) -> str:
    """A short description of a notebook state for messages."""
    if state is None:
        return "JupyterLab not loaded"
    counts = [c["count"] for c in state["cells"]]
    return (f"kernel {state['status']!r}, ready {state['ready']}, execution counts {counts}"
            + (f", dialog {clean(state['dialog'])!r}" if state["dialog"] else ""))


def menu(page: Page, title: str, command: str) -> None:
    """Click a main-menu entry (``title``, e.g. "Run") and then its item running ``command``."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(f"^{re.escape(title)}$")).click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


def run_all(page: Page, path: str, timeout: float = 300.0) -> dict[str, Any]:
    """Clear every output, run every cell (Run → Run All Cells), wait for the kernel to be idle.

    Raises KernelDied, CellFailed (with the exception each failing cell raised) or WaitTimeout.
    Returns the final notebook state. Every code cell must have run once, in order, in the fresh
    kernel: execution counts 1, 2, ..., n.
    """
    menu(page, "Edit", "editmenu:clear-all")
    wait_until(lambda: all(c["count"] is None for c in notebook_state(page)["cells"]),  # type: ignore[index]
               30, lambda: f"{path}: outputs not cleared")
    menu(page, "Run", "runmenu:run-all")
    last: list[Any] = [None]

    def finished() -> bool:
        state = last[0] = notebook_state(page)
        check_kernel(state, path)
        assert state is not None
        failed = [f"code cell {i + 1}: {e}" for i, c in enumerate(state["cells"])
                  for e in c["errors"]]
        if failed:
            raise CellFailed(f"{path}: " + "; ".join(failed))
        return state["status"] == "idle" and all(
            c["count"] is not None and not c["running"] for c in state["cells"]
        )

    state: dict[str, Any] = wait_until(
        lambda: finished() and last[0], timeout,
        lambda: f"{path}: cells still running or not run ({summary(last[0])})",
    )
    counts = [c["count"] for c in state["cells"]]
    if counts != list(range(1, len(counts) + 1)):
        raise BrowserTestError(f"{path}: cells did not run once each in order: {counts}")
    return state


# --------------------------------------------------------------------------------------------
# Widgets (JupyterLab and Voila alike)
# --------------------------------------------------------------------------------------------


def widget_state(page: Page) -> dict[str, Any]:
    """What the page shows of its widgets (see :data:`WIDGET_STATE`)."""
    state: dict[str, Any] = page.evaluate(WIDGET_STATE, list(WIDGET_ERRORS))
    return state


def check_widget_errors(state: dict[str, Any], where: str) -> None:
    """Fail on any "Error displaying widget" (or similar) and any error view."""
    problems = [*state["errorTexts"], *state["errorViews"]]
    if problems:
        raise BrowserTestError(f"{where}: widget errors on the page: {problems}")


def wait_for_widgets(page: Page, expected: int, where: str,
                     timeout: float = 60.0) -> dict[str, Any]:
    """Wait until ``expected`` widget views are rendered and every Output widget shows
    something; fail at once on a widget error. Returns the widget state."""
    last: list[Any] = [None]

    def rendered() -> bool:
        state = last[0] = widget_state(page)
        check_widget_errors(state, where)
        return bool(state["roots"] == expected and state["emptyOutputs"] == 0)

    state: dict[str, Any] = wait_until(
        lambda: rendered() and last[0], timeout,
        lambda: f"{where}: expected {expected} rendered widget view(s) with every Output widget "
                f"filled; the page shows {last[0]}",
    )
    return state


# --------------------------------------------------------------------------------------------
# Voila
# --------------------------------------------------------------------------------------------

#: What Voila shows when a cell raised.
VOILA_ERRORS = ("There was an error when executing cell", "Traceback (most recent call last)")


def open_voila(page: Page, url: str, where: str, widgets: int,
               timeout: float = 120.0) -> dict[str, Any]:
    """Load a Voila page and wait until its ``widgets`` widget views are rendered.

    Voila streams the page while it runs the notebook, so the page's load event is the end of
    the run: a run that never ends is reported as such.
    """
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.goto(url, wait_until="load", timeout=timeout * 1000)
    except PlaywrightError as error:
        raise WaitTimeout(
            f"{where}: the Voila page did not finish loading within {timeout:.0f} s (a cell "
            f"still running, or a kernel that died?): {str(error).splitlines()[0]}"
        ) from error
    text = page.inner_text("body")
    failed = [marker for marker in VOILA_ERRORS if marker in text]
    if failed:
        raise CellFailed(f"{where}: Voila reports a failing cell: {failed}")
    return wait_for_widgets(page, widgets, where, timeout)


def code_lines(notebook: Path) -> list[str]:
    """Lines of a notebook's code worth looking for on a page (no comments, none too short)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    lines: list[str] = []
    for cell in cells:
        if cell["cell_type"] == "code":
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            lines += [line.strip() for line in source.splitlines()
                      if len(line.strip()) >= 12 and not line.strip().startswith("#")]
    return lines


#: Where code would show on a page: input areas of code cells, editors, prompts.
CODE_SELECTORS = (".jp-CodeCell .jp-InputArea", ".jp-InputPrompt", ".cm-editor", ".CodeMirror")


def visible_code(page: Page, notebook: Path) -> list[str]:
    """Code the page shows: visible code input areas and lines of the notebook's code."""
    found = [f"{selector} × {len(shown)}" for selector in CODE_SELECTORS
             if (shown := [box for box in page.locator(selector).all() if box.is_visible()])]
    text = page.inner_text("body")
    return found + [line for line in code_lines(notebook) if line in text]


def control_element(page: Page, spec: Spec) -> Locator:
    """The focusable part of the spec's control: a slider's handle, else its input/select."""
    control = page.locator(f".{spec.control}").nth(spec.index)
    for inner in (".noUi-handle", "input, select, textarea", "button"):
        found = control.locator(inner)
        if found.count():
            return found.first
    return control


def output_text(page: Page, spec: Spec) -> str:
    """The text the spec's output shows now."""
    return clean(page.locator(f".{spec.output}").nth(spec.index).inner_text(timeout=10_000))


def images(page: Page) -> list[str]:
    """The figures shown by Output widgets (their sources)."""
    found: list[str] = page.eval_on_selector_all(
        ".widget-output img", "imgs => imgs.map(i => i.getAttribute('src') || '')"
    )
    return found


def move(page: Page, spec: Spec, where: str, timeout: float = 30.0,
         kernel: Callable[[], None] | None = None) -> str:
    """Apply the spec: focus the control, press its key, wait for the expected text (and, if
    the spec says so, for the figure to be redrawn). Returns the output's final text.

    ``kernel`` (optional) is called while waiting and raises if the kernel died.
    """
    expected = spec.expected()
    before = output_text(page, spec)
    if expected in before:
        raise BrowserTestError(
            f"{where}: .{spec.output} already shows {expected!r} before the move, so the test "
            "could not fail; choose another move"
        )
    pictures = images(page)
    element = control_element(page, spec)
    element.scroll_into_view_if_needed(timeout=10_000)
    element.focus(timeout=10_000)
    for _ in range(spec.presses):
        page.keyboard.press(spec.key)
    seen = [before]

    def shows() -> bool:
        if kernel is not None:
            kernel()
        seen[0] = output_text(page, spec)
        return expected in seen[0]

    wait_until(shows, timeout, lambda: (
        f"{where}: after {spec.presses} × {spec.key} on .{spec.control}, .{spec.output} shows "
        f"{seen[0]!r} (before: {before!r}); marginlib expects {expected!r}"
    ))
    if spec.redraw:
        wait_until(lambda: images(page) != pictures, timeout, lambda: (
            f"{where}: the text changed but no figure was redrawn after the move "
            f"({len(pictures)} figure(s) on the page)"
        ))
    check_widget_errors(widget_state(page), where)
    return seen[0]


# --------------------------------------------------------------------------------------------
# Layout at 1366 x 768
# --------------------------------------------------------------------------------------------

#: What runs past its column in the open notebook: output areas whose content is wider than
#: they are, and typeset equations wider than their cell (each with the start of its text).
OVERFLOW = """() => {
  const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook')
    || document.body;
  const text = e => (e.innerText || e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  const outputs = Array.from(notebook.querySelectorAll('.jp-OutputArea-output'))
    .filter(o => o.offsetParent !== null && o.scrollWidth > o.clientWidth + 1)
    .map(o => `output ${o.scrollWidth} px in ${o.clientWidth} px: ${text(o)}`);
  const math = Array.from(notebook.querySelectorAll('mjx-container'))
    .filter(m => {
      const cell = m.closest('.jp-RenderedHTMLCommon') || m.parentElement;
      const box = m.getBoundingClientRect(), column = cell.getBoundingClientRect();
      return m.scrollWidth > m.clientWidth + 1 || box.right > column.right + 1
        || m.scrollWidth > cell.clientWidth + 1;
    })
    .map(m => `equation ${m.scrollWidth} px in ${(m.closest('.jp-RenderedHTMLCommon')
      || m.parentElement).clientWidth} px: ${(m.getAttribute('aria-label')
      || text(m)).slice(0, 60)}`);
  return {outputs, math, typeset: notebook.querySelectorAll('mjx-container').length};
}"""


def overflow(page: Page) -> dict[str, Any]:
    """What runs past its column (see :data:`OVERFLOW`)."""
    found: dict[str, Any] = page.evaluate(OVERFLOW)
    return found


def wait_for_math(page: Page, timeout: float = 30.0) -> int:
    """Wait until MathJax has typeset the notebook (the count of equations stops changing);
    returns how many there are."""
    seen: list[int] = []

    def settled() -> bool:
        seen.append(overflow(page)["typeset"])
        return len(seen) >= 5 and len(set(seen[-5:])) == 1

    wait_until(settled, timeout, lambda: f"MathJax still typesetting ({seen[-3:]})")
    return seen[-1]


def box(page: Page, selector: str) -> dict[str, float]:
    """The bounding box (x, y, width, height, right, bottom, in CSS pixels) of the first element
    matching ``selector``, and the page's scroll sizes."""
    found: dict[str, float] = page.evaluate("""(selector) => {
      const e = document.querySelector(selector);
      if (!e) return null;
      const b = e.getBoundingClientRect();
      return {x: b.x, y: b.y, width: b.width, height: b.height, right: b.right,
              bottom: b.bottom, scrollWidth: e.scrollWidth, clientWidth: e.clientWidth};
    }""", selector)
    if found is None:
        raise BrowserTestError(f"nothing on the page matches {selector!r}")
    return found


def scroll_to_top(page: Page, selector: str) -> None:
    """Scroll the page (or the notebook) so that the element's top is at the top."""
    page.locator(selector).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
