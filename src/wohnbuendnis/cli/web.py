"""``wohnbuendnis demo``, ``serve`` and ``manage``: the web platform."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys

DEMO_ROLES = [
    ("koordination", "Koordination"),
    ("fachamt", "Fachamt / Statistik"),
    ("wohnungsamt", "Wohnungsamt"),
    ("vermieter", "Vermieter"),
    ("sozialtraeger", "Sozialträger"),
    ("politik", "Politik / Beirat"),
    ("mitglied", "Mitglied"),
    ("region", "Koordination des Regionalen Wohnbündnisses"),
    ("land", "Koordination der Allianz für Wohnen in Musterland"),
    ("jobcenter", "Jobcenter"),
    ("sozialamt", "Sozialamt"),
    ("datenschutz", "Datenschutzbeauftragte/r"),
    ("admin", "Administration (Django-Admin)"),
]


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="Demo „Musterstadt“ anlegen und starten / create and serve the demo",
        description="Legt die eingebettete SQLite-Datenbank mit dem Demo-Bündnis „Musterstadt“ "
        "an (oder aktualisiert sie) und startet die Plattform. / Creates or updates the embedded "
        "SQLite database with the generated demo alliance and serves the platform.",
    )
    demo.add_argument("--port", type=int, default=8000, help="Port (default 8000)")
    demo.add_argument(
        "--no-serve", action="store_true", help="nur Daten anlegen / only prepare the data"
    )
    demo.set_defaults(handler=run_demo)

    serve = subparsers.add_parser(
        "serve",
        help="Plattform mit der konfigurierten Datenbank starten / serve the platform",
        description="Startet die Plattform mit gunicorn und der konfigurierten Datenbank "
        "(DATABASE_URL). / Serves the platform with gunicorn and the configured database.",
    )
    serve.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "3")))
    serve.set_defaults(handler=run_serve)

    manage = subparsers.add_parser(
        "manage",
        help="Django-Verwaltungsbefehle / Django management commands",
        description="Führt einen Django-Verwaltungsbefehl aus (migrate, createsuperuser, "
        "Importe …). / Runs a Django management command.",
        add_help=False,
    )
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=run_manage)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wohnbuendnis.config.settings")
    import django

    django.setup()


def run_demo(args: argparse.Namespace) -> int:
    os.environ["WOHNBUENDNIS_DEMO"] = "1"
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from wohnbuendnis import demo

    call_command("migrate", interactive=False, verbosity=0)
    created = demo.generate()
    print("Demo-Daten angelegt." if created else "Demo-Daten sind schon vorhanden.")
    if args.no_serve:
        return 0
    _print_demo_banner(args.port, settings.DEMO_PASSWORD)
    # The background tasks (forecast runs, the daily retention job) run in a worker beside the
    # server.
    worker = _start_worker()
    try:
        call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, skip_checks=False)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return 0


def _print_demo_banner(port: int, password: str) -> None:
    print()
    print(f"  wohnbuendnis – Demo „Musterstadt“:  http://127.0.0.1:{port}/")
    print(f"  Demo-Zugänge (Passwort für alle: {password}):")
    for username, role in DEMO_ROLES:
        print(f"    {username:<15} {role}")
    print("  Beenden mit Strg+C / stop with Ctrl+C")
    print()
    sys.stdout.flush()


def run_serve(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("check", deploy=True, fail_level="ERROR")
    gunicorn = [
        sys.executable, "-m", "gunicorn", "wohnbuendnis.config.wsgi", "--bind", args.bind,
        "--workers", str(args.workers), "--access-logfile", "-",
    ]  # fmt: skip
    # The task worker (forecast runs, the daily retention job) runs beside the WSGI server and
    # ends with it; SIGTERM (systemd, docker stop) ends both.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    worker = _start_worker()
    server = subprocess.Popen(gunicorn)  # noqa: S603 - our own interpreter and arguments
    try:
        return server.wait()
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=30)


def _start_worker() -> subprocess.Popen:
    """``manage worker``: schedules the daily jobs, then processes the task queue."""
    return subprocess.Popen([sys.executable, "-m", "wohnbuendnis.cli", "manage", "worker"])


def run_manage(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wohnbuendnis manage", *args.args])
    return 0
