"""Every change of the news and the newsletter: one function each, with its history row.

Links in mails are absolute: the views pass ``base_url`` (scheme and host of the request).
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wohnbuendnis.alliance.models import Alliance
from wohnbuendnis.lib.history import change_status, record_status
from wohnbuendnis.lib.plausibility import check_date_near_today
from wohnbuendnis.lib.site_language import in_site_language
from wohnbuendnis.news.models import (
    CONFIRMATION_PERIOD,
    Delivery,
    IssueStatus,
    NewsItem,
    NewsletterIssue,
    NewsStatus,
    Subscription,
    SubscriptionStatus,
    new_token,
)

log = logging.getLogger(__name__)

# The consent the subscription form asks for (stored with each subscription as shown).
CONSENT_TEXT = gettext_noop(
    "Ich möchte den Newsletter des Bündnisses per E-Mail erhalten. Meine E-Mail-Adresse wird "
    "nur dafür verwendet; ich kann mich jederzeit über den Link in jeder Ausgabe abmelden."
)


# --- news items -------------------------------------------------------------------------------


def _check_item(title: str, teaser: str, text: str, date: datetime.date) -> None:
    if not title.strip() or not teaser.strip() or not text.strip():
        raise ValidationError(_("Bitte geben Sie Titel, Anreißer und Text an."))
    check_date_near_today(date, _("Das Datum der Neuigkeit"))


@transaction.atomic
def create_news_item(
    alliance: Alliance,
    by,
    *,
    title: str,
    teaser: str,
    text: str,
    date: datetime.date,
    publish: bool = False,
) -> NewsItem:
    """A news item, as a draft or published at once."""
    _check_item(title, teaser, text, date)
    item = NewsItem.objects.create(
        alliance=alliance,
        title=title.strip(),
        teaser=teaser.strip(),
        text=text.strip(),
        date=date,
        created_by=by,
    )
    record_status(item, by, in_site_language(gettext_noop("angelegt")), new=True)
    if publish:
        change_status(item, NewsStatus.PUBLISHED, by, published_at=timezone.now())
    return item


@transaction.atomic
def edit_news_item(
    item: NewsItem, by, *, title: str, teaser: str, text: str, date: datetime.date
) -> NewsItem:
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    _check_item(title, teaser, text, date)
    item.title, item.teaser, item.text = title.strip(), teaser.strip(), text.strip()
    item.date = date
    item.save(update_fields=["title", "teaser", "text", "date"])
    record_status(item, by, in_site_language(gettext_noop("bearbeitet")))
    return item


@transaction.atomic
def set_news_published(item: NewsItem, by, *, published: bool) -> NewsItem:
    """Publish a draft or take a published item back to draft."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    wanted = NewsStatus.PUBLISHED if published else NewsStatus.DRAFT
    if item.status == wanted:
        raise ValidationError(
            _("Die Neuigkeit ist bereits veröffentlicht.")
            if published
            else _("Die Neuigkeit ist bereits ein Entwurf.")
        )
    change_status(item, wanted, by, published_at=timezone.now() if published else None)
    return item


# --- subscriptions ----------------------------------------------------------------------------


def _link(base_url: str, name: str, token: str) -> str:
    return base_url.rstrip("/") + reverse(name, args=[token])


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def _confirmation_mail(subscription: Subscription, base_url: str) -> EmailMessage:
    alliance = subscription.alliance
    link = _link(base_url, "news:confirm", subscription.confirmation_token)
    body = _(
        "Guten Tag,\n\n"
        "für diese E-Mail-Adresse wurde der Newsletter von „%(alliance)s“ bestellt. Bitte "
        "bestätigen Sie die Anmeldung innerhalb von 7 Tagen über diesen Link:\n\n%(link)s\n\n"
        "Wenn Sie den Newsletter nicht bestellt haben, ignorieren Sie diese E-Mail; die Adresse "
        "wird dann nach 7 Tagen gelöscht."
    ) % {"alliance": alliance.name, "link": link}
    subject = _("Bitte bestätigen Sie Ihre Anmeldung zum Newsletter")
    return EmailMessage(subject, body, to=[subscription.email])


