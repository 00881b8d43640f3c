"""Helpers of the end-to-end tests (Playwright on Debian's Chromium, axe-core).

The fixtures ``browser`` and ``page`` live in ``src/wohnbuendnis/conftest.py``; tests use
``sign_in(page, "koordination")`` and ``assert axe_violations(page) == []``.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
AXE = REPO / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "docs" / "screenshots"
BLOCKING = {"serious", "critical"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA (and best-practice) violations of the page."""
    # a click's navigation may have committed the next page without having parsed it yet
    # (no <head> to add the script to): wait until it is there, as axe would in a person's tab
    page.wait_for_load_state("domcontentloaded")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa', 'best-practice']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def sign_in(page, username: str, password: str = "wohnen-musterstadt") -> None:  # noqa: S107
    """Sign in through the login form, as a person would."""
    page.goto("/konto/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").last.click()
    # "**/" would match the login page itself: wait until the browser has left it
    page.wait_for_url(lambda url: "/konto/anmelden/" not in url)


def screenshot(page, name: str, *, full_page: bool = True, element=None, at=None) -> None:
    """Save a screenshot for the README (docs/screenshots/NAME.png) when the screenshots are
    wanted (``make screenshots``); a plain test run leaves them alone, so the working tree
    stays clean. ``full_page=False``: only the viewport (1280×900), for long forms;
    ``element``: only that locator's box (one chart of a long result page); ``at``: the
    viewport from that locator on (a section further down a long form)."""
    if os.environ.get("WOHNBUENDNIS_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if at is not None:
        at.evaluate("node => node.scrollIntoView({block: 'start', behavior: 'instant'})")
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        return
    if element is not None:
        element.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        return
    if not full_page:  # filling a form scrolled down: show the page from its heading
        page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def pdf_page_screenshot(pdf: bytes, name: str, page: int) -> None:
    """Save page ``page`` of a generated PDF report as docs/screenshots/NAME.png (poppler's
    pdftoppm, 60 dpi: a page readable in the README) when the screenshots are wanted."""
    if os.environ.get("WOHNBUENDNIS_SCREENSHOTS") != "1":
        return
    import shutil
    import subprocess
    import tempfile

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 (poppler with our own temporary file)
            [shutil.which("pdftoppm") or "pdftoppm", "-png", "-r", "60", "-f", str(page),
             "-l", str(page), "-singlefile", str(source), str(SCREENSHOTS / name)],
            check=True, capture_output=True,
        )  # fmt: skip
