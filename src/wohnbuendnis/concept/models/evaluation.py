"""Evaluations of the goals: a period with its status history and, per goal, the steering
group's assessment together with the result frozen on the day the period was closed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wohnbuendnis.concept.models.base import _OfAlliance
from wohnbuendnis.concept.models.goals import Goal
from wohnbuendnis.lib.history import STATUS_LENGTH, StatusChange


class EvaluationStatus(models.TextChoices):
    OPEN = "offen", _("in Bearbeitung")
    FROZEN = "festgeschrieben", _("festgeschrieben")


class EvaluationPeriod(_OfAlliance):
    """An evaluation of the goals over some years; frozen, it is a dated, unchangeable record."""

    title = models.CharField(_("Evaluation"), max_length=200)
    year_from = models.PositiveSmallIntegerField(pgettext_lazy("Jahr", "von"))
    year_to = models.PositiveSmallIntegerField(pgettext_lazy("Jahr", "bis"))
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.OPEN,
    )
    frozen_on = models.DateField(_("festgeschrieben am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Evaluation")
        verbose_name_plural = _("Evaluationen")
        ordering = ["-year_to", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_to__gte=models.F("year_from")),
                name="evaluation_period_years",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EvaluationStatusChange(StatusChange):
    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("von Status"), max_length=STATUS_LENGTH, choices=EvaluationStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("zu Status"), max_length=STATUS_LENGTH, choices=EvaluationStatus.choices
    )

    def __str__(self) -> str:
        return f"{self.period_id}: {self.from_status} → {self.to_status}"


class GoalAssessment(models.Model):
    """The steering group's assessment of one goal in an evaluation, and – once frozen – the
    goal's computed result kept as it was on that day."""

    period = models.ForeignKey(
        EvaluationPeriod, on_delete=models.CASCADE, related_name="assessments"
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="assessments")
    text = models.TextField(_("Bewertung"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("Jahr"), null=True, blank=True)
    actual = models.FloatField(_("Istwert"), null=True, blank=True)
    target = models.FloatField(_("Soll"), null=True, blank=True)
    result = models.CharField(_("Ergebnis"), max_length=20, blank=True)
    good = models.BooleanField(null=True)
    # where the frozen actual value came from: "monitoring" or "manuell", and its source text
    actual_source = models.CharField(_("Herkunft des Istwerts"), max_length=20, blank=True)
    actual_detail = models.CharField(_("Quelle des Istwerts"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Bewertung eines Ziels")
        verbose_name_plural = _("Bewertungen der Ziele")
        ordering = ["goal__guideline__position", "goal__code"]
        constraints = [
            models.UniqueConstraint(fields=["period", "goal"], name="goal_assessment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.goal.code}"
