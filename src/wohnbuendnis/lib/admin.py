"""What the apps' admin modules share."""

from django.db import models


class ReadOnlyAdmin:
    """Domain data in the Django admin: for IT to look up, never to write. Every change goes
    through the app's services (validated, with its history), which the admin would bypass."""

    # A web address without a scheme means https, as in our own forms (and Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
