"""Koordination adds and edits people, invites them and grants and revokes their roles."""

from smtplib import SMTPException

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wohnbuendnis.alliance import services
from wohnbuendnis.alliance.forms import (
    GrantRoleForm,
    InviteForm,
    NewPersonForm,
    PersonForm,
    RevokeRoleForm,
    add_service_error,
)
from wohnbuendnis.alliance.models import Alliance, Person
from wohnbuendnis.lib.idempotency import AlreadySubmitted, create_once, with_token
from wohnbuendnis.lib.views import object_permission_required

PERSON_FIELDS = ("first_name", "last_name", "title", "email", "phone")


def _person(alliance: Alliance, pk: int) -> Person:
    """Only people who hold or held a role in this alliance."""
    return get_object_or_404(Person, pk=pk, pk__in=alliance.memberships.values("person"))


def _invite(request, alliance: Alliance, person: Person) -> None:
    try:
        user = services.invite_person(
            alliance, person, request.build_absolute_uri("/"), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (SMTPException, OSError):
        failed = _("Die E-Mail konnte nicht gesendet werden. Bitte später erneut einladen.")
        messages.error(request, failed)
    else:
        messages.success(
            request,
            _("Einladung an %(email)s gesendet (Benutzername %(username)s).")
            % {"email": user.email, "username": user.username},
        )


@object_permission_required("alliance.manage_members", Alliance)
def person_create(request, alliance: Alliance):
    form = with_token(NewPersonForm)(request.POST or None, alliance=alliance)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        invite = data.pop("invite")
        try:
            person = create_once(
                request,
                form,
                lambda: services.enrol_person(alliance, by=request.user, **data),
                lambda p: reverse("alliance:person", args=[alliance.slug, p.pk]),
            )
        except AlreadySubmitted as sent:  # created (and invited) by the first submission
            return sent.response(request)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(person)s ist angelegt.") % {"person": person})
            if invite:
                _invite(request, alliance, person)
            return redirect("alliance:person", alliance.slug, person.pk)
    return render(request, "alliance/person_form.html", {"alliance": alliance, "form": form})


def _person_page(request, alliance: Alliance, person: Person, form=None, grant=None):
    initial = {f: getattr(person, f) for f in PERSON_FIELDS}
    initial["organisations"] = list(person.organisations.all())
    return render(
        request,
        "alliance/person_edit.html",
        {
            "alliance": alliance,
            "person": person,
            "form": form or PersonForm(alliance=alliance, person=person, initial=initial),
            "grant": grant or GrantRoleForm(alliance=alliance, person=person),
            "revoke": RevokeRoleForm(),
            "invite": InviteForm(),
            "memberships": alliance.memberships.filter(person=person)
            .select_related("organisation")
            .order_by("-since"),
            "may_invite": person.user_id is None or not person.user.has_usable_password(),
        },
    )


@object_permission_required("alliance.manage_members", Alliance)
def person_edit(request, alliance: Alliance, pk: int):
    person = _person(alliance, pk)
    if request.method != "POST":
        return _person_page(request, alliance, person)
    form = PersonForm(request.POST, alliance=alliance, person=person)
    if form.is_valid():
        try:
            services.update_person(person, by=request.user, alliance=alliance, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Angaben sind gespeichert."))
            return redirect("alliance:person", alliance.slug, person.pk)
    return _person_page(request, alliance, person, form=form)


@require_POST
@object_permission_required("alliance.manage_members", Alliance)
def role_grant(request, alliance: Alliance, pk: int):
    person = _person(alliance, pk)
    grant = GrantRoleForm(request.POST, alliance=alliance, person=person)
    if grant.is_valid():
        data = grant.cleaned_data
        try:
            services.grant_role(
                alliance, person, data["role"], data["since"], data["on_behalf_of"],
                until=data["until"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_service_error(grant, error)
        else:
            messages.success(request, _("Die Rolle ist vergeben."))
            return redirect("alliance:person", alliance.slug, person.pk)
    return _person_page(request, alliance, person, grant=grant)


@require_POST
@object_permission_required("alliance.manage_members", Alliance)
def role_revoke(request, alliance: Alliance, pk: int, membership: int):
    person = _person(alliance, pk)
    row = get_object_or_404(alliance.memberships, pk=membership, person=person)
    form = RevokeRoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Bitte geben Sie den letzten Tag als Datum an."))
        ended = services.revoke_role(row, form.cleaned_data["until"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        day = date_format(ended.until, "SHORT_DATE_FORMAT")
        messages.success(request, _("Die Rolle endet am %(day)s.") % {"day": day})
    return redirect("alliance:person", alliance.slug, person.pk)


@require_POST
@object_permission_required("alliance.manage_members", Alliance)
def person_invite(request, alliance: Alliance, pk: int):
    """Sends the invitation once per rendered page: the mail goes out inside the transaction
    that stores the form's token, so a double click or a reload sends no second mail, and a
    failed mail leaves neither an account nor a used token behind (the button works again)."""
    person = _person(alliance, pk)
    page = reverse("alliance:person", args=[alliance.slug, person.pk])
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()))
        return redirect(page)
    base_url = request.build_absolute_uri("/")
    try:
        user = create_once(
            request,
            form,
            lambda: services.invite_person(alliance, person, base_url, by=request.user),
            lambda _user: page,
        )
    except AlreadySubmitted as sent:
        return sent.response(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (SMTPException, OSError):
        failed = _("Die E-Mail konnte nicht gesendet werden. Bitte später erneut einladen.")
        messages.error(request, failed)
    else:
        messages.success(
            request,
            _("Einladung an %(email)s gesendet (Benutzername %(username)s).")
            % {"email": user.email, "username": user.username},
        )
    return redirect(page)
