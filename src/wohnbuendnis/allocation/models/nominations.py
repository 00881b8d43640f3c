"""Nominations (Benennungen): households named for a vacancy under a priority-list version,
the landlord's or the household's decision with its coded reason, and the status history."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.allocation.models.base import _user
from wohnbuendnis.allocation.models.configuration import PriorityScheme
from wohnbuendnis.allocation.models.households import Household
from wohnbuendnis.allocation.models.vacancies import Vacancy
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


class NominationStatus(models.TextChoices):
    OPEN = "offen", _("offen")
    ACCEPTED = "angenommen", _("angenommen")
    DECLINED = "abgelehnt", _("abgelehnt")
    EXPIRED = "abgelaufen", _("Frist abgelaufen")
    RELEASED = "freigegeben", _("freigegeben (anderer Haushalt gewählt)")


class DeclineReason(models.TextChoices):
    """Coded reasons; the prefix says which side declined (a = applicant, v = landlord)."""

    APPLICANT_NOT_INTERESTED = "a_kein_interesse", _("Haushalt: kein Interesse an der Wohnung")
    APPLICANT_UNREACHABLE = "a_nicht_erreichbar", _("Haushalt: nicht erreichbar")
    APPLICANT_HOUSED = "a_anderweitig", _("Haushalt: anderweitig versorgt")
    LANDLORD_DOCUMENTS = "v_unterlagen", _("Vermieter: Unterlagen unvollständig")
    LANDLORD_ARREARS = "v_mietschulden", _("Vermieter: Mietschulden aus früherem Mietverhältnis")
    LANDLORD_OCCUPANCY = "v_belegung", _("Vermieter: Belegungsstruktur im Haus")
    LANDLORD_OTHER = "v_sonstiges", _("Vermieter: sonstiger Grund")

    @classmethod
    def side(cls, code: str) -> str:
        return "applicant" if code.startswith("a_") else "landlord"


class Nomination(models.Model):
    """A household named for a vacancy (Benennung), with the landlord's decision."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="nominations")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="nominations")
    round = models.PositiveSmallIntegerField(_("Runde"), default=1)
    rank = models.PositiveSmallIntegerField(_("Rang"))
    points = models.PositiveSmallIntegerField(_("Punkte bei Benennung"))
    scheme = models.ForeignKey(
        PriorityScheme, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("angewandte Prioritätenliste"),
    )  # fmt: skip
    nominated_on = models.DateField(_("benannt am"))
    deadline = models.DateField(_("Entscheidungsfrist"))
    status = models.CharField(
        _("Status"), max_length=20, choices=NominationStatus.choices,
        default=NominationStatus.OPEN,
    )  # fmt: skip
    reason = models.CharField(
        _("Ablehnungsgrund"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    note = models.CharField(_("Vermerk"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = _user(_("entschieden von"))

    class Meta:
        verbose_name = _("Benennung")
        verbose_name_plural = _("Benennungen")
        ordering = ["vacancy", "round", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "household"], name="nomination_once_per_vacancy"
            ),
            # The database itself refuses a second accepted household for one vacancy.
            models.UniqueConstraint(
                fields=["vacancy"],
                condition=Q(status=NominationStatus.ACCEPTED),
                name="nomination_one_accepted_per_vacancy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} – Rang {self.rank}"

    @property
    def alliance(self) -> Alliance:
        return self.vacancy.flat.alliance


class NominationStatusChange(StatusChange):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=NominationStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=NominationStatus.choices
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("Statusänderung (Benennung)")
        verbose_name_plural = _("Statusänderungen (Benennungen)")
