"""Domain data is written only through the services: in the Django admin IT may look it up
but add, change and delete nothing (accounts are IT's own business and stay writable)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

ACCOUNT_ADMINISTRATION = {"accounts", "auth", "axes", "otp_totp", "otp_static", "django_tasks"}


@pytest.mark.django_db
def test_no_domain_model_can_be_written_in_the_admin(django_user_model):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model.objects.create_superuser("it", "it@example.org", "x" * 16)
    domain = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label not in ACCOUNT_ADMINISTRATION
    }
    assert {m._meta.label for m in domain} >= {"alliance.Organisation", "areas.Area"}
    writable = [
        model._meta.label
        for model, model_admin in domain.items()
        if model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    ]
    assert writable == []
