"""Load benchmark of the web server (issue 18): the demo alliance on PostgreSQL, served as
``wohnbuendnis serve`` serves it (gunicorn, 3 workers, production settings), under locust with
every role of the demo and the public (``web_load_users.py``), think time 1–3 s.

Creates a throw-away PostgreSQL database, migrates it and generates the demo, starts the
server, runs locust headless for each number of users (default 10 and 50; the figures are taken
after the ramp-up) and once without think time (capacity), prints p50/p95/p99 per page,
requests per second, failures and the ratio to the targets, and stops the server and drops the
database at the end (also on failure)::

    .venv/bin/python benchmarks/web_load.py [--users 10,50] [--seconds 60] \\
        [--capacity-users 20] [--redis redis://127.0.0.1:6379/9] [--host 127.0.0.1]

Targets: p95 ≤ 150 ms on every page, login p95 ≤ 300 ms, 0 failures, ≥ 100 requests/s of
capacity. The load generator runs on the same machine as the server and takes CPU from it; on
a shared machine run it more than once and report the load next to the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGE_P95, LOGIN_P95, CAPACITY = 150.0, 300.0, 100.0

SETUP = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from wohnbuendnis import demo
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.forecast.models import ForecastRun
demo.generate()
alliance = Alliance.objects.get(slug=demo.CITY_SLUG)
run = ForecastRun.objects.filter(alliance=alliance, status="fertig").order_by("pk").first()
areas = list(alliance.area.children.order_by("key").values_list("pk", flat=True))
print(json.dumps({"slug": alliance.slug, "run": run.pk, "areas": areas,
                  "password": settings.DEMO_PASSWORD}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(database: str, host: str, redis: str | None, media: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WOHNBUENDNIS", "DEBUG"))}
    env.update(
        DJANGO_SETTINGS_MODULE="wohnbuendnis.config.settings",
        DATABASE_URL=f"postgres://postgres@{host}:5432/{database}",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        HTTPS="0",  # production settings, but plain HTTP on this machine (no TLS proxy)
        WOHNBUENDNIS_REQUIRE_2FA="0",  # the demo's people have no second factor set up
        # the demo sends invitations (consultations, meetings) when it commits: kept in memory
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MEDIA_ROOT=str(media),
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    if redis:
        # its own key prefix: the keys of this run are deleted at the end, no others
        env.update(REDIS_URL=redis, CACHE_KEY_PREFIX=database)
    return env


def _forget_redis_keys(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for name in client.scan_iter(match=f"{prefix}:*"):
        client.delete(name)


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if server.poll() is not None:
            raise SystemExit(f"the server ended with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit("the server did not answer within two minutes")


def _cpu_seconds(server_session: int, load_generator: int) -> dict[str, float]:
    """CPU seconds used so far by the web server (the processes of its session), PostgreSQL,
    Redis, the load generator and every process together, from /proc (Linux). A process's own
    time and that of its children it has reaped are counted: PostgreSQL's connections end
    after ``DATABASE_CONN_MAX_AGE``, and their time then moves to the postmaster."""
    tick = os.sysconf("SC_CLK_TCK")
    used = dict.fromkeys(("server", "database", "cache", "locust", "all"), 0.0)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        seconds = sum(int(f) for f in fields[11:15]) / tick  # utime, stime, cutime, cstime
        used["all"] += seconds
        if int(fields[3]) == server_session:
            used["server"] += seconds
        elif int(stat.parent.name) == load_generator:
            used["locust"] += seconds
        elif name.startswith("postgres"):
            used["database"] += seconds
        elif name.startswith("redis"):
            used["cache"] += seconds
    return used


def _cpu_per_request(before: dict[str, float], after: dict[str, float], requests: float) -> str:
    """Milliseconds of CPU per request by part: where the capacity goes."""
    parts = {k: max(after[k] - before[k], 0.0) for k in before}
    other = parts["all"] - sum(v for k, v in parts.items() if k != "all")
    per = 1000 / max(requests, 1.0)
    return (
        f"CPU per request: server {parts['server'] * per:.1f} ms, PostgreSQL "
        f"{parts['database'] * per:.1f} ms, Redis {parts['cache'] * per:.1f} ms, load generator "
        f"{parts['locust'] * per:.1f} ms, other processes {max(other, 0.0) * per:.1f} ms"
    )


def _locust(
    url: str, env: dict[str, str], users: int, seconds: int, out: Path, server: int
) -> tuple[Path, dict[str, float], dict[str, float], float]:
    """One headless locust run; statistics reset once every user is spawned. Returns the
    statistics file and the CPU used by each part over the measured seconds (from the end of
    the ramp-up to shortly before the end)."""
    prefix = out / f"u{users}{'-capacity' if env.get('WB_THINK') == '0' else ''}"
    spawn = max(1, users // 5)  # ramp-up of about 5 s
    ramp = users // spawn
    locust = subprocess.Popen(  # noqa: S603
        [
            sys.executable, "-m", "locust", "-f", str(HERE / "web_load_users.py"),
            "--headless", "--host", url, "--users", str(users), "--spawn-rate", str(spawn),
            "--run-time", f"{seconds + ramp}s", "--reset-stats",
            "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(out / "locust.log").open("a"),
    )  # fmt: skip
    time.sleep(ramp + 1)
    before, started = _cpu_seconds(server, locust.pid), time.monotonic()
    time.sleep(seconds - 2)
    after, window = _cpu_seconds(server, locust.pid), time.monotonic() - started
    locust.wait()
    return Path(f"{prefix}_stats.csv"), before, after, window


def _report(title: str, stats: Path, capacity: bool = False) -> dict[str, float]:
    rows = list(csv.DictReader(stats.open(encoding="utf-8")))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: r["Name"])
    print(f"\n## {title}\n")
    print("| page | requests | failures | p50 ms | p95 ms | p99 ms | target p95 | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    worst = 0.0
    for row in pages:
        target = LOGIN_P95 if row["Name"] == "login" else PAGE_P95
        p95 = float(row["95%"]) if row["95%"] != "N/A" else 0.0
        ratio = p95 / target
        if row["Name"] != "login page":
            worst = max(worst, ratio)
        print(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} "
            f"| {row['95%']} | {row['99%']} | {target:.0f} | {ratio:.2f} |"
        )
    rps = float(total["Requests/s"])
    print(
        f"| **all** | {total['Request Count']} | {total['Failure Count']} | {total['50%']} "
        f"| {total['95%']} | {total['99%']} | | |"
    )
    line = f"\nrequests/s: {rps:.1f}; failures: {total['Failure Count']}"
    if capacity:
        line += f"; capacity ratio to {CAPACITY:.0f}/s: {rps / CAPACITY:.2f} (≥ 1 meets it)"
    else:
        line += f"; worst p95 ratio to its target: {worst:.2f} (≤ 1 meets it)"
    print(line)
    return {"rps": rps, "failures": float(total["Failure Count"]), "worst": worst}


def _measure(url: str, env: dict[str, str], args: argparse.Namespace, out: Path,
             server: int) -> None:  # fmt: skip
    """The runs with think time for each number of users, then the capacity run."""
    runs = [(int(n), "1") for n in args.users.split(",") if n.strip()]
    if args.capacity_users:
        runs.append((args.capacity_users, "0"))
    for users, think in runs:
        stats, before, after, window = _locust(
            url, env | {"WB_THINK": think}, users, args.seconds, out, server
        )
        if think == "1":
            figures = _report(f"{users} users, think time 1–3 s, after ramp-up", stats)
        else:
            title = f"capacity: {users} users, no think time"
            figures = _report(title, stats, capacity=True)
        print(_cpu_per_request(before, after, figures["rps"] * window))
        print(f"load average after: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="10,50", help="numbers of users, comma-separated")
    parser.add_argument("--seconds", type=int, default=60, help="measured seconds per run")
    parser.add_argument("--capacity-users", type=int, default=20, help="0: no capacity run")
    parser.add_argument("--redis", default=None, help="REDIS_URL for the server (optional)")
    parser.add_argument("--host", default="127.0.0.1", help="PostgreSQL host (user postgres)")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    database = f"wb_load_{secrets.token_hex(4)}"
    pg = ["-h", args.host, "-U", "postgres"]
    media = Path(tempfile.mkdtemp(prefix="wb-load-media-"))
    out = Path(tempfile.mkdtemp(prefix="wb-load-"))
    env = _environment(database, args.host, args.redis, media)
    subprocess.run(["createdb", *pg, database], check=True)  # noqa: S603, S607
    server = None
    try:
        started = time.monotonic()
        setup = subprocess.run(  # noqa: S603
            [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, check=False
        )
        if setup.returncode:
            raise SystemExit(f"the demo could not be generated:\n{setup.stderr[-3000:]}")
        demo = json.loads(setup.stdout.strip().splitlines()[-1])
        # statistics for the planner, as autovacuum gathers them on a database in use: a
        # database filled a second ago has none, and its plans guess wrong row counts
        subprocess.run(["psql", *pg, "-d", database, "-qc", "VACUUM ANALYZE"], check=True)  # noqa: S603, S607
        print(f"demo on PostgreSQL ({database}) in {time.monotonic() - started:.0f} s")
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "wohnbuendnis.cli", "serve",
                "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(out / "server.log").open("w"),
            start_new_session=True,
        )  # fmt: skip
        _wait_until_up(url, server)
        print(
            f"gunicorn: {args.workers} workers, production settings, "
            f"cache: {'Redis' if args.redis else 'local memory per worker'}; "
            f"load average before: {os.getloadavg()[0]:.1f}"
        )
        users_env = env | {
            "WB_SLUG": demo["slug"],
            "WB_RUN": str(demo["run"]),
            "WB_AREAS": ",".join(map(str, demo["areas"])),
            "WB_PASSWORD": demo["password"],
        }
        _measure(url, users_env, args, out, server.pid)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        subprocess.run(["dropdb", *pg, "--if-exists", "--force", database], check=False)  # noqa: S603, S607
        shutil.rmtree(media, ignore_errors=True)
        if args.redis:
            _forget_redis_keys(args.redis, database)
        for name in ("server.log", "locust.log"):
            log = (out / name).read_text() if (out / name).exists() else ""
            if "Traceback" in log:
                print(f"\n{name}: {log.count('Traceback')} tracebacks; the last one:")
                print(log[log.rindex("Traceback") :][:3000])
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
