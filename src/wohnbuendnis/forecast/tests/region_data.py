"""A small Kreis for the region-wide forecast's tests, built through the monitoring's import
(no demo data): the Land 06, the Kreis 06999 with three municipalities of different sizes,
their population (with age shares where reported), households, dwellings, migration, planned
completions or building permits."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance import services as alliance_services
from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.alliance.tests.factories import PersonFactory
from wohnbuendnis.areas.models import Area, AreaLevel
from wohnbuendnis.monitoring import services
from wohnbuendnis.monitoring.models import ImportKind
from wohnbuendnis.monitoring.services import indicators

# key, name, population 2023 and 2024, households, dwellings, in, out, planned, permits 2023/24
PLACES = (
    ("06999001", "Großstadt am Fluss", 52000, 52600, 27000, 26800, 4200, 3700, {2026: 600}, None),
    ("06999002", "Mittelhausen", 14800, 14900, 6900, 6950, 900, 850, None, (60, 80)),
    ("06999003", "Kleindorf", 2100, 2090, 900, 960, 90, 110, None, None),
)
SHARES = {"06999001": (16.0, 21.0, 6.5), "06999002": (18.0, 23.0, 7.0)}  # Kleindorf: none


def _square(i: int) -> dict:
    x, y = 8.7 + 0.1 * i, 50.3
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def observations_csv(places=PLACES) -> str:
    lines = ["indicator,area,year,value,source"]
    for key, _name, p23, p24, hh, dw, inm, outm, planned, permits in places:
        src = "Regionalstatistik (Test)"
        lines += [f"population,{key},2023,{p23},{src}", f"population,{key},2024,{p24},{src}"]
        lines += [f"households,{key},2024,{hh},{src}", f"dwellings,{key},2024,{dw},{src}"]
        lines += [f"in_migration,{key},2024,{inm},{src}", f"out_migration,{key},2024,{outm},{src}"]
        for year, value in (planned or {}).items():
            lines.append(f"planned_completions,{key},{year},{value},Gemeinde")
        if permits:
            lines += [
                f"permits,{key},2023,{permits[0]},{src}",
                f"permits,{key},2024,{permits[1]},{src}",
            ]
        for indicator, value in zip(("share_under_18", "share_65_plus", "share_80_plus"),
                                    SHARES.get(key, ()), strict=False):  # fmt: skip
            lines.append(f"{indicator},{key},2024,{value},{src}")
    return "\n".join(lines) + "\n"


def musterkreis(tmp_path: Path, slug: str = "musterkreis") -> Alliance:
    """The Kreis alliance with its three municipalities and their figures."""
    indicators.ensure_catalogue()  # a live-server test finds the catalogue flushed
    land = Area.objects.get_or_create(
        parent=None, key="06", defaults={"level": AreaLevel.STATE, "name": "Hessen"}
    )[0]
    kreis = Area.objects.create(
        parent=land, level=AreaLevel.REGION, key="06999", name="Musterkreis"
    )
    for i, (key, name, *_rest) in enumerate(PLACES):
        Area.objects.create(
            parent=kreis, level=AreaLevel.MUNICIPALITY, key=key, name=name, geometry=_square(i)
        )
    alliance = Alliance.objects.create(name="Wohnbündnis Musterkreis", slug=slug, area=kreis)
    path = tmp_path / "observations.csv"
    path.write_text(observations_csv(), encoding="utf-8")
    services.commit_import(alliance, path, ImportKind.OBSERVATIONS)
    return alliance


def person_with_role(alliance: Alliance, role: str, username: str):
    """A user holding ``role`` in ``alliance`` (a new person)."""
    person = PersonFactory(user__username=username)
    alliance_services.grant_role(alliance, person, role, timezone.localdate())
    return person.user


COORDINATION = Role.COORDINATION
