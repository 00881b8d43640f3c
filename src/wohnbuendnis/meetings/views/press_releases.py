"""Press releases: the public list, drafts, approval by the named partners, publication."""

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
from wohnbuendnis.meetings import forms, queries, services
from wohnbuendnis.meetings.models import PressRelease


def _release(pk: int) -> PressRelease:
    return get_object_or_404(PressRelease.objects.select_related("alliance"), pk=pk)


def _url(request, release: PressRelease) -> str:
    return request.build_absolute_uri(reverse("meetings:press_release", args=[release.pk]))


@object_permission_required("meetings.view_published_summary", Alliance)
def press_releases(request, alliance: Alliance):
    """Published press releases for everyone; the Koordination also sees its drafts, a named
    partner the releases that await its approval."""
    can_manage = request.user.has_perm("meetings.manage_press_releases", alliance)
    context = {
        "alliance": alliance,
        "can_manage": can_manage,
        **queries.press_release_lists(alliance, request.user, can_manage=can_manage),
    }
    return render(request, "meetings/press_releases.html", context)


def press_release(request, pk: int):
    release = _release(pk)
    if not request.user.has_perm("meetings.view_press_release", release):
        raise Http404
    can_manage = request.user.has_perm("meetings.manage_press_releases", release.alliance)
    context = {
        "release": release,
        "alliance": release.alliance,
        "can_manage": can_manage,
        "can_approve": request.user.has_perm("meetings.approve_press_release", release),
        **queries.press_release_detail(release, with_history=can_manage),
    }
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


def edit_press_release(request, pk: int):
    release = _release(pk)
    if not request.user.has_perm("meetings.manage_press_releases", release.alliance):
        return deny(request)
    if release.published:
        raise Http404
    initial = {k: getattr(release, k) for k in ("title", "text", "date", "version")}
    form = forms.PressReleaseEditForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.edit_press_release(
                release, request.user, url=_url(request, release), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Pressemitteilung ist gespeichert."))
            return redirect("meetings:press_release", release.pk)
    context = {"alliance": release.alliance, "release": release, "form": form}
    return render(request, "meetings/press_release_edit.html", context)


def send_press_release(request, pk: int):
    release = _release(pk)
    if not request.user.has_perm("meetings.manage_press_releases", release.alliance):
        return deny(request)
    form = forms.SendPressReleaseForm(request.POST or None, alliance=release.alliance)
    if form.is_valid():
        try:
            services.send_press_release_for_approval(
                release,
                request.user,
                organisations=form.cleaned_data["organisations"],
                deadline=form.cleaned_data["deadline"],
                url=_url(request, release),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Pressemitteilung ist zur Freigabe versandt."))
            return redirect("meetings:press_release", release.pk)
    context = {"alliance": release.alliance, "release": release, "form": form}
    return render(request, "meetings/press_release_send.html", context)


def decide_press_release(request, pk: int):
    release = _release(pk)
    if not request.user.has_perm("meetings.approve_press_release", release):
        return deny(request)
    organisations = services.organisations_of(request.user, release)
    form = forms.PressReleaseDecisionForm(
        request.POST or None,
        organisations=organisations,
        initial={"version": release.version, "organisation": organisations[0].pk},
    )
    if form.is_valid():
        try:
            services.decide_press_release(release, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ihre Entscheidung ist gespeichert."))
            return redirect("meetings:press_release", release.pk)
    context = {
        "alliance": release.alliance,
        "release": release,
        "form": form,
        **queries.press_release_detail(release, with_history=False),
    }
    return render(request, "meetings/press_release_decide.html", context)


@require_POST
def publish_press_release(request, pk: int):
    release = _release(pk)
    if not request.user.has_perm("meetings.manage_press_releases", release.alliance):
        return deny(request)
    run_service(
        request,
        lambda: services.publish_press_release(release, request.user),
        _("Die Pressemitteilung ist veröffentlicht."),
    )
    return redirect("meetings:press_release", release.pk)
