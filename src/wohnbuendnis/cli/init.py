"""``wohnbuendnis init``: a real instance without the demo (contract: ../shared/spec/cli.md).

Migrates the configured database (and restores the indicator catalogue if the database was
emptied since), creates the first alliance with its area (Land → Kreis → Gemeinde from the
official key) and a Koordination account without a usable password, and
prints a one-time link to set the password. Everything else happens in the browser.
"""

from __future__ import annotations

import argparse
import sys

from wohnbuendnis.cli.web import setup_django

KINDS = ("city", "region", "state")
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser(
        "init",
        help="erstes Bündnis und Koordinationszugang anlegen / create the first alliance",
        description="Migriert die konfigurierte Datenbank (DATABASE_URL), legt das erste Bündnis "
        "mit seinem Gebiet und einen Zugang für die Koordination an und gibt einen einmaligen "
        "Link zum Setzen des Passworts aus. / Migrates the configured database, creates the "
        "first alliance with its area and a Koordination account, and prints a one-time link "
        "to set the password.",
    )
    init.add_argument("--alliance-name", required=True, help="Name des Bündnisses / name")
    init.add_argument("--slug", required=True, help="Kurzname in Adressen / short name in URLs")
    init.add_argument(
        "--kind",
        required=True,
        choices=KINDS,
        help="Stadt, Region (Kreis) oder Land / city, region (Kreis) or state",
    )
    init.add_argument(
        "--ags",
        required=True,
        help="amtlicher Gemeindeschlüssel (8 Ziffern) oder Regionalschlüssel (12 Ziffern), "
        "z. B. 06611000 für Kassel / official municipality key AGS or ARS",
    )
    init.add_argument("--email", required=True, help="E-Mail der Koordination / e-mail")
    init.add_argument(
        "--username", default="", help="Benutzername (Vorgabe: aus der E-Mail) / username"
    )
    init.add_argument(
        "--area-name",
        default="",
        help="Name der Gemeinde (Vorgabe: „Gemeinde <AGS>“) / name of the municipality",
    )
    init.add_argument(
        "--base-url",
        default=DEFAULT_BASE_URL,
        help=f"Adresse der Plattform für den Link (Vorgabe {DEFAULT_BASE_URL}) / base URL",
    )
    init.set_defaults(handler=run_init)


def run_init(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError
    from django.core.management import call_command

    print("Datenbank wird eingerichtet (migrate) …", file=sys.stderr, flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    from wohnbuendnis.monitoring.services.indicators import ensure_catalogue

    ensure_catalogue()  # a database emptied since its migration has lost the catalogue
    try:
        alliance, user, link = _create(args)
    except ValidationError as error:
        for message in error.messages:
            print(f"Fehler / error: {message}", file=sys.stderr)
        return 2
    print(f"Bündnis „{alliance.name}“ angelegt ({alliance.area.name}, {alliance.area.key}).")
    print(f"Koordination: Benutzername {user.username}, E-Mail {user.email}")
    print("Einmaliger Link zum Setzen des Passworts / one-time link to set the password:")
    print(link)
    return 0


def _create(args: argparse.Namespace):
    """All or nothing: the alliance, its area chain, the person, the account and the role."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db import transaction
    from django.utils import timezone

    from wohnbuendnis.accounts.roles import Role
    from wohnbuendnis.alliance import services
    from wohnbuendnis.alliance.models import Alliance
    from wohnbuendnis.areas.services import municipality_key, official_area_chain

    ags = municipality_key(args.ags)
    email = args.email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(f"„{email}“ ist keine gültige E-Mail-Adresse.") from None
    if Alliance.objects.filter(slug=args.slug).exists():
        raise ValidationError(f"Ein Bündnis mit dem Kurznamen „{args.slug}“ gibt es bereits.")
    with transaction.atomic():
        municipality = official_area_chain(ags, args.area_name.strip() or f"Gemeinde {ags}")
        area = {
            "city": municipality,
            "region": municipality.parent,
            "state": municipality.parent.parent,
        }[args.kind]
        alliance = services.found_alliance(args.alliance_name, args.slug, area)
        local = email.split("@")[0]
        person = services.create_person(first_name="Koordination", last_name=local, email=email)
        user = services.create_account(person, args.username.strip())
        services.grant_role(alliance, person, Role.COORDINATION, timezone.localdate())
    return alliance, user, services.password_link(user, args.base_url)
