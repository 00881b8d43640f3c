"""Areas in the Django admin: for IT to look up, read-only. Areas are created by
``wohnbuendnis init`` and the district upload (``areas.services``), which check the keys and the
hierarchy."""

from django.contrib import admin

from wohnbuendnis.areas.models import Area
from wohnbuendnis.lib.admin import ReadOnlyAdmin


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("name", "level", "key", "parent")
    list_filter = ("level",)
    search_fields = ("name", "key")
    raw_id_fields = ("parent",)
