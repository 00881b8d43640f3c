"""Alliance data in the Django admin: for IT to look up, read-only.

Organisations, people, roles and bodies are written only through ``alliance.services`` (the
Koordination's pages in the browser, ``wohnbuendnis init``, the demo), so that every change is
validated the same way and nothing is replaced silently.
"""

from django.contrib import admin

from wohnbuendnis.alliance.models import (
    Alliance,
    AllianceAffiliation,
    AllianceChange,
    Body,
    MemberOrganisation,
    Membership,
    Organisation,
    Person,
)
from wohnbuendnis.lib.admin import ReadOnlyAdmin as ReadOnly


class MemberOrganisationInline(ReadOnly, admin.TabularInline):
    model = MemberOrganisation
    extra = 0


@admin.register(Alliance)
class AllianceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "slug", "area", "founded")
    inlines = [MemberOrganisationInline]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "short_name", "sector", "area")
    list_filter = ("sector",)
    search_fields = ("name", "short_name")


@admin.register(Person)
class PersonAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("last_name", "first_name", "title", "email", "user")
    search_fields = ("last_name", "first_name", "email")


@admin.register(Membership)
class MembershipAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("person", "alliance", "role", "organisation", "since", "until")
    list_filter = ("alliance", "role")
    search_fields = ("person__last_name", "person__first_name")


@admin.register(AllianceAffiliation)
class AllianceAffiliationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("member", "parent", "since", "until")
    list_filter = ("parent",)


@admin.register(Body)
class BodyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "alliance")
    list_filter = ("alliance", "kind")


@admin.register(AllianceChange)
class AllianceChangeAdmin(ReadOnly, admin.ModelAdmin):
    """The audit trail: append-only evidence of who changed what."""

    list_display = ("at", "by", "alliance", "action", "subject")
    list_filter = ("action", "alliance")
    search_fields = ("subject", "note")
    date_hierarchy = "at"
