from __future__ import annotations

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.accounts.roles import Role
from wohnbuendnis.areas.models import AreaLevel

#: The levels of an alliance that has municipalities as members and alliances below it.
ABOVE_MUNICIPALITIES = (AreaLevel.STATE, AreaLevel.REGION)


class Sector(models.TextChoices):
    ADMINISTRATION = "verwaltung", _("Verwaltung")
    HOUSING_INDUSTRY = "wohnungswirtschaft", _("Wohnungswirtschaft")
    SOCIAL_ECONOMY = "sozialwirtschaft", _("Sozialwirtschaft")
    INTEREST_GROUP = "interessengruppe", _("Interessengruppe")
    POLITICS = "politik", _("Politik")
    SCIENCE = "wissenschaft", _("Wissenschaft")


class BodyKind(models.TextChoices):
    PLENUM = "plenum", _("Plenum")
    WORKING_GROUP = "arbeitsgruppe", _("Arbeitsgruppe")
    STEERING_GROUP = "steuerungsgruppe", _("Steuerungsgruppe")


def _logo_path(alliance: Alliance, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return f"alliance/{alliance.pk}/logo-{uuid.uuid4().hex}{suffix}"


class DataLicence(models.TextChoices):
    """The licences an alliance may put its open data under, keyed by their identifier in the
    DCAT-AP.de licence vocabulary (``http://dcat-ap.de/def/licenses/<key>``)."""

    DL_BY = "dl-by-de/2.0", _("Datenlizenz Deutschland – Namensnennung – Version 2.0")
    DL_ZERO = "dl-zero-de/2.0", _("Datenlizenz Deutschland – Zero – Version 2.0")
    CC_BY = "cc-by/4.0", _("Creative Commons Namensnennung – 4.0 International")
    CC_ZERO = "cc-zero", _("Creative Commons Zero (CC0 1.0)")


class Alliance(models.Model):
    """A housing alliance (Bündnis für Wohnen) for one area: a city, a district, a region."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in Adressen"), unique=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="alliances", verbose_name=_("Gebiet")
    )
    summary = models.TextField(_("Kurzbeschreibung (öffentlich)"), blank=True)
    founded = models.DateField(_("gegründet"), null=True, blank=True)
    # PNG, JPEG or SVG, checked by services.set_logo; on the title page of every report
    logo = models.FileField(_("Logo"), upload_to=_logo_path, blank=True, max_length=255)
    # the licence of its open data (opendata app); chosen by Koordination, services.set_licence
    data_licence = models.CharField(
        _("Datenlizenz der offenen Daten"),
        max_length=30,
        choices=DataLicence.choices,
        default=DataLicence.DL_BY,
    )
    # the service desk for the municipalities (a state or regional alliance, seed 002), shown
    # on the public page; set by Koordination through services.set_service_desk
    service_desk_contact = models.CharField(
        _("Servicestelle: Ansprechpartner/in"), max_length=200, blank=True
    )
    service_desk_email = models.EmailField(_("Servicestelle: E-Mail"), blank=True)
    service_desk_phone = models.CharField(_("Servicestelle: Telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("Bündnis")
        verbose_name_plural = _("Bündnisse")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    sector = models.CharField(_("Bereich"), max_length=30, choices=Sector.choices)
    website = models.URLField(_("Website"), blank=True)
    # a municipality as a member of a regional alliance: tied to its area by official key
    # (checked by services.admit_municipality: a municipality inside the alliance's area)
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("Gemeinde (amtlicher Schlüssel)"),
    )

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area"], condition=Q(area__isnull=False), name="organisation_one_per_area"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone who works in an alliance; may have a login (``user``)."""

    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    title = models.CharField(_("Funktion"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    organisations = models.ManyToManyField(
        Organisation, related_name="people", blank=True, verbose_name=_("Organisationen")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("Benutzerkonto"),
    )

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ActiveQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None) -> ActiveQuerySet:
        """Rows valid on ``on`` (today by default): since ≤ on and (no until or until ≥ on)."""
        day = on or timezone.localdate()
        return self.filter(Q(since__lte=day), Q(until__isnull=True) | Q(until__gte=day))


class MemberOrganisation(models.Model):
    """An organisation's membership in an alliance."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="member_organisations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="alliance_memberships"
    )
    since = models.DateField(_("seit"))
    until = models.DateField(_("bis"), null=True, blank=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitgliedsorganisation")
        verbose_name_plural = _("Mitgliedsorganisationen")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation", "since"], name="member_organisation_unique"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="member_organisation_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.alliance}"


class AllianceAffiliation(models.Model):
    """A municipal or regional alliance as a member of the regional or state alliance above it
    (seed 002: the state alliance's members are the local alliances of the Land)."""

    member = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("Mitgliedsbündnis"),
    )
    parent = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        related_name="member_alliances",
        verbose_name=_("Mitglied im Bündnis"),
    )
    since = models.DateField(_("seit"))
    until = models.DateField(_("bis"), null=True, blank=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitgliedsbündnis")
        verbose_name_plural = _("Mitgliedsbündnisse")
        ordering = ["parent", "member__name", "since"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "parent", "since"], name="alliance_affiliation_unique"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="alliance_affiliation_until_after_since",
            ),
            models.CheckConstraint(
                condition=~Q(member=models.F("parent")), name="alliance_affiliation_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.parent}"


class Membership(models.Model):
    """A person's role in an alliance, on behalf of an organisation, for a period."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("für Organisation"),
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    since = models.DateField(_("seit"))
    until = models.DateField(_("bis"), null=True, blank=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "person", "role", "since"], name="membership_unique"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="membership_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} ({self.alliance})"


class Body(models.Model):
    """A body of the alliance: the Plenum, a working group (AG) or the steering group."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("Art"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=30, blank=True)
    mandate = models.TextField(_("Auftrag"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    chairs = models.ManyToManyField(
        Person, related_name="chaired_bodies", blank=True, verbose_name=_("Leitung")
    )
    members = models.ManyToManyField(
        Person, related_name="bodies", blank=True, verbose_name=_("Mitglieder")
    )

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["alliance", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="body_name_unique"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class ChangeAction(models.TextChoices):
    FOUNDED = "founded", _("Bündnis angelegt")
    ADMITTED = "admitted", _("Organisation aufgenommen")
    ORGANISATION_CHANGED = "organisation_changed", _("Organisation geändert")
    LEFT = "left", _("Organisation ausgetreten")
    PERSON_ADDED = "person_added", _("Person angelegt")
    PERSON_CHANGED = "person_changed", _("Person geändert")
    INVITED = "invited", _("Person eingeladen")
    ROLE_GRANTED = "role_granted", _("Rolle vergeben")
    ROLE_ENDED = "role_ended", _("Rolle beendet")
    BODY_CREATED = "body_created", _("Gremium angelegt")
    BODY_CHANGED = "body_changed", _("Gremium geändert")
    LOGO_CHANGED = "logo_changed", _("Logo geändert")
    LICENCE_CHANGED = "licence_changed", _("Datenlizenz geändert")
    MUNICIPALITY_ADMITTED = "municipality_admitted", _("Gemeinde aufgenommen")
    AFFILIATED = "affiliated", _("Bündnis als Mitglied aufgenommen")
    AFFILIATION_ENDED = "affiliation_ended", _("Mitgliedschaft eines Bündnisses beendet")
    SERVICE_DESK_CHANGED = "service_desk_changed", _("Servicestelle geändert")


class AllianceChange(models.Model):
    """Audit trail of the alliance's own data: who changed what, when, and what it was before.

    Organisations, people and bodies have no status of their own, so one append-only log
    serves them all. ``alliance`` is empty for a change of a person, who may work in several
    alliances; ``note`` keeps the previous values ("Name: A → B") so nothing is lost.
    """

    at = models.DateTimeField(_("am"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("von"),
    )
    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("Bündnis"),
    )
    action = models.CharField(_("Änderung"), max_length=30, choices=ChangeAction.choices)
    subject = models.CharField(_("betrifft"), max_length=300)
    note = models.TextField(_("Vermerk"), blank=True)

    class Meta:
        verbose_name = _("Änderung am Bündnis")
        verbose_name_plural = _("Änderungen am Bündnis")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.subject}"
