"""One submission per rendered create form.

Every create form carries a hidden one-time token (:class:`SubmitOnceMixin`). The view runs the
service through :func:`create_once`, which stores the token in the same transaction as the new
row. A second POST of the same form — a double click, a reload, fifty identical requests at
once — finds the token taken (the unique constraint makes concurrent ones wait for the first
and then fail) and is redirected to what the first one created; no second row is written.
A refused attempt (a ``ValidationError`` of the service) rolls the token back with everything
else, so the corrected form can be sent again.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wohnbuendnis.lib.models import SubmissionToken

T = TypeVar("T")
F = TypeVar("F", bound=forms.BaseForm)

TOKEN_FIELD = "submission_token"  # noqa: S105 (a field name, not a secret)
KEEP = datetime.timedelta(days=7)  # a form older than this is sent again as a new one
EXPIRED = gettext_lazy(
    "Das Formular war abgelaufen oder unvollständig. Bitte prüfen Sie die Angaben und senden "
    "Sie es noch einmal."
)


class SubmitOnceMixin:
    """Adds the hidden one-time token to a create form (list it before ``forms.Form``).

    A form sent without a valid token gets a fresh one and an error, so sending it again works.
    Templates render it with ``form.hidden_fields``.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = forms.UUIDField(
            widget=forms.HiddenInput, initial=uuid.uuid4, required=False
        )
        self._token_renewed = False
        if self.is_bound and not _valid_uuid(self.data.get(self.add_prefix(TOKEN_FIELD))):
            self.data = self.data.copy()
            self.data[self.add_prefix(TOKEN_FIELD)] = str(uuid.uuid4())
            self._token_renewed = True

    def full_clean(self) -> None:
        super().full_clean()
        if not hasattr(self, "cleaned_data"):
            return
        # the token is not part of what the service gets: ``**form.cleaned_data`` stays clean
        self._submission_token = self.cleaned_data.pop(TOKEN_FIELD, None)
        if self._token_renewed:
            self.add_error(None, EXPIRED)

    @property
    def submission_token(self) -> uuid.UUID:
        return self._submission_token


def with_token(form_class: type[F]) -> type[F]:
    """The create variant of a form shared with the edit page: the same form with the
    one-time token (``with_token(MeasureForm)(request.POST or None, ...)``)."""
    return type(f"{form_class.__name__}Once", (SubmitOnceMixin, form_class), {})


def _valid_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class AlreadySubmitted(Exception):
    """The form was sent before; ``url`` is the page of what that submission created."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url

    def response(self, request) -> HttpResponseRedirect:
        messages.info(request, _("Das Formular wurde bereits gesendet; hier ist das Ergebnis."))
        return HttpResponseRedirect(self.url)


def create_once(
    request, form: SubmitOnceMixin, create: Callable[[], T], url_of: Callable[[T], str]
) -> T:
    """Run ``create`` (a service call) once per rendered ``form``.

    Returns what ``create`` returns; raises :class:`AlreadySubmitted` if the form's token was
    used before (also while the first submission is still running: the database makes this
    one wait for it), and lets the service's ``ValidationError`` through, with nothing stored.
    """
    token, path = form.submission_token, request.path[:300]
    user = request.user if request.user.is_authenticated else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = SubmissionToken.objects.create(token=token, path=path, user=user)
        except IntegrityError:
            earlier = SubmissionToken.objects.filter(token=token, path=path).first()
            mine = earlier is not None and earlier.user_id == (user.pk if user else None)
            raise AlreadySubmitted(earlier.url if mine else path) from None
        result = create()
        row.url = url_of(result)[:500]
        row.save(update_fields=["url"])
        SubmissionToken.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return result
