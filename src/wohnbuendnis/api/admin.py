from django.contrib import admin

from wohnbuendnis.api.models import ApiCall, ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read only: tokens are issued and revoked on the alliance's token page (services)."""

    list_display = ["name", "organisation", "alliance", "prefix", "expires_on", "revoked_at"]
    list_filter = ["alliance"]
    exclude = ["token_hash"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ["at", "token", "method", "path", "status", "note"]
    list_filter = ["status"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
