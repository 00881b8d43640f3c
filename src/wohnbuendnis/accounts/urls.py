from django.contrib.auth import views as auth_views
from django.urls import path

from wohnbuendnis.accounts import views
from wohnbuendnis.accounts.forms import LoginForm

urlpatterns = [
    path(
        "anmelden/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("passwort/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "passwort/geaendert/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("passwort-vergessen/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "passwort-vergessen/gesendet/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passwort-neu/fertig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("zwei-faktor/", views.overview, name="second_factor"),
    path("zwei-faktor/einrichten/", views.setup, name="second_factor_setup"),
    path("zwei-faktor/bestaetigen/", views.verify, name="second_factor_verify"),
    path(
        "zwei-faktor/wiederherstellungscodes/",
        views.renew_recovery_codes,
        name="second_factor_recovery_codes",
    ),
]
