"""Press releases: the public list, drafts and their publication."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import deny, object_permission_required, run_service
from wohnbuendnis.meetings import forms, services
from wohnbuendnis.meetings.models import PressRelease


@object_permission_required("meetings.view_published_summary", Alliance)
def press_releases(request, alliance: Alliance):
    """Published press releases for everyone; the Koordination also sees its drafts."""
    releases = PressRelease.objects.filter(alliance=alliance)
    can_manage = request.user.has_perm("meetings.manage_press_releases", alliance)
    context = {
        "alliance": alliance,
        "published": releases.filter(published=True),
        "drafts": releases.filter(published=False) if can_manage else [],
        "can_manage": can_manage,
    }
    return render(request, "meetings/press_releases.html", context)


def press_release(request, pk: int):
    release = get_object_or_404(PressRelease.objects.select_related("alliance"), pk=pk)
    can_manage = request.user.has_perm("meetings.manage_press_releases", release.alliance)
    if not release.published and not can_manage:
        raise Http404
    context = {"release": release, "alliance": release.alliance, "can_manage": can_manage}
    return render(request, "meetings/press_release.html", context)


@object_permission_required("meetings.manage_press_releases", Alliance)
def new_press_release(request, alliance: Alliance):
    form = forms.PressReleaseForm(request.POST or None)
    if form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("title", "text", "date")}
        try:
            release = create_once(
                request,
                form,
                lambda: services.create_press_release(alliance, request.user, **fields),
                lambda release: reverse("meetings:press_release", args=[release.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Entwurf der Pressemitteilung ist gespeichert."))
            return redirect("meetings:press_release", release.pk)
    context = {"alliance": alliance, "form": form}
    return render(request, "meetings/press_release_form.html", context)


@require_POST
def publish_press_release(request, pk: int):
    release = get_object_or_404(PressRelease.objects.select_related("alliance"), pk=pk)
    if not request.user.has_perm("meetings.manage_press_releases", release.alliance):
        return deny(request)
    run_service(
        request,
        lambda: services.publish_press_release(release, request.user),
        _("Die Pressemitteilung ist veröffentlicht."),
    )
    return redirect("meetings:press_release", release.pk)
