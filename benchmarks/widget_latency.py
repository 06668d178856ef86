"""How long a class waits for a picture: each notebook's main control, in JupyterLab in
Chromium (the browser tests' harness: Debian's Chromium, a JupyterLab on a loopback port).

For each notebook with widgets, run all its cells, then press its spec's key on its spec's
control (``tests/e2e/specs``) several times, alternating with the opposite key, and time in
the page, from the key's ``keydown``: the label change (the kernel's round trip) and the new
picture (the Output widget's new image, decoded). The ratio is median picture time over median
label time, a label faster than 100 ms counting as 100 ms (so the goal of 4 means a picture
within about 400 ms). One row per notebook whose widget draws a picture (its spec expects a
redraw; notebook 12's table has none to wait for); skipped (no row) without Chromium.
"""

from __future__ import annotations

import statistics
from typing import Any

from . import Result

GOAL = 4.0
FLOOR_MS = 100.0

#: In the page: wait for the label (``label``) to change and for a new decoded image in the
#: Output widget of the widget holding ``control``; times from the next keydown.
WATCH = """([control, label, index]) => { window.mlLatency = new Promise((resolve, reject) => {
  const root = document.querySelectorAll('.' + control)[index]
    .closest('.jp-OutputArea-output') || document.body;
  const text = document.querySelectorAll('.' + label)[index];
  const picture = () => root.querySelector('.widget-output img');
  const before = {text: text.innerText, src: picture() ? picture().src : ''};
  const times = {};
  let start = null;
  const done = () => { if (times.label && times.picture) resolve(times); };
  document.addEventListener('keydown', () => { start = performance.now(); },
                            {capture: true, once: true});
  const check = () => {
    if (start === null) return;
    if (!times.label && text.innerText !== before.text) {
      times.label = performance.now() - start; done();
    }
    const img = picture();
    if (!times.picture && !times.waiting && img && img.src !== before.src) {
      times.waiting = true;
      img.decode().catch(() => null).then(() => {
        times.picture = performance.now() - start; done();
      });
    }
  };
  new MutationObserver(check).observe(root, {subtree: true, childList: true,
                                             characterData: true, attributes: true});
  setTimeout(() => reject(new Error('no change within 30 s')), 30000);
}); return true; }"""

OPPOSITE = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight", "ArrowUp": "ArrowDown",
            "ArrowDown": "ArrowUp"}


def _press(page: Any, spec: Any, key: str) -> dict[str, float]:
    from tests.e2e import browser as ui

    page.evaluate(WATCH, [spec.control, spec.output, spec.index])
    element = ui.control_element(page, spec)
    element.focus()
    page.keyboard.press(key)
    times: dict[str, float] = page.evaluate("window.mlLatency")
    return times


def measure(page: Any, lab: Any, notebook: Any, presses: int) -> Result:
    """The latency ratio of one notebook's main control."""
    from tests.e2e import browser as ui
    from tests.e2e.spec import load_spec, widget_outputs

    spec = load_spec(notebook)
    path = f"notebooks/{notebook.name}"
    ui.open_notebook(page, lab.notebook_url(path, f"bench-{notebook.stem}"), path)
    ui.run_all(page, path)
    ui.wait_for_widgets(page, widget_outputs(notebook), path)
    ui.control_element(page, spec).scroll_into_view_if_needed()
    labels, pictures = [], []
    for i in range(presses):
        key = spec.key if i % 2 == 0 else OPPOSITE.get(spec.key, spec.key)
        times = _press(page, spec, key)
        labels.append(times["label"])
        pictures.append(times["picture"])
    label, picture = statistics.median(labels), statistics.median(pictures)
    ratio = picture / max(label, FLOOR_MS)
    return Result(f"widget_latency {notebook.stem}", ratio, GOAL,
                  f".{spec.control} {spec.key}: label after {label:.0f} ms, picture after "
                  f"{picture:.0f} ms (a label under {FLOOR_MS:.0f} ms counts as "
                  f"{FLOOR_MS:.0f}); median of {presses} presses",
                  f"{picture:.0f} ms", f"{max(label, FLOOR_MS):.0f} ms")


def run(presses: int = 6) -> list[Result]:
    """One row per notebook whose widget draws a picture; none without Chromium."""
    import sys

    from tests.e2e.servers import VIEWPORT, LabServer, chromium_path
    from tests.e2e.spec import load_spec, widget_notebooks

    if chromium_path() is None:
        print("widget_latency: chromium not installed, skipped", file=sys.stderr)
        return []
    notebooks = []
    for notebook in widget_notebooks():
        if load_spec(notebook).redraw:
            notebooks.append(notebook)
        else:
            print(f"widget_latency: {notebook.stem} draws no picture, skipped", file=sys.stderr)
    from playwright.sync_api import sync_playwright

    from tests.e2e import browser as ui

    results = []
    with LabServer() as lab, sync_playwright() as playwright:
        browser = ui.launch(playwright)
        try:
            for notebook in notebooks:
                context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
                try:
                    results.append(measure(context.new_page(), lab, notebook, presses))
                finally:
                    context.close()
                    lab.shutdown_sessions()
        finally:
            browser.close()
    return results
