from django.contrib import admin

from wohnbuendnis.alliance.models import (
    Alliance,
    Body,
    MemberOrganisation,
    Membership,
    Organisation,
    Person,
)


class MemberOrganisationInline(admin.TabularInline):
    model = MemberOrganisation
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "area", "founded")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("area",)
    inlines = [MemberOrganisationInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "sector")
    list_filter = ("sector",)
    search_fields = ("name", "short_name")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "title", "email", "user")
    search_fields = ("last_name", "first_name", "email")
    autocomplete_fields = ("organisations",)
    raw_id_fields = ("user",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "alliance", "role", "organisation", "since", "until")
    list_filter = ("alliance", "role")
    search_fields = ("person__last_name", "person__first_name")
    autocomplete_fields = ("person", "organisation")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "alliance")
    list_filter = ("alliance", "kind")
    autocomplete_fields = ("chairs", "members")
