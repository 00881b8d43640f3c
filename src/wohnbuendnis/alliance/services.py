"""State changes of the alliance; every entry point (view, admin, command, demo) calls these."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import (
    Alliance,
    Body,
    BodyKind,
    MemberOrganisation,
    Membership,
    Organisation,
    Person,
    Sector,
)
from wohnbuendnis.areas.models import Area


@transaction.atomic
def admit_organisation(
    alliance: Alliance, organisation: Organisation, since: datetime.date
) -> MemberOrganisation:
    """Make an organisation a member; refuses a second open membership of the same organisation."""
    open_rows = MemberOrganisation.objects.select_for_update().filter(
        alliance=alliance, organisation=organisation, until__isnull=True
    )
    if open_rows.exists():
        raise ValidationError(_("%(org)s ist bereits Mitglied.") % {"org": organisation})
    return MemberOrganisation.objects.create(
        alliance=alliance, organisation=organisation, since=since
    )


@transaction.atomic
def grant_role(
    alliance: Alliance,
    person: Person,
    role: Role,
    since: datetime.date,
    organisation: Organisation | None = None,
    *,
    until: datetime.date | None = None,
) -> Membership:
    """Give a person a role in the alliance (on behalf of an organisation, if any) from
    ``since`` to ``until`` (open-ended without); refuses a period that overlaps the same role."""
    Person.objects.select_for_update().get(pk=person.pk)  # two coordinators: one after the other
    if organisation is not None and not person.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("%(person)s gehört nicht zu %(org)s.") % {"person": person, "org": organisation}
        )
    if until is not None and until < since:
        raise ValidationError(_("Das Ende liegt vor dem Beginn der Mitgliedschaft."))
    overlapping = Membership.objects.filter(alliance=alliance, person=person, role=role).filter(
        Q(until__isnull=True) | Q(until__gte=since)
    )
    if until is not None:
        overlapping = overlapping.filter(since__lte=until)
    if overlapping.exists():
        raise ValidationError(
            _("%(person)s hat diese Rolle in diesem Zeitraum bereits.") % {"person": person}
        )
    return Membership.objects.create(
        alliance=alliance,
        person=person,
        role=role,
        since=since,
        until=until,
        organisation=organisation,
    )


@transaction.atomic
def end_membership(membership: Membership, until: datetime.date) -> Membership:
    """Close a role; the row stays as history."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.until is not None:
        raise ValidationError(_("Diese Mitgliedschaft ist bereits beendet."))
    if until < locked.since:
        raise ValidationError(_("Das Ende liegt vor dem Beginn der Mitgliedschaft."))
    locked.until = until
    locked.save(update_fields=["until"])
    return locked


def revoke_role(membership: Membership, until: datetime.date) -> Membership:
    """Take a role away from ``until`` on (the last day it holds); the row stays as history."""
    return end_membership(membership, until)


# --- alliances and organisations ----------------------------------------------------------------


@transaction.atomic
def found_alliance(name: str, slug: str, area: Area) -> Alliance:
    """Create an alliance; refuses a short name (slug) that is taken."""
    name, slug = name.strip(), slug.strip()
    if not name:
        raise ValidationError(_("Das Bündnis braucht einen Namen."))
    if not re.fullmatch(r"[-a-z0-9_]+", slug):
        raise ValidationError(
            _("Der Kurzname „%(slug)s“ ist ungültig: erlaubt sind Kleinbuchstaben a–z, Ziffern, "
              "„-“ und „_“.") % {"slug": slug}
        )  # fmt: skip
    if Alliance.objects.filter(slug=slug).exists():
        raise ValidationError(
            _("Ein Bündnis mit dem Kurznamen „%(slug)s“ gibt es bereits.") % {"slug": slug}
        )
    try:
        with transaction.atomic():
            return Alliance.objects.create(name=name, slug=slug, area=area)
    except IntegrityError:  # created at the same moment by someone else
        raise ValidationError(
            _("Ein Bündnis mit dem Kurznamen „%(slug)s“ gibt es bereits.") % {"slug": slug}
        ) from None


def _organisation_fields(name: str, sector: str, short_name: str, website: str) -> dict:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie den Namen der Organisation an.")})
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Bitte wählen Sie einen Bereich.")})
    return {"name": name, "sector": sector, "short_name": short_name.strip(), "website": website}


def _name_taken(name: str, exclude: int | None = None) -> ValidationError | None:
    clash = Organisation.objects.filter(name__iexact=name).exclude(pk=exclude).first()
    if clash is None:
        return None
    return ValidationError(
        {
            "name": _(
                "Eine Organisation „%(name)s“ gibt es bereits. Ist sie gemeint, wählen Sie sie "
                "unter „Vorhandene Organisation“ aus."
            )
            % {"name": clash.name}
        }
    )


