from django.conf import settings
from django.contrib.auth.models import AbstractUser, _user_has_perm
from django.db import models
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.accounts.permissions import is_case_permission


class User(AbstractUser):
    """A login. Who the person is in an alliance lives on ``alliance.Person``."""

    class Meta:
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_perm(self, perm, obj=None) -> bool:
        """Django's shortcut "an active superuser has every permission" holds only outside the
        case apps: the IT administration administers accounts, not cases
        (``accounts.permissions``)."""
        if self.is_active and self.is_superuser and not is_case_permission(perm):
            return True
        # Django's own helper: ask every authentication backend, stop at PermissionDenied.
        return _user_has_perm(self, perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if is_case_permission(f"{app_label}."):
            return False
        return super().has_module_perms(app_label)


class AccessAction(models.TextChoices):
    VIEW = "view", _("angesehen")
    EXPORT = "export", _("exportiert")
    CHANGE = "change", _("geändert")
    DELETE = "delete", _("gelöscht")


class AccessLogEntry(models.Model):
    """One access to personal data (GDPR Art. 5(2), 30): who, what, when and why.

    The subject is named by type and id only, never by name, so the log itself holds no
    personal data of the data subject. Rows are append-only.
    """

    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Benutzer"),
    )
    username = models.CharField(_("Benutzername"), max_length=150)
    action = models.CharField(_("Aktion"), max_length=10, choices=AccessAction.choices)
    subject_type = models.CharField(_("Art des Datensatzes"), max_length=60)
    subject_id = models.CharField(_("Datensatz"), max_length=40, db_index=True)
    reason = models.CharField(_("Zweck"), max_length=200)

    class Meta:
        verbose_name = _("Zugriff auf personenbezogene Daten")
        verbose_name_plural = _("Zugriffsprotokoll")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.at:%d.%m.%Y %H:%M} {self.username} {self.get_action_display()} "
            f"{self.subject_label}"
        )

    @property
    def subject_label(self) -> str:
        return subject_label(self.subject_type)


def subject_label(subject_type: str) -> str:
    """``allocation.household`` as people read it (the model's name; unknown: the key)."""
    from django.apps import apps

    try:
        return str(apps.get_model(subject_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return subject_type


class SecondFactorAction(models.TextChoices):
    SET_UP = "set_up", _("eingerichtet")
    RECOVERY_CODES = "recovery_codes", _("neue Wiederherstellungscodes erzeugt")
    RECOVERY_CODE_USED = "recovery_code_used", _("mit Wiederherstellungscode angemeldet")
    RESET = "reset", _("zurückgesetzt")


class SecondFactorEvent(models.Model):
    """History of an account's second factor: set up, codes renewed or used, reset by IT.

    Append-only; ``actor`` is who did it (the account holder, or IT for a reset).
    """

    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="second_factor_events",
        verbose_name=_("Benutzerkonto"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("durch"),
    )
    actor_username = models.CharField(_("durch (Benutzername)"), max_length=150)
    action = models.CharField(_("Vorgang"), max_length=20, choices=SecondFactorAction.choices)
    note = models.CharField(_("Notiz"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Vorgang zum zweiten Faktor")
        verbose_name_plural = _("Zweiter Faktor: Verlauf")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.user} {self.get_action_display()}"
