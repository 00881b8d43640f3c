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


def test_a_list_logs_one_row_per_subject_in_one_insert(django_assert_num_queries):
    from wohnbuendnis.accounts.services import record_personal_data_accesses

    clerk, subjects = UserFactory(), [UserFactory() for _ in range(5)]
    with django_assert_num_queries(1):
        rows = record_personal_data_accesses(
            clerk, AccessAction.VIEW, [*subjects, subjects[0]], "Liste"
        )
    assert len(rows) == 5  # each subject once
    logged = AccessLogEntry.objects.filter(user=clerk).values_list("subject_id", flat=True)
    assert sorted(logged) == sorted(str(s.pk) for s in subjects)
    assert all(row.at is not None for row in AccessLogEntry.objects.filter(user=clerk))