@transaction.atomic
def admit_new_organisation(
    alliance: Alliance,
    *,
    name: str,
    sector: str,
    since: datetime.date,
    short_name: str = "",
    website: str = "",
) -> MemberOrganisation:
    """Create an organisation and admit it; a name that exists (in any case) is refused, so a
    double submit creates one organisation."""
    fields = _organisation_fields(name, sector, short_name, website)
    if error := _name_taken(fields["name"]):
        raise error
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(**fields)
    except IntegrityError:  # the same name saved at the same moment by someone else
        raise _name_taken(fields["name"]) or ValidationError(
            _("Speichern fehlgeschlagen.")
        ) from None
    return admit_organisation(alliance, organisation, since)


@transaction.atomic
def update_organisation(
    organisation: Organisation, *, name: str, sector: str, short_name: str = "", website: str = ""
) -> Organisation:
    """Change an organisation's name, sector, short name or website."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    fields = _organisation_fields(name, sector, short_name, website)
    if error := _name_taken(fields["name"], exclude=locked.pk):
        raise error
    for attribute, value in fields.items():
        setattr(locked, attribute, value)
    locked.save(update_fields=list(fields))
    return locked


@transaction.atomic
def organisation_leaves(
    alliance: Alliance, organisation: Organisation, until: datetime.date
) -> MemberOrganisation:
    """An organisation leaves the alliance on ``until`` (its last day); the roles held on its
    behalf end the same day. The rows stay as history."""
    membership = (
        MemberOrganisation.objects.select_for_update()
        .filter(alliance=alliance, organisation=organisation, until__isnull=True)
        .first()
    )
    if membership is None:
        raise ValidationError(_("%(org)s ist kein Mitglied.") % {"org": organisation})
    if until < membership.since:
        raise ValidationError(_("Das Ende liegt vor dem Beginn der Mitgliedschaft."))
    membership.until = until
    membership.save(update_fields=["until"])
    roles = Membership.objects.select_for_update().filter(
        alliance=alliance, organisation=organisation, until__isnull=True
    )
    for role in roles:
        role.until = max(until, role.since)
        role.save(update_fields=["until"])
    return membership


# --- people and accounts ------------------------------------------------------------------------


def _person_fields(first_name: str, last_name: str, email: str, **rest: str) -> dict:
    first_name, last_name, email = first_name.strip(), last_name.strip(), email.strip()
    if not first_name or not last_name:
        raise ValidationError(_("Bitte geben Sie Vor- und Nachnamen an."))
    return {"first_name": first_name, "last_name": last_name, "email": email,
            **{k: v.strip() for k, v in rest.items()}}  # fmt: skip


def _email_taken(email: str, exclude: int | None = None) -> None:
    if email and Person.objects.filter(email__iexact=email).exclude(pk=exclude).exists():
        raise ValidationError(
            {"email": _("Eine Person mit der E-Mail-Adresse %(email)s gibt es bereits.")
             % {"email": email}}
        )  # fmt: skip


@transaction.atomic
def create_person(
    *,
    first_name: str,
    last_name: str,
    email: str = "",
    title: str = "",
    phone: str = "",
    organisations: Iterable[Organisation] = (),
) -> Person:
    """Create a person; an e-mail address another person has is refused."""
    fields = _person_fields(first_name, last_name, email, title=title, phone=phone)
    _email_taken(fields["email"])
    person = Person.objects.create(**fields)
    person.organisations.set(organisations)
    return person


@transaction.atomic
def update_person(
    person: Person,
    *,
    first_name: str,
    last_name: str,
    email: str = "",
    title: str = "",
    phone: str = "",
    organisations: Iterable[Organisation] | None = None,
) -> Person:
    """Change a person's details (and, if given, the organisations they belong to)."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    fields = _person_fields(first_name, last_name, email, title=title, phone=phone)
    _email_taken(fields["email"], exclude=locked.pk)
    for attribute, value in fields.items():
        setattr(locked, attribute, value)
    locked.save(update_fields=list(fields))
    if organisations is not None:
        locked.organisations.set(organisations)
    return locked


def _username_for(person: Person, wanted: str = "") -> str:
    base = wanted or person.email.split("@")[0] or f"{person.first_name}.{person.last_name}"
    base = re.sub(r"[^\w.@+-]", "", base.strip().lower())[:140] or "person"
    if wanted:
        if User.objects.filter(username__iexact=base).exists():
            raise ValidationError(
                _("Den Benutzernamen „%(name)s“ gibt es bereits.") % {"name": base}
            )
        return base
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


