"""System checks: a misconfigured instance says what to set before it serves a request."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Warning, register

MIN_SECRET_KEY_LENGTH = 40


@register("wohnbuendnis", deploy=False)
def check_configuration(app_configs: object = None, **kwargs: object) -> list[Warning]:
    if settings.LOCAL:
        return []
    problems: list[Warning] = []
    if not settings.ALLOWED_HOSTS:
        problems.append(
            Error(
                "ALLOWED_HOSTS is empty: set ALLOWED_HOSTS to the host names of this "
                "instance, comma-separated (e.g. wohnen.kassel.de)",
                id="wohnbuendnis.E001",
            )
        )
    if len(settings.SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
        problems.append(
            Error(
                f"SECRET_KEY is too short ({len(settings.SECRET_KEY)} characters): use at "
                f"least {MIN_SECRET_KEY_LENGTH} random characters",
                id="wohnbuendnis.E002",
            )
        )
    if not settings.EMAIL_HOST and settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        problems.append(
            Error("EMAIL_BACKEND is SMTP but EMAIL_HOST is not set", id="wohnbuendnis.E003")
        )
    if not settings.EMAIL_HOST:
        problems.append(
            Warning(
                "EMAIL_HOST is not set: password-reset mails and invitations are only "
                "printed to the server log",
                id="wohnbuendnis.W001",
            )
        )
    return problems
