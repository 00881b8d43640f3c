from django.contrib import admin

from wohnbuendnis.areas.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "key", "parent")
    list_filter = ("level",)
    search_fields = ("name", "key")
    raw_id_fields = ("parent",)
