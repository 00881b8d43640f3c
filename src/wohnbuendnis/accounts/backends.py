"""Authentication backends of wohnbuendnis (see ``accounts.permissions``)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from wohnbuendnis.accounts.permissions import is_case_permission


class AccountAdministrationBackend(ModelBackend):
    """Django's model permissions, but none of a case app (there the rules alone decide)."""

    def get_all_permissions(self, user_obj, obj=None):
        perms = super().get_all_permissions(user_obj, obj)
        return {perm for perm in perms if not is_case_permission(perm)}

    def has_module_perms(self, user_obj, app_label):
        return not is_case_permission(f"{app_label}.") and super().has_module_perms(
            user_obj, app_label
        )