def _already_mail(subscription: Subscription, base_url: str) -> EmailMessage:
    link = _link(base_url, "news:unsubscribe", subscription.unsubscribe_token)
    body = _(
        "Guten Tag,\n\n"
        "für diese E-Mail-Adresse wurde der Newsletter von „%(alliance)s“ erneut bestellt. Sie "
        "erhalten ihn bereits; es ändert sich nichts.\n\nAbmelden: %(link)s"
    ) % {"alliance": subscription.alliance.name, "link": link}
    return EmailMessage(_("Sie erhalten den Newsletter bereits"), body, to=[subscription.email])


@transaction.atomic
def subscribe(alliance: Alliance, email: str, *, consent: bool, base_url: str) -> None:
    """Ask for the newsletter: mails a confirmation link (double opt-in). The caller learns
    nothing about whether the address was known: a confirmed address gets a note by mail, a
    pending one its confirmation link again, and the same address never gets a second row."""
    if not consent:
        raise ValidationError(_("Bitte willigen Sie ein, den Newsletter zu erhalten."))
    email = email.strip().lower()
    validate_email(email)
    now = timezone.now()
    delete_expired_subscriptions(now)
    try:
        with transaction.atomic():
            subscription, created = Subscription.objects.select_for_update().get_or_create(
                alliance=alliance,
                email=email,
                defaults={"consent_text": _(CONSENT_TEXT), "requested_at": now},
            )
    except IntegrityError:  # the same address at the same moment: the other request won
        subscription = Subscription.objects.select_for_update().get(alliance=alliance, email=email)
        created = False
    if created:
        record_status(
            subscription,
            None,
            in_site_language(gettext_noop("angemeldet, Bestätigung erbeten")),
            new=True,
        )
        mail = _confirmation_mail(subscription, base_url)
    elif subscription.status == SubscriptionStatus.CONFIRMED:
        mail = _already_mail(subscription, base_url)
    else:  # pending again, or unsubscribed before: a fresh consent and a fresh link
        subscription.consent_text = _(CONSENT_TEXT)
        subscription.requested_at = now
        subscription.confirmation_token = new_token()
        fields = ["consent_text", "requested_at", "confirmation_token"]
        if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
            subscription.save(update_fields=fields)
            change_status(
                subscription,
                SubscriptionStatus.PENDING,
                None,
                in_site_language(gettext_noop("erneut angemeldet")),
            )
        else:
            subscription.save(update_fields=fields)
            record_status(
                subscription,
                None,
                in_site_language(gettext_noop("Bestätigungslink erneut versandt")),
            )
        mail = _confirmation_mail(subscription, base_url)
    _send([mail])


def _by_token(field: str, token: str) -> Subscription:
    subscription = (
        Subscription.objects.select_for_update()
        .select_related("alliance")
        .filter(**{field: token})
        .first()
    )
    if subscription is None:
        raise ValidationError(_("Dieser Link ist ungültig oder abgelaufen."))
    return subscription


@transaction.atomic
def confirm_subscription(token: str, now: datetime.datetime | None = None) -> Subscription:
    """The confirmation link's owner confirms: from now on the address gets the newsletter."""
    now = now or timezone.now()
    subscription = _by_token("confirmation_token", token)
    if subscription.status == SubscriptionStatus.CONFIRMED:
        return subscription
    if (
        subscription.status != SubscriptionStatus.PENDING
        or subscription.requested_at + CONFIRMATION_PERIOD < now
    ):
        raise ValidationError(_("Dieser Link ist ungültig oder abgelaufen."))
    change_status(subscription, SubscriptionStatus.CONFIRMED, None, confirmed_at=now)
    return subscription


@transaction.atomic
def unsubscribe(token: str) -> Subscription:
    """One click, no login: the address gets no further issue. A second click changes nothing."""
    subscription = _by_token("unsubscribe_token", token)
    if subscription.status != SubscriptionStatus.UNSUBSCRIBED:
        change_status(
            subscription,
            SubscriptionStatus.UNSUBSCRIBED,
            None,
            unsubscribed_at=timezone.now(),
        )
    return subscription


