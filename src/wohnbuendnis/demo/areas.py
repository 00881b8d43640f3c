"""Musterland → Region Musterland → Musterstadt (20 districts, 60 quarters) and 15 neighbours.

Keys follow the official pattern (2-digit state, 5-digit district ARS, 8-digit AGS) with the
state number 99, which no real Land has. Geometry is a simple grid of rectangles so that maps
have something to draw.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from wohnbuendnis.areas.models import Area, AreaLevel

DISTRICTS = [
    "Mitte", "Altstadt", "Nordstadt", "Weststadt", "Oststadt",
    "Südstadt", "Bahnhofsviertel", "Hafenviertel", "Am Stadtpark", "Bergheim",
    "Lindenau", "Rosenhöhe", "Eichwald", "Wiesenfeld", "Kirchdorf",
    "Neue Mitte", "Fasanenhof", "Sonnenberg", "Talaue", "Feldmark",
]  # fmt: skip
NEIGHBOURS = [
    "Auedorf", "Bachhausen", "Birkenfeld", "Burgfelden", "Eschenbach",
    "Grünau", "Hainstadt", "Holzhausen", "Kirchberg", "Lindenthal",
    "Oberaue", "Rodenheim", "Steinbrück", "Unterwald", "Wiesental",
]  # fmt: skip
QUARTERS = ["Nord", "Mitte", "Süd"]

# The city's south-west corner and the size of a district cell in degrees (≈ 2.4 km × 2 km).
WEST, SOUTH, CELL_LON, CELL_LAT = 9.40, 51.25, 0.034, 0.018
COLUMNS = 5


@dataclass
class Territory:
    state: Area
    region: Area
    city: Area
    districts: list[Area]


def _box(west: float, south: float, width: float, height: float) -> dict:
    ring = [
        [west, south],
        [west + width, south],
        [west + width, south + height],
        [west, south + height],
        [west, south],
    ]
    return {"type": "Polygon", "coordinates": [[[round(x, 5), round(y, 5)] for x, y in ring]]}


def _districts(city: Area) -> list[Area]:
    districts = []
    for index, name in enumerate(DISTRICTS):
        west = WEST + (index % COLUMNS) * CELL_LON
        south = SOUTH + (index // COLUMNS) * CELL_LAT
        district = Area.objects.create(
            parent=city,
            level=AreaLevel.DISTRICT,
            key=f"{index + 1:02d}",
            name=name,
            geometry=_box(west, south, CELL_LON, CELL_LAT),
        )
        for q, suffix in enumerate(QUARTERS):
            Area.objects.create(
                parent=district,
                level=AreaLevel.QUARTER,
                key=f"{index + 1:02d}{q + 1}",
                name=f"{name} {suffix}",
                geometry=_box(west, south + (2 - q) * CELL_LAT / 3, CELL_LON, CELL_LAT / 3),
            )
        districts.append(district)
    return districts


def _neighbours(region: Area, rng: random.Random) -> None:
    width, height = COLUMNS * CELL_LON, 4 * CELL_LAT
    for index, name in enumerate(NEIGHBOURS):
        angle_col, angle_row = index % 5, index // 5
        west = WEST - width + angle_col * width * 0.75 + rng.uniform(-0.01, 0.01)
        south = SOUTH - height - 0.02 + angle_row * (height + 0.03)
        if angle_row == 1 and 1 <= angle_col <= 3:
            south += height + 0.03  # keep the city's own rectangle free
        Area.objects.create(
            parent=region,
            level=AreaLevel.MUNICIPALITY,
            key=f"99100{index + 2:03d}",
            name=name,
            geometry=_box(west, south, width * 0.7, height * 0.8),
        )


def generate(rng: random.Random) -> Territory:
    state = Area.objects.create(level=AreaLevel.STATE, key="99", name="Musterland")
    region = Area.objects.create(
        parent=state, level=AreaLevel.REGION, key="99100", name="Region Musterland"
    )
    city = Area.objects.create(
        parent=region,
        level=AreaLevel.MUNICIPALITY,
        key="99100001",
        name="Musterstadt",
        geometry=_box(WEST, SOUTH, COLUMNS * CELL_LON, 4 * CELL_LAT),
    )
    _neighbours(region, rng)
    return Territory(state=state, region=region, city=city, districts=_districts(city))
