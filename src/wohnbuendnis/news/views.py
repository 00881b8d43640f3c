"""The news pages (public list and detail, the Koordination's drafts), subscribing to the
newsletter (double opt-in, one-click unsubscribe without login) and sending its issues."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once
from wohnbuendnis.lib.views import deny, object_permission_required, run_service
from wohnbuendnis.news import forms, queries, services
from wohnbuendnis.news.models import NewsItem, NewsletterIssue, SubscriptionStatus


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@object_permission_required("news.view_news", Alliance)
def news_list(request, alliance: Alliance):
    can_manage = request.user.has_perm("news.manage_news", alliance)
    context = {
        "alliance": alliance,
        "items": list(queries.published_news(alliance)),
        "drafts": list(queries.drafts(alliance)) if can_manage else [],
        "can_manage": can_manage,
    }
    return render(request, "news/news_list.html", context)


def news_item(request, pk: int):
    item = get_object_or_404(NewsItem.objects.select_related("alliance"), pk=pk)
    if not request.user.has_perm("news.view_news_item", item):
        raise Http404
    context = {
        "item": item,
        "alliance": item.alliance,
        "can_manage": request.user.has_perm("news.manage_news", item.alliance),
    }
    return render(request, "news/news_item.html", context)


@object_permission_required("news.manage_news", Alliance)
def new_news_item(request, alliance: Alliance):
    form = forms.NewNewsItemForm(request.POST or None)
    if form.is_valid():
        try:
            item = create_once(
                request,
                form,
                lambda: services.create_news_item(alliance, request.user, **form.cleaned_data),
                lambda item: reverse("news:item", args=[item.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Neuigkeit ist gespeichert."))
            return redirect("news:item", item.pk)
    context = {"alliance": alliance, "form": form, "title": _("Neuigkeit schreiben")}
    return render(request, "news/news_form.html", context)


def edit_news_item(request, pk: int):
    item = get_object_or_404(NewsItem.objects.select_related("alliance"), pk=pk)
    if not request.user.has_perm("news.manage_news", item.alliance):
        return deny(request)
    initial = {k: getattr(item, k) for k in ("title", "teaser", "text", "date")}
    form = forms.NewsItemForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.edit_news_item(item, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Neuigkeit ist gespeichert."))
            return redirect("news:item", item.pk)
    context = {
        "alliance": item.alliance,
        "form": form,
        "item": item,
        "title": _("Neuigkeit bearbeiten"),
    }
    return render(request, "news/news_form.html", context)


@require_POST
def publish_news_item(request, pk: int):
    item = get_object_or_404(NewsItem.objects.select_related("alliance"), pk=pk)
    if not request.user.has_perm("news.manage_news", item.alliance):
        return deny(request)
    publish = request.POST.get("publish") == "1"
    run_service(
        request,
        lambda: services.set_news_published(item, request.user, published=publish),
        _("Die Neuigkeit ist veröffentlicht.")
        if publish
        else _("Die Neuigkeit ist wieder ein Entwurf."),
    )
    return redirect("news:item", item.pk)


# --- the newsletter for the public ------------------------------------------------------------


@object_permission_required("news.subscribe", Alliance)
def subscribe(request, alliance: Alliance):
    form = forms.SubscribeForm(request.POST or None)
    if form.is_valid():
        try:
            services.subscribe(
                alliance,
                form.cleaned_data["email"],
                consent=form.cleaned_data["consent"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The same answer for a new, a pending and a confirmed address (nothing leaks).
            return render(request, "news/subscribe_done.html", {"alliance": alliance})
    return render(request, "news/subscribe.html", {"alliance": alliance, "form": form})


def confirm(request, token: str):
    """The link in the confirmation mail: a page with one button (a link checker that opens
    the link does not confirm anything); the button confirms."""
    subscription = services.subscription_by_confirmation_token(token)
    if subscription is None:
        return render(request, "news/link_invalid.html", status=404)
    if request.method == "POST":
        try:
            subscription = services.confirm_subscription(token)
        except ValidationError:
            return render(request, "news/link_invalid.html", status=404)
    context = {"alliance": subscription.alliance, "subscription": subscription}
    return render(request, "news/confirm.html", context)


@csrf_exempt  # RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" without a form
def unsubscribe(request, token: str):
    """One click, no login. GET shows a button (mail scanners open links); POST unsubscribes,
    from that button or from the mail client through the List-Unsubscribe-Post header."""
    subscription = services.subscription_by_unsubscribe_token(token)
    if subscription is None:
        return render(request, "news/link_invalid.html", status=404)
    if request.method == "POST":
        subscription = services.unsubscribe(token)
    context = {
        "alliance": subscription.alliance,
        "done": subscription.status == SubscriptionStatus.UNSUBSCRIBED,
    }
    return render(request, "news/unsubscribe.html", context)


# --- newsletter issues (Koordination) ---------------------------------------------------------


@object_permission_required("news.send_newsletter", Alliance)
def issues(request, alliance: Alliance):
    context = {
        "alliance": alliance,
        "issues": queries.issues(alliance),
        "counts": queries.subscriber_counts(alliance),
    }
    return render(request, "news/issues.html", context)


@object_permission_required("news.send_newsletter", Alliance)
def new_issue(request, alliance: Alliance):
    form = forms.IssueForm(request.POST or None, alliance=alliance)
    if form.is_valid():
        try:
            issue = create_once(
                request,
                form,
                lambda: services.create_issue(alliance, request.user, **form.cleaned_data),
                lambda issue: reverse("news:issue", args=[issue.pk]),
            )
        except AlreadySubmitted as done:
            return done.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Ausgabe ist gespeichert."))
            return redirect("news:issue", issue.pk)
    return render(request, "news/issue_form.html", {"alliance": alliance, "form": form})


def issue(request, pk: int):
    issue = get_object_or_404(NewsletterIssue.objects.select_related("alliance"), pk=pk)
    if not request.user.has_perm("news.send_newsletter", issue.alliance):
        return deny(request)
    context = {"alliance": issue.alliance, "issue": issue, **queries.issue_detail(issue)}
    return render(request, "news/issue.html", context)


@require_POST
def send_issue(request, pk: int):
    issue = get_object_or_404(NewsletterIssue.objects.select_related("alliance"), pk=pk)
    if not request.user.has_perm("news.send_newsletter", issue.alliance):
        return deny(request)
    sent = services.send_issue(issue, request.user, base_url=_base_url(request))
    messages.success(
        request,
        _("Die Ausgabe ist an %(count)s Abonnentinnen und Abonnenten versandt.") % {"count": sent}
        if sent
        else _("Alle bestätigten Abonnentinnen und Abonnenten haben diese Ausgabe bereits."),
    )
    return redirect("news:issue", issue.pk)
