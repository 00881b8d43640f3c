"""Known vulnerabilities of the locked dependencies (``make check`` runs this).

``python -m wohnbuendnis.lib.dependency_audit [requirements/constraints.txt]`` asks pip-audit
about every pinned version of the constraints file (no resolving, no install) and decides:

* exit 1 when a pinned version has a known vulnerability (each one is listed);
* exit 0 with "Abhängigkeitsprüfung übersprungen: …" when the vulnerability database cannot be
  reached: a machine without internet must still pass ``make check``. pip-audit itself says
  "No known vulnerabilities found" when PyPI answers "not found" for every package (as a proxy
  without the JSON API does), so a run that audited nothing counts as skipped, never as clean;
* exit 2 when pip-audit fails for another reason (a broken constraints file, a missing tool).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CONSTRAINTS = Path("requirements/constraints.txt")
SOCKET_TIMEOUT = 10  # seconds per request to the vulnerability database
TOTAL_TIMEOUT = 300  # seconds for the whole audit
SKIPPED = "Abhängigkeitsprüfung übersprungen: "
# What pip-audit (requests/urllib3) prints when the database cannot be reached at all.
UNREACHABLE_SIGNS = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "NameResolutionError",
    "Name or service not known",
    "Temporary failure in name resolution",
    "Max retries exceeded",
    "Connection refused",
    "Network is unreachable",
    "timed out",
)


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    message: str


def judge(returncode: int, stdout: str, stderr: str) -> Verdict:
    """Turn one pip-audit run (``--format json``) into an exit code and a German message."""
    try:
        report = json.loads(stdout)
        dependencies = report["dependencies"]
    except (ValueError, TypeError, KeyError):
        return _failed_run(returncode, stderr)
    vulnerable = [
        f"  {dep['name']} {dep.get('version', '')}: {vuln['id']}"
        + (f" (behoben in {', '.join(vuln['fix_versions'])})" if vuln.get("fix_versions") else "")
        for dep in dependencies
        for vuln in dep.get("vulns") or []
    ]
    if vulnerable:
        return Verdict(
            1,
            f"Abhängigkeitsprüfung: {len(vulnerable)} bekannte Schwachstelle(n) in den "
            "festgelegten Versionen – Version in requirements/constraints.txt anheben:\n"
            + "\n".join(vulnerable),
        )
    skipped = [dep["name"] for dep in dependencies if dep.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    if audited == 0:
        return Verdict(
            0,
            SKIPPED + f"die Schwachstellendatenbank kannte keines der {len(dependencies)} "
            "Pakete (vermutlich nicht erreichbar oder nur ein Paket-Spiegel ohne Prüfdaten).",
        )
    note = f"; nicht geprüft: {', '.join(skipped)}" if skipped else ""
    return Verdict(
        0, f"Abhängigkeitsprüfung: {audited} Pakete geprüft, keine bekannten Schwachstellen{note}."
    )


def _failed_run(returncode: int, stderr: str) -> Verdict:
    last = next((line.strip() for line in reversed(stderr.splitlines()) if line.strip()), "")
    if any(sign in stderr for sign in UNREACHABLE_SIGNS):
        return Verdict(0, SKIPPED + f"die Schwachstellendatenbank ist nicht erreichbar ({last}).")
    return Verdict(2, f"Abhängigkeitsprüfung fehlgeschlagen (pip-audit, Code {returncode}): {last}")


def audit(constraints: Path, extra_args: tuple[str, ...] = ()) -> Verdict:
    """Run pip-audit on the pinned versions of ``constraints`` and judge the result."""
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        str(constraints),
        "--no-deps",  # every version is pinned: audit exactly these, resolve nothing
        "--disable-pip",
        "--format",
        "json",
        "--progress-spinner",
        "off",
        "--timeout",
        str(SOCKET_TIMEOUT),
        *extra_args,
    ]
    try:
        run = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            command, capture_output=True, text=True, timeout=TOTAL_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return Verdict(0, SKIPPED + f"keine Antwort der Datenbank in {TOTAL_TIMEOUT} s.")
    return judge(run.returncode, run.stdout, run.stderr)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    constraints = Path(args[0]) if args else DEFAULT_CONSTRAINTS
    verdict = audit(constraints, tuple(args[1:]))
    print(verdict.message, file=sys.stderr if verdict.exit_code else sys.stdout)
    return verdict.exit_code


if __name__ == "__main__":
    sys.exit(main())
