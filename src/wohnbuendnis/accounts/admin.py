from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static import admin as _static_admin  # noqa: F401 - registers first
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as _totp_admin  # noqa: F401 - registers first
from django_otp.plugins.otp_totp.models import TOTPDevice

from wohnbuendnis.accounts import services
from wohnbuendnis.accounts.models import AccessLogEntry, SecondFactorEvent, User, subject_label


@admin.register(User)
class AccountAdmin(UserAdmin):
    actions = ["reset_second_factor"]

    @admin.action(description=_("Zweiten Faktor zurücksetzen (Telefon verloren)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            services.reset_second_factor(
                user, request.user, note=str(_("über die Verwaltung zurückgesetzt"))
            )
        self.message_user(
            request,
            _(
                "Zweiter Faktor zurückgesetzt: %(count)d Konto/Konten. Sie richten ihn bei der "
                "nächsten Anmeldung neu ein."
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )


# Devices change only through accounts.services (with a history row): django-otp's own admin
# pages would let IT read secrets and delete devices unlogged.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence: nobody adds, changes or deletes rows."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubjectTypeFilter(admin.SimpleListFilter):
    """The kinds of records by their names, not their keys (``allocation.household``)."""

    title = _("Art des Datensatzes")
    parameter_name = "subject_type"

    def lookups(self, request, model_admin):
        kinds = AccessLogEntry.objects.values_list("subject_type", flat=True).distinct()
        return sorted(((kind, subject_label(kind)) for kind in kinds), key=lambda k: k[1])

    def queryset(self, request, queryset):
        return queryset.filter(subject_type=self.value()) if self.value() else queryset


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    """Read-only: the access log is evidence and must not be edited."""

    list_display = ("at", "username", "action", "subject", "subject_id", "reason")
    fields = ("at", "user", "username", "action", "subject", "subject_id", "reason")
    readonly_fields = ("at", "subject")
    list_filter = ("action", SubjectTypeFilter)
    search_fields = ("username", "subject_id", "reason")
    date_hierarchy = "at"

    @admin.display(description=_("Art des Datensatzes"), ordering="subject_type")
    def subject(self, entry: AccessLogEntry) -> str:
        return entry.subject_label


@admin.register(SecondFactorEvent)
class SecondFactorEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "action", "actor_username", "note")
    list_filter = ("action",)
    search_fields = ("user__username", "actor_username")
    date_hierarchy = "at"
