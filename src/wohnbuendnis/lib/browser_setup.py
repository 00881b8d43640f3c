"""Make sure Debian's Chromium is there for the browser tests, and poppler-utils (pdftotext,
pdfinfo, pdffonts) for the report tests (``make test`` runs this first).

We never download a browser of Playwright's own: the tests drive ``/usr/bin/chromium``. When it is
missing and we may use apt (root on Debian/Ubuntu), we install it and say so; otherwise we say
what to run, and the browser tests skip with that message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def ensure_chromium() -> bool:
    if os.path.exists(CHROMIUM):
        return True
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        print(
            f"browser tests: {CHROMIUM} is missing; install it with "
            "'sudo apt-get install chromium' (the browser tests skip until then)",
            file=sys.stderr,
        )
        return False
    print("browser tests: installing Debian's chromium with apt-get …", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [apt, "install", "-y", "--no-install-recommends", "chromium"]
    if subprocess.run(install, env=env, check=False).returncode != 0:  # noqa: S603
        subprocess.run([apt, "update"], env=env, check=False)  # noqa: S603
        subprocess.run(install, env=env, check=False)  # noqa: S603
    return os.path.exists(CHROMIUM)


def ensure_poppler() -> bool:
    """pdftotext/pdfinfo check the reports' PDFs (text, tags, embedded fonts); the tests that
    need them skip with a message when they are missing."""
    if shutil.which("pdftotext") and shutil.which("pdfinfo"):
        return True
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        print(
            "report tests: pdftotext/pdfinfo are missing; install them with "
            "'sudo apt-get install poppler-utils' (the PDF text checks skip until then)",
            file=sys.stderr,
        )
        return False
    print("report tests: installing poppler-utils with apt-get …", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [apt, "install", "-y", "--no-install-recommends", "poppler-utils"]
    if subprocess.run(install, env=env, check=False).returncode != 0:  # noqa: S603
        subprocess.run([apt, "update"], env=env, check=False)  # noqa: S603
        subprocess.run(install, env=env, check=False)  # noqa: S603
    return shutil.which("pdftotext") is not None


if __name__ == "__main__":
    ensure_chromium()
    ensure_poppler()
