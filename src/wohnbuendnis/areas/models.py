from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    """From largest to smallest; a child is always on a lower level than its parent."""

    STATE = "state", _("Land")
    REGION = "region", _("Region / Kreis")
    MUNICIPALITY = "municipality", _("Gemeinde")
    DISTRICT = "district", _("Stadtteil")
    QUARTER = "quarter", _("Quartier")

    @property
    def rank(self) -> int:
        return list(AreaLevel).index(self)


class Area(models.Model):
    """A territory of the hierarchy state → region → municipality → district → quarter.

    ``key`` is the official key where one exists (AGS for municipalities, ARS for regions) or
    the city's own number for districts and quarters; it is unique among its siblings.
    ``geometry`` is a GeoJSON geometry in WGS 84, optional.
    """

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnetes Gebiet"),
    )
    level = models.CharField(_("Ebene"), max_length=20, choices=AreaLevel.choices)
    key = models.CharField(_("Schlüssel"), max_length=20, help_text=_("AGS/ARS oder Nummer"))
    name = models.CharField(_("Name"), max_length=120)
    geometry = models.JSONField(_("Geometrie (GeoJSON)"), null=True, blank=True)

    class Meta:
        verbose_name = _("Gebiet")
        verbose_name_plural = _("Gebiete")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "key"], name="area_key_unique_in_parent"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(parent__isnull=True), name="area_root_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent is None:
            return
        if AreaLevel(self.level).rank <= AreaLevel(self.parent.level).rank:
            raise ValidationError(
                {
                    "level": _("Ein Teilgebiet muss auf einer tieferen Ebene liegen als %(p)s.")
                    % {"p": self.parent.get_level_display()}
                }
            )

    def ancestors(self) -> list[Area]:
        """From the root down to the parent (one query per level; the tree is at most 5 deep)."""
        chain: list[Area] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def descendant_ids(self) -> list[int]:
        """Ids of all areas below this one, breadth first (one query per level)."""
        found: list[int] = []
        frontier = [self.pk]
        while frontier:
            frontier = list(
                Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            found.extend(frontier)
        return found
