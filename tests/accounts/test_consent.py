"""The consent log is append-only; suppressed addresses are recognised by their hash."""

import pytest
from django.urls import reverse

from accounts.consent import has_consent, is_suppressed, record_consent, suppress_email
from accounts.models import ConsentRecord, SuppressedEmail
from tests.accounts.conftest import make_user

pytestmark = pytest.mark.django_db


def test_records_for_a_user_or_a_bare_address():
    user = make_user()
    record_consent(purpose="newsletter", given=True, text_version="v1", source="footer", user=user)
    record_consent(
        purpose="newsletter",
        given=True,
        text_version="v1",
        source="landing",
        email="A@Example.com ",
    )
    assert has_consent(user, "newsletter")
    assert ConsentRecord.objects.filter(email="a@example.com").count() == 1
    with pytest.raises(ValueError):
        record_consent(purpose="newsletter", given=True, text_version="v1", source="x")


def test_the_latest_record_wins():
    user = make_user()
    record_consent(purpose="newsletter", given=True, text_version="v1", source="p", user=user)
    record_consent(purpose="newsletter", given=False, text_version="v1", source="p", user=user)
    assert not has_consent(user, "newsletter")


def test_records_cannot_be_changed_or_deleted():
    record = record_consent(
        purpose="newsletter", given=True, text_version="v1", source="p", email="a@example.com"
    )
    record.action = "withdrawn"
    with pytest.raises(ValueError):
        record.save()
    with pytest.raises(ValueError):
        record.delete()


def test_suppression_stores_only_a_hash():
    suppress_email(" Someone@Example.com", "unsubscribed")
    suppress_email("someone@example.com", "again")  # idempotent
    assert is_suppressed("SOMEONE@example.com")
    assert not is_suppressed("other@example.com")
    stored = SuppressedEmail.objects.get()
    assert "example" not in stored.email_hash and len(stored.email_hash) == 64


def test_admin_shows_the_log_read_only(client):
    admin = make_user("boss", is_superuser=True, is_staff=True)
    record_consent(purpose="newsletter", given=True, text_version="v1", source="p", user=admin)
    client.force_login(admin)
    changelist = client.get(reverse("admin:accounts_consentrecord_changelist"))
    assert changelist.status_code == 200
    assert "newsletter" in changelist.content.decode()
    assert client.get(reverse("admin:accounts_consentrecord_add")).status_code == 403
