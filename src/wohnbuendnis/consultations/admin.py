from django.contrib import admin

from wohnbuendnis.consultations.models import Consultation


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the services (history rows)."""

    list_display = ["title", "alliance", "kind", "deadline", "status"]
    list_filter = ["status", "kind"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
