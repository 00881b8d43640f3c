"""Test data of the allocation tests: a small scheme and valid input files (not a conftest,
so that it cannot shadow another test folder's conftest)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from wohnbuendnis.analytics.allocation import IncomeLimits, Scheme, SizeRules

SCHEME_TOML = """\
nominees_per_flat = 3
reference_date = "2026-01-01"
max_points = 80
tie_break = ["points_desc", "registered_on_asc", "lottery_asc"]

[criteria]
homeless = 60
overcrowded = 30
single_parent = 10

[income_limits]
base_1 = 18166
base_2 = 27561
per_further_person = 6265
per_child = 833
[income_limits.paths]
"1" = 1.0
"2" = 1.6

[size_rules]
max_m2 = { 1 = 50, 2 = 60, 3 = 75 }
per_further_person_m2 = 12
"""

APPLICANTS_CSV = """\
household_id,registered_on,persons,children,income_eur,entitlement_valid_until,rent_cap_eur,needs_step_free,needs_wheelchair,homeless,overcrowded,single_parent,lottery,note
A,2024-01-01,1,0,15000,2026-06-30,,0,0,1,1,0,,x
B,2023-01-01,2,1,20000.50,2027-01-01,520,0,0,1,0,1,,
C,2022-05-01,3,1,30000,2026-01-01,,1,0,0,1,1,0.5,
D,2022-05-01,3,2,30000,2026-12-31,,0,0,0,1,1,0.2,
E,2022-05-01,4,2,41757,2026-12-31,,0,1,0,1,1,0.7,
F,2020-01-01,1,0,10000,2025-12-31,,0,0,1,0,0,,
"""

FLATS_CSV = """\
flat_id,landlord_id,rooms,area_m2,rent_gross_eur,step_free,wheelchair,funding_path,available_from
W2,L1,2,58,510.00,1,0,1,2026-02-01
W1,L2,1,45,430,0,0,1,2026-02-01
W3,L1,4,95.5,780,1,1,2,2026-03-01
"""

PREFERENCES_CSV = """\
household_id,flat_id,rank
A,W1,1
B,W2,1
B,W1,2
C,W2,1
"""


def make_scheme() -> Scheme:
    """The scheme of SCHEME_TOML as an object."""
    return Scheme(
        nominees_per_flat=3,
        reference_date=date(2026, 1, 1),
        max_points=80,
        criteria={"homeless": 60, "overcrowded": 30, "single_parent": 10},
        income_limits=IncomeLimits(
            Decimal(18166),
            Decimal(27561),
            Decimal(6265),
            Decimal(833),
            {"1": Decimal("1.0"), "2": Decimal("1.6")},
        ),
        size_rules=SizeRules({1: Decimal(50), 2: Decimal(60), 3: Decimal(75)}, Decimal(12)),
    )


def write_inputs(tmp_path: Path) -> dict[str, Path]:
    """Valid input files in ``tmp_path/in``: applicants, flats, scheme, preferences."""
    folder = tmp_path / "in"
    folder.mkdir()
    files = {
        "applicants": ("applicants.csv", APPLICANTS_CSV),
        "flats": ("flats.csv", FLATS_CSV),
        "scheme": ("scheme.toml", SCHEME_TOML),
        "preferences": ("preferences.csv", PREFERENCES_CSV),
    }
    paths = {}
    for key, (name, text) in files.items():
        paths[key] = folder / name
        paths[key].write_text(text, encoding="utf-8")
    return paths
