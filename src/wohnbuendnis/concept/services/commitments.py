"""Self-commitments: adopted by Koordination, signed by the organisations, yearly progress
reports."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.concept.models import (
    Commitment,
    CommitmentReport,
    CommitmentSignature,
)


@transaction.atomic
def adopt_commitment(
    alliance: Alliance, title: str, text: str, adopted_on: datetime.date
) -> Commitment:
    return Commitment.objects.create(
        alliance=alliance, title=title, text=text, adopted_on=adopted_on
    )


@transaction.atomic
def sign_commitment(
    commitment: Commitment, organisation: Organisation, signed_on: datetime.date, signed_by: str
) -> CommitmentSignature:
    if (
        not commitment.alliance.member_organisations.active(signed_on)
        .filter(organisation=organisation)
        .exists()
    ):
        raise ValidationError(
            _("%(org)s ist an diesem Tag kein Mitglied des Bündnisses.") % {"org": organisation}
        )
    if signed_on < commitment.adopted_on:
        raise ValidationError(_("Unterzeichnung vor dem Beschluss der Selbstverpflichtung."))
    if CommitmentSignature.objects.filter(
        commitment=commitment, organisation=organisation
    ).exists():
        raise ValidationError(_("%(org)s hat bereits unterzeichnet.") % {"org": organisation})
    return CommitmentSignature.objects.create(
        commitment=commitment, organisation=organisation, signed_on=signed_on, signed_by=signed_by
    )


@transaction.atomic
def report_commitment_progress(
    signature: CommitmentSignature, year: int, text: str, by
) -> CommitmentReport:
    """The signatory's statement for a year; a second one for the same year replaces it."""
    if year < signature.signed_on.year:
        raise ValidationError(_("Ein Bericht vor der Unterzeichnung ist nicht möglich."))
    if not text.strip():
        raise ValidationError(_("Bitte beschreiben Sie den Fortschritt."))
    report, _created = CommitmentReport.objects.update_or_create(
        signature=signature, year=year, defaults={"text": text, "reported_by": by}
    )
    return report
