from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from wohnbuendnis.accounts.models import AccessLogEntry, User

admin.site.register(User, UserAdmin)


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the access log is evidence and must not be edited."""

    list_display = ("at", "username", "action", "subject_type", "subject_id", "reason")
    list_filter = ("action", "subject_type")
    search_fields = ("username", "subject_id", "reason")
    date_hierarchy = "at"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
