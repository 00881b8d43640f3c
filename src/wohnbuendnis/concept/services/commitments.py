"""Self-commitments: adopted by Koordination, signed by the organisations, yearly progress
reports."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance, Organisation
from wohnbuendnis.concept.models import (
    Commitment,
    CommitmentReport,
    CommitmentSignature,
)


def _check_commitment(commitment: Commitment) -> None:
    commitment.title = (commitment.title or "").strip()
    commitment.text = (commitment.text or "").strip()
    if not commitment.title or not commitment.text:
        raise ValidationError(_("Eine Selbstverpflichtung braucht einen Titel und einen Text."))


@transaction.atomic
def adopt_commitment(
    alliance: Alliance, title: str, text: str, adopted_on: datetime.date
) -> Commitment:
    """Koordination records the self-commitment the alliance adopted, open for signatures."""
    commitment = Commitment(alliance=alliance, title=title, text=text, adopted_on=adopted_on)
    _check_commitment(commitment)
    commitment.save()
    return commitment


@transaction.atomic
def update_commitment(
    commitment: Commitment, *, title: str, text: str, adopted_on: datetime.date
) -> Commitment:
    """Correct a self-commitment as long as nobody has signed it: a signed text stays as it
    was signed (a changed commitment is a new one)."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.signatures.exists():
        raise ValidationError(
            _(
                "Die Selbstverpflichtung ist bereits unterzeichnet; ihr Text bleibt, wie er "
                "unterzeichnet wurde. Beschließen Sie für Änderungen eine neue."
            )
        )
    commitment.title, commitment.text, commitment.adopted_on = title, text, adopted_on
    _check_commitment(commitment)
    commitment.save(update_fields=["title", "text", "adopted_on"])
    return commitment


@transaction.atomic
def sign_commitment(
    commitment: Commitment,
    organisation: Organisation,
    signed_on: datetime.date,
    signed_by: str,
    by=None,
) -> CommitmentSignature:
    """An organisation signs: on paper (recorded with the signatory's name) or online by its
    representative ``by`` (recorded with the account and the moment)."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
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
    if signed_on > timezone.localdate():
        raise ValidationError(_("Eine Unterzeichnung liegt nicht in der Zukunft."))
    if CommitmentSignature.objects.filter(
        commitment=commitment, organisation=organisation, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError(_("%(org)s hat bereits unterzeichnet.") % {"org": organisation})
    return CommitmentSignature.objects.create(
        commitment=commitment,
        organisation=organisation,
        signed_on=signed_on,
        signed_by=signed_by.strip() or str(by or ""),
        signed_by_user=by,
        signed_at=timezone.now() if by is not None else None,
    )


@transaction.atomic
def withdraw_signature(signature: CommitmentSignature, by) -> CommitmentSignature:
    """The organisation withdraws its signature; it stays on record with who and when, and
    the organisation may sign again later."""
    signature = CommitmentSignature.objects.select_for_update().get(pk=signature.pk)
    if signature.withdrawn_at is not None:
        raise ValidationError(_("Die Unterschrift ist bereits zurückgezogen."))
    signature.withdrawn_at, signature.withdrawn_by = timezone.now(), by
    signature.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return signature


@transaction.atomic
def report_commitment_progress(
    signature: CommitmentSignature, year: int, text: str, by
) -> CommitmentReport:
    """The signatory's statement for a year; a second one for the same year is a new version
    (the earlier ones stay, with who wrote them and when)."""
    if year < signature.signed_on.year:
        raise ValidationError(_("Ein Bericht vor der Unterzeichnung ist nicht möglich."))
    if not text.strip():
        raise ValidationError(_("Bitte beschreiben Sie den Fortschritt."))
    # the signature's row lock makes two reports for the same year take turns for the number
    CommitmentSignature.objects.select_for_update().get(pk=signature.pk)
    latest = signature.reports.filter(year=year).aggregate(n=Max("version"))["n"] or 0
    return CommitmentReport.objects.create(
        signature=signature, year=year, version=latest + 1, text=text.strip(), reported_by=by
    )
