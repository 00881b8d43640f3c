import pytest

from wohnbuendnis.accounts.models import AccessAction, AccessLogEntry
from wohnbuendnis.accounts.services import record_personal_data_access
from wohnbuendnis.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_access_is_logged_by_type_and_id_without_the_subjects_name():
    clerk, subject = (
        UserFactory(username="clerk"),
        UserFactory(username="subject", last_name="Geheim"),
    )
    entry = record_personal_data_access(clerk, AccessAction.VIEW, subject, "Benennung prüfen")
    assert (entry.username, entry.action) == ("clerk", "view")
    assert (entry.subject_type, entry.subject_id) == ("accounts.user", str(subject.pk))
    assert "Geheim" not in str(entry.__dict__)


def test_an_access_without_a_reason_is_refused():
    with pytest.raises(ValueError, match="reason"):
        record_personal_data_access(UserFactory(), AccessAction.EXPORT, UserFactory(), "  ")
    assert not AccessLogEntry.objects.exists()


def test_the_log_cannot_be_edited_in_the_admin(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    entry = record_personal_data_access(admin, AccessAction.VIEW, UserFactory(), "Test")
    client.force_login(admin)
    assert client.get("/admin/accounts/accesslogentry/").status_code == 200
    assert client.get(f"/admin/accounts/accesslogentry/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/accounts/accesslogentry/add/").status_code == 403
