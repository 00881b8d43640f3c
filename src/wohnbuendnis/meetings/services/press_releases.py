"""Press releases of an alliance: drafts, and their publication on the public pages."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.plausibility import check_date_near_today
from wohnbuendnis.meetings.models import PressRelease


@transaction.atomic
def create_press_release(
    alliance: Alliance, by, *, title: str, text: str, date: datetime.date
) -> PressRelease:
    """A draft press release; nobody outside sees it until it is published."""
    if not title.strip() or not text.strip():
        raise ValidationError(_("Bitte geben Sie Titel und Text an."))
    check_date_near_today(date, _("Das Datum der Pressemitteilung"))
    return PressRelease.objects.create(
        alliance=alliance, title=title.strip(), text=text.strip(), date=date, created_by=by
    )


@transaction.atomic
def publish_press_release(release: PressRelease, by) -> PressRelease:
    """Publish a draft on the alliance's public pages; a second publication is refused."""
    release = PressRelease.objects.select_for_update().get(pk=release.pk)
    if release.published:
        raise ValidationError(_("Die Pressemitteilung ist bereits veröffentlicht."))
    release.published = True
    release.published_by = by
    release.published_at = timezone.now()
    release.save(update_fields=["published", "published_by", "published_at"])
    return release
