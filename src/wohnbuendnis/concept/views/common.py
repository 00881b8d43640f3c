"""What the concept's views share: the primary-key lookup and the create/edit page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from wohnbuendnis.lib.idempotency import AlreadySubmitted, SubmitOnceMixin, create_once

# object_permission_required(..., **by_pk): the object is named by its primary key in the URL.
by_pk = {"lookup": "pk", "url_kwarg": "pk"}


def edit_page(
    request,
    form,
    save: Callable,
    *,
    alliance,
    heading: str,
    done: str,
    back: str,
    extra: dict | None = None,
):
    """The create/edit page of one object: a valid form goes to ``save(form)`` (a service);
    a refusal comes back into the form, which keeps everything typed. A refusal because
    someone else saved in between (code "stale") moves the form's hidden ``version`` to the
    stored one, so that saving again deliberately takes over the typed version. A create form
    carrying the one-time token (``lib.idempotency.with_token``) creates once: sent again, it
    leads to what the first submission created."""
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(form, SubmitOnceMixin):  # a create form: one object per rendered form
                obj = create_once(request, form, lambda: save(form), lambda o: _url(back, o))
            else:
                obj = save(form)
        except AlreadySubmitted as sent:
            return sent.response(request)
        except ValidationError as error:
            form.add_error(None, error)
            if any(e.code == "stale" for e in error.error_list):
                stored = type(form.instance).objects.filter(pk=form.instance.pk)
                form.data = form.data.copy()
                form.data["version"] = stored.values_list("version", flat=True).get()
        else:
            messages.success(request, done)
            return redirect(_url(back, obj))
    context = {"alliance": alliance, "form": form, "heading": heading, **(extra or {})}
    context.setdefault("cancel", back if isinstance(back, str) else None)
    return render(request, "concept/edit.html", context)


def _url(back, obj) -> str:
    return back(obj) if callable(back) else back
