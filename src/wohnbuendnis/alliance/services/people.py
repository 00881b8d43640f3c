"""People, their accounts and invitations, and their roles per alliance (since/until)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from wohnbuendnis.accounts.models import User
from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.alliance.models import (
    Alliance,
    ChangeAction,
    Membership,
    Organisation,
    Person,
)
from wohnbuendnis.alliance.services.log import differences, record_change


@transaction.atomic
def grant_role(
    alliance: Alliance,
    person: Person,
    role: Role,
    since: datetime.date,
    organisation: Organisation | None = None,
    *,
    until: datetime.date | None = None,
    by: Any = None,
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
    membership = Membership.objects.create(
        alliance=alliance,
        person=person,
        role=role,
        since=since,
        until=until,
        organisation=organisation,
    )
    record_change(alliance, by, ChangeAction.ROLE_GRANTED, membership, _period(membership))
    return membership


def _period(membership: Membership) -> str:
    until = f" bis {membership.until:%d.%m.%Y}" if membership.until else ""
    return f"seit {membership.since:%d.%m.%Y}{until}"


@transaction.atomic
def end_membership(membership: Membership, until: datetime.date, *, by: Any = None) -> Membership:
    """Close a role; the row stays as history."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.until is not None:
        raise ValidationError(_("Diese Mitgliedschaft ist bereits beendet."))
    if until < locked.since:
        raise ValidationError(_("Das Ende liegt vor dem Beginn der Mitgliedschaft."))
    locked.until = until
    locked.save(update_fields=["until"])
    record_change(locked.alliance, by, ChangeAction.ROLE_ENDED, locked, _period(locked))
    return locked


def revoke_role(membership: Membership, until: datetime.date, *, by: Any = None) -> Membership:
    """Take a role away from ``until`` on (the last day it holds); the row stays as history."""
    return end_membership(membership, until, by=by)


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
    by: Any = None,
    alliance: Alliance | None = None,
) -> Person:
    """Create a person; an e-mail address another person has is refused."""
    fields = _person_fields(first_name, last_name, email, title=title, phone=phone)
    _email_taken(fields["email"])
    person = Person.objects.create(**fields)
    person.organisations.set(organisations)
    record_change(alliance, by, ChangeAction.PERSON_ADDED, person, _organisations_note(person))
    return person


def _organisations_note(person: Person) -> str:
    return "Organisationen: " + (", ".join(str(o) for o in person.organisations.all()) or "–")


@transaction.atomic
def update_person(
    person: Person,
    *,
    organisations: Iterable[Organisation] | None = None,
    by: Any = None,
    alliance: Alliance | None = None,
    **details: str,
) -> Person:
    """Change a person's details (``first_name``, ``last_name``, ``email``, ``title``,
    ``phone``) and, if given, the organisations they belong to; ``alliance``: where the change
    was made, for the audit trail."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    fields = _person_fields(**{"email": "", "title": "", "phone": "", **details})
    _email_taken(fields["email"], exclude=locked.pk)
    before = {field: getattr(locked, field) for field in fields}
    before_organisations = _organisations_note(locked)
    for attribute, value in fields.items():
        setattr(locked, attribute, value)
    locked.save(update_fields=list(fields))
    if organisations is not None:
        locked.organisations.set(organisations)
    note = differences(before, fields)
    if (after := _organisations_note(locked)) != before_organisations:
        note = f"{note}\nvorher {before_organisations}\njetzt {after}".strip()
    record_change(alliance, by, ChangeAction.PERSON_CHANGED, locked, note)
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


def invite_person(
    alliance: Alliance, person: Person, base_url: str, *, username: str = "", by: Any = None
) -> User:
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
        record_change(alliance, by, ChangeAction.INVITED, person, f"{user.username}, {user.email}")
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


@transaction.atomic
def enrol_person(
    alliance: Alliance,
    *,
    role: Role,
    since: datetime.date,
    until: datetime.date | None = None,
    on_behalf_of: Organisation | None = None,
    organisations: Iterable[Organisation] = (),
    by: Any = None,
    **details: str,
) -> Person:
    """A new person with a role in the alliance, in one step (a person without a role would
    belong to no alliance). The organisation the role is held for joins the person's own."""
    organisations = {*organisations, *([on_behalf_of] if on_behalf_of else [])}
    person = create_person(organisations=organisations, by=by, alliance=alliance, **details)
    grant_role(alliance, person, role, since, on_behalf_of, until=until, by=by)
    return person
