"""The people of benchmarks/web_load.py (a locust file): every role of the demo alliance and the
public, each opening the pages their work needs, with 1–3 s to read each page.

Started by web_load.py, which passes the demo's addresses in the environment (``WB_SLUG``,
``WB_RUN``, ``WB_AREAS``, ``WB_PASSWORD``). ``WB_THINK=0`` drops the think time (the capacity
run). Every response must be a 200 (or the login's redirect); anything else is a failure.

The users are locust's ``FastHttpUser`` (geventhttpclient), not ``HttpUser`` (requests): the load
generator runs on the server's two cores, and the faster client leaves more of them to the
server (``HttpUser`` took 2.2 ms of CPU per request, see docs/performance.md).
"""

from __future__ import annotations

import os
import random
import re

from locust import FastHttpUser, between, constant, task

SLUG = os.environ.get("WB_SLUG", "musterstadt")
RUN = os.environ.get("WB_RUN", "1")
AREAS = [a for a in os.environ.get("WB_AREAS", "").split(",") if a]
PASSWORD = os.environ.get("WB_PASSWORD", "")
THINK = between(1, 3) if os.environ.get("WB_THINK", "1") != "0" else constant(0)
SCENARIOS = ["niedrig", "mittel", "hoch"]
YEARS = [str(year) for year in range(2025, 2041, 5)]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(FastHttpUser):
    """Base: signs in at the start (and now and then again, so logins are measured under load)."""

    abstract = True
    wait_time = THINK
    username = ""

    def on_start(self) -> None:
        self.login()

    def login(self) -> None:
        self.client.cookiejar.clear()
        page = self.client.get("/konto/anmelden/", name="login page")
        token = CSRF.search(page.text)
        with self.client.post(
            "/konto/anmelden/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + "/konto/anmelden/"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username}: {response.status_code}")

    def page(self, url: str, name: str) -> None:
        self.client.get(url, name=name)

    @task(1)
    def sign_in_again(self) -> None:
        self.login()

    @task(4)
    def start_page(self) -> None:
        self.page("/", "start")

    @task(6)
    def barometer(self) -> None:
        self.page(f"/monitoring/{SLUG}/", "barometer")

    @task(3)
    def barometer_area(self) -> None:
        if AREAS:
            self.page(f"/monitoring/{SLUG}/gebiete/{random.choice(AREAS)}/", "barometer area")

    @task(6)
    def forecast(self) -> None:
        self.page(f"/prognose/{SLUG}/laeufe/{RUN}/", "forecast run")

    @task(3)
    def forecast_selection(self) -> None:
        query = f"?szenario={random.choice(SCENARIOS)}&jahr={random.choice(YEARS)}"
        self.page(f"/prognose/{SLUG}/laeufe/{RUN}/{query}", "forecast run (selection)")

    @task(4)
    def concept(self) -> None:
        self.page(f"/handlungskonzept/{SLUG}/", "concept overview")


class Koordination(Person):
    weight = 2
    username = "koordination"


class Fachamt(Person):
    weight = 2
    username = "fachamt"


class Politik(Person):
    weight = 2
    username = "politik"


class Mitglied(Person):
    weight = 3
    username = "mitglied"


class Wohnungsamt(Person):
    """The housing office works the register all day."""

    weight = 2
    username = "wohnungsamt"

    @task(12)
    def register(self) -> None:
        self.page(f"/vermittlung/{SLUG}/haushalte/", "register")

    @task(4)
    def vacancies(self) -> None:
        self.page(f"/vermittlung/{SLUG}/wohnungen/", "vacancies")


class Sozialtraeger(Person):
    weight = 1
    username = "sozialtraeger"

    @task(6)
    def register(self) -> None:
        self.page(f"/vermittlung/{SLUG}/haushalte/", "register")


class Vermieter(Person):
    weight = 1
    username = "vermieter"

    @task(6)
    def vacancies(self) -> None:
        self.page(f"/vermittlung/{SLUG}/wohnungen/", "vacancies")


class Public(FastHttpUser):
    """The public: landing page, the public barometer, the published forecast."""

    weight = 4
    wait_time = THINK

    @task(3)
    def start_page(self) -> None:
        self.client.get("/", name="start (public)")

    @task(5)
    def barometer(self) -> None:
        self.client.get(f"/monitoring/{SLUG}/barometer/", name="public barometer")

    @task(4)
    def forecast(self) -> None:
        self.client.get(f"/prognose/{SLUG}/laeufe/{RUN}/", name="forecast run (public)")

    @task(2)
    def alliance(self) -> None:
        self.client.get(f"/buendnisse/{SLUG}/", name="alliance page (public)")
