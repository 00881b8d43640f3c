"""The dependency audit of ``make check``: red on a known vulnerability, skipped (green, with a
message) when the vulnerability database cannot be reached, never a false "clean"."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from wohnbuendnis.lib.dependency_audit import SKIPPED, audit, judge


class FakeOsv(BaseHTTPRequestHandler):
    """An OSV query endpoint that knows one vulnerability: of django 5.2.0."""

    def do_POST(self):
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body = {}
        if query["package"]["name"] == "django" and query["version"] == "5.2.0":
            body = {
                "vulns": [
                    {
                        "id": "PYSEC-0000-1",
                        "summary": "test vulnerability",
                        "affected": [
                            {
                                "package": {"name": "django", "ecosystem": "PyPI"},
                                "ranges": [
                                    {
                                        "type": "ECOSYSTEM",
                                        "events": [{"introduced": "0"}, {"fixed": "5.2.1"}],
                                    }
                                ],
                            }
                        ],
                    }
                ]
            }
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_osv():
    server = HTTPServer(("127.0.0.1", 0), FakeOsv)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1/query"
    server.shutdown()
    server.server_close()


def _service(url: str, tmp_path) -> tuple[str, ...]:
    return ("--vulnerability-service", "osv", "--osv-url", url, "--cache-dir", str(tmp_path))


def test_a_known_vulnerability_fails_the_check(fake_osv, tmp_path):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("Django==5.2.0\nrules==3.5\n")
    verdict = audit(constraints, _service(fake_osv, tmp_path / "cache"))
    assert verdict.exit_code == 1
    assert "django 5.2.0: PYSEC-0000-1 (behoben in 5.2.1)" in verdict.message


def test_clean_versions_pass_the_check(fake_osv, tmp_path):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("Django==5.2.1\nrules==3.5\n")
    verdict = audit(constraints, _service(fake_osv, tmp_path / "cache"))
    assert verdict.exit_code == 0
    assert "2 Pakete geprüft, keine bekannten Schwachstellen" in verdict.message


def test_an_unreachable_database_skips_with_a_message(tmp_path):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("Django==5.2.0\n")
    # port 9 (discard) on this machine: nobody listens, the connection is refused at once
    verdict = audit(constraints, _service("http://127.0.0.1:9/v1/query", tmp_path / "cache"))
    assert verdict.exit_code == 0
    assert verdict.message.startswith(SKIPPED)


def test_a_run_that_audited_nothing_is_skipped_not_clean():
    """PyPI behind a mirror answers 404 for every package; pip-audit calls that "no known
    vulnerabilities" – we must not."""
    report = {
        "dependencies": [
            {"name": "django", "skip_reason": "Dependency not found on PyPI"},
            {"name": "rules", "skip_reason": "Dependency not found on PyPI"},
        ],
        "fixes": [],
    }
    verdict = judge(0, json.dumps(report), "")
    assert verdict.exit_code == 0
    assert verdict.message.startswith(SKIPPED)


def test_another_failure_of_pip_audit_is_an_error():
    verdict = judge(1, "", "ERROR: invalid requirement: 'Django=='\n")
    assert verdict.exit_code == 2
    assert "invalid requirement" in verdict.message
