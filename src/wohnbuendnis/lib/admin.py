"""What the apps' admin modules share."""


class ReadOnlyAdmin:
    """Domain data in the Django admin: for IT to look up, never to write. Every change goes
    through the app's services (validated, with its history), which the admin would bypass."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