@transaction.atomic
def delete_expired_subscriptions(now: datetime.datetime | None = None) -> int:
    """Delete the subscriptions never confirmed within the confirmation period."""
    now = now or timezone.now()
    expired = Subscription.objects.filter(
        status=SubscriptionStatus.PENDING, requested_at__lt=now - CONFIRMATION_PERIOD
    )
    _total, per_model = expired.delete()
    return per_model.get("news.Subscription", 0)


# --- newsletter issues ------------------------------------------------------------------------


@transaction.atomic
def create_issue(alliance: Alliance, by, *, subject: str, items) -> NewsletterIssue:
    """A newsletter issue from published news items of the alliance."""
    items = list(items)
    if not subject.strip():
        raise ValidationError(_("Bitte geben Sie einen Betreff an."))
    if not items:
        raise ValidationError(_("Bitte wählen Sie mindestens eine Neuigkeit."))
    if any(i.alliance_id != alliance.pk or not i.is_published for i in items):
        raise ValidationError(_("Ein Newsletter enthält nur veröffentlichte Neuigkeiten."))
    issue = NewsletterIssue.objects.create(
        alliance=alliance, subject=subject.strip(), created_by=by
    )
    issue.items.set(items)
    record_status(issue, by, in_site_language(gettext_noop("angelegt")), new=True)
    return issue


def _issue_mail(issue: NewsletterIssue, subscription: Subscription, base_url: str) -> EmailMessage:
    unsubscribe_url = _link(base_url, "news:unsubscribe", subscription.unsubscribe_token)
    parts = [issue.subject, ""]
    for item in issue.items.order_by("-date", "-id"):
        link = base_url.rstrip("/") + reverse("news:item", args=[item.pk])
        parts += [f"{item.title} ({item.date:%d.%m.%Y})", item.teaser, link, ""]
    parts += [
        "-- ",
        _("Sie erhalten diesen Newsletter von „%(alliance)s“, weil Sie ihn bestellt haben.")
        % {"alliance": issue.alliance.name},
        _("Abmelden mit einem Klick: %(link)s") % {"link": unsubscribe_url},
    ]
    return EmailMessage(
        issue.subject,
        "\n".join(parts),
        to=[subscription.email],
        headers={
            # RFC 8058: a mail client may unsubscribe with one POST to this address
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


@transaction.atomic
def send_issue(issue: NewsletterIssue, by, *, base_url: str) -> int:
    """Mail the issue to every confirmed subscriber who has not had it; returns how many got
    it now (a second call sends nothing to those who have it). Each delivery is recorded."""
    issue = NewsletterIssue.objects.select_for_update().select_related("alliance").get(pk=issue.pk)
    recipients = (
        Subscription.objects.filter(alliance=issue.alliance, status=SubscriptionStatus.CONFIRMED)
        .exclude(deliveries__issue=issue)
        .order_by("pk")
    )
    sent = 0
    with get_connection() as connection:
        for subscription in recipients:
            try:
                connection.send_messages([_issue_mail(issue, subscription, base_url)])
            except Exception:  # one refused address must not stop the others
                log.exception(
                    "newsletter %s not delivered to subscription %s", issue.pk, subscription.pk
                )
                continue
            Delivery.objects.create(issue=issue, subscription=subscription)
            sent += 1
    note = in_site_language(
        gettext_noop("an %(count)s Abonnentinnen und Abonnenten versandt"), count=sent
    )
    if issue.status == IssueStatus.DRAFT:
        change_status(issue, IssueStatus.SENT, by, note, sent_at=timezone.now())
    elif sent:
        record_status(issue, by, note)
    return sent


def subscription_by_confirmation_token(token: str) -> Subscription | None:
    return Subscription.objects.select_related("alliance").filter(confirmation_token=token).first()


def subscription_by_unsubscribe_token(token: str) -> Subscription | None:
    return Subscription.objects.select_related("alliance").filter(unsubscribe_token=token).first()
