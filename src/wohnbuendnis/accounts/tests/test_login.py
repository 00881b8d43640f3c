"""Login, lockout, logout, password change and reset as a person experiences them."""

import pytest
from django.core import mail
from django.urls import reverse

from wohnbuendnis.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "ein-langes-Passwort-2026"


@pytest.fixture
def user():
    user = UserFactory(username="kim", email="kim@example.org")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, password):
    return client.post(reverse("login"), {"username": "kim", "password": password})


def test_the_login_page_is_german_and_labelled(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="de">' in html
    assert "Anmelden" in html and "Benutzername" in html and "Passwort" in html
    assert 'autocomplete="current-password"' in html


def test_passwords_are_stored_with_argon2(user):
    assert user.password.startswith("argon2")


def test_a_correct_login_leads_to_the_start_page(client, user):
    response = _login(client, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("start")


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(client, user):
    response = _login(client, "falsch")
    assert response.status_code == 200
    assert "Benutzername oder Passwort stimmen nicht" in response.content.decode()


def test_five_failures_lock_the_login_even_for_the_right_password(client, user):
    for _ in range(5):
        _login(client, "falsch")
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post_and_ends_the_session(client, user):
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_password_change_requires_the_old_password(client, user):
    client.force_login(user)
    new = "ein-neues-Passwort-2027"
    response = client.post(
        reverse("password_change"),
        {"old_password": "falsch", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    user.refresh_from_db()
    assert user.check_password(new)


def test_short_passwords_are_refused(client, user):
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "kurz123", "new_password2": "kurz123"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_mails_a_one_time_link(client, user):
    response = client.post(reverse("password_reset"), {"email": "kim@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "/konto/passwort-neu/" in body and "kim" in body
    link = next(line for line in body.splitlines() if "/konto/passwort-neu/" in line)
    path = link.split("testserver", 1)[1].strip()
    form = client.get(path, follow=True)
    assert form.status_code == 200
    new = "nach-dem-Reset-2026!"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    user.refresh_from_db()
    assert user.check_password(new)


def test_unknown_addresses_get_the_same_answer_and_no_mail(client, user):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