@transaction.atomic
def create_account(person: Person, username: str = "") -> User:
    """A login for a person, without a usable password: they set it through a one-time link
    (:func:`password_link`). Refuses a person who has an account or no e-mail address."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.user_id is not None:
        raise ValidationError(_("%(person)s hat bereits ein Benutzerkonto.") % {"person": locked})
    if not locked.email:
        raise ValidationError(
            {"email": _("Für eine Einladung braucht die Person eine E-Mail-Adresse.")}
        )
    user = User(
        username=_username_for(locked, username),
        email=locked.email,
        first_name=locked.first_name,
        last_name=locked.last_name,
    )
    user.set_unusable_password()
    user.save()
    locked.user = user
    locked.save(update_fields=["user"])
    person.user = user
    return user


def password_link(user: User, base_url: str) -> str:
    """The one-time link to set the password (Django's password-reset token: valid for
    ``PASSWORD_RESET_TIMEOUT``, void once the password is set)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def invite_person(alliance: Alliance, person: Person, base_url: str, *, username: str = "") -> User:
    """Create the person's account (if none) and e-mail them a link to set the password.

    The account is committed before the e-mail goes out; a person with an account but no
    password yet is sent a new link."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.user_id is None:
            user = create_account(person, username)
        elif person.user.has_usable_password():
            raise ValidationError(
                _("%(person)s hat bereits ein Benutzerkonto mit Passwort.") % {"person": person}
            )
        else:
            user = person.user
    link = password_link(user, base_url)
    send_mail(
        _("Einladung: %(alliance)s auf wohnbuendnis") % {"alliance": alliance.name},
        _(
            "Guten Tag %(name)s,\n\nSie sind zur Arbeitsplattform des Bündnisses "
            "„%(alliance)s“ eingeladen. Ihr Benutzername: %(username)s\n\n"
            "Bitte legen Sie über diesen Link Ihr Passwort fest (er gilt einmal und "
            "%(days)s Tage):\n%(link)s\n"
        )
        % {
            "name": person,
            "alliance": alliance.name,
            "username": user.username,
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            "link": link,
        },
        None,
        [user.email],
    )
    return user


# --- bodies -------------------------------------------------------------------------------------


def _body_fields(alliance: Alliance, kind: str, name: str, exclude: int | None = None) -> str:
    name = name.strip()
    if kind not in BodyKind.values:
        raise ValidationError({"kind": _("Bitte wählen Sie die Art des Gremiums.")})
    if not name:
        raise ValidationError({"name": _("Das Gremium braucht einen Namen.")})
    if alliance.bodies.filter(name__iexact=name).exclude(pk=exclude).exists():
        raise ValidationError(
            {"name": _("Ein Gremium „%(name)s“ gibt es bereits.") % {"name": name}}
        )
    return name


@transaction.atomic
def create_body(
    alliance: Alliance,
    kind: str,
    name: str,
    *,
    short_name: str = "",
    mandate: str = "",
    chairs: Iterable[Person] = (),
    members: Iterable[Person] = (),
) -> Body:
    """Create a body; its chairs are always among its members. A name the alliance already
    uses for a body is refused."""
    Alliance.objects.select_for_update().get(pk=alliance.pk)  # serialises positions and names
    name = _body_fields(alliance, kind, name)
    body = Body.objects.create(
        alliance=alliance,
        kind=kind,
        name=name,
        short_name=short_name.strip(),
        mandate=mandate.strip(),
        position=alliance.bodies.count(),
    )
    chairs = list(chairs)
    body.chairs.set(chairs)
    body.members.set({*members, *chairs})
    return body


@transaction.atomic
def update_body(
    body: Body, *, kind: str, name: str, short_name: str = "", mandate: str = ""
) -> Body:
    """Change a body's kind, name, short name or mandate."""
    locked = Body.objects.select_for_update().get(pk=body.pk)
    locked.name = _body_fields(locked.alliance, kind, name, exclude=locked.pk)
    locked.kind, locked.short_name, locked.mandate = kind, short_name.strip(), mandate.strip()
    locked.save(update_fields=["name", "kind", "short_name", "mandate"])
    return locked


@transaction.atomic
def set_body_members(body: Body, *, chairs: Iterable[Person], members: Iterable[Person]) -> Body:
    """Replace a body's chairs and members (chairs are always members)."""
    locked = Body.objects.select_for_update().get(pk=body.pk)
    chairs = list(chairs)
    locked.chairs.set(chairs)
    locked.members.set({*members, *chairs})
    return locked
