"""Newsletter subscriptions in the account's data export, and after account deletion."""

import io
import json
import zipfile

from accounts import personal_data
from accounts.models import SuppressedEmail
from marketing.models import Subscriber

from .conftest import make_subscriber


def test_export_and_deletion_of_a_subscribers_account(user_factory, news_list, events_list):
    user = user_factory(username="nia", email="Nia@Example.com")
    subscriber = make_subscriber("nia@example.com", news_list, events_list)

    archive = zipfile.ZipFile(io.BytesIO(personal_data.build_zip(user)))
    (row,) = json.loads(archive.read("newsletter_subscriptions.json"))
    assert row["email"] == "nia@example.com" and row["status"] == "subscribed"
    assert row["messages_received"] == 0
    assert sorted(row["lists"]) == ["Events", "Newsletter"]

    personal_data.erase_account(user)
    subscriber.refresh_from_db()
    assert subscriber.email.endswith("@invalid.invalid") and subscriber.user is None
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert not subscriber.lists.exists()
    assert not Subscriber.objects.mailable().exists()
    assert SuppressedEmail.objects.filter(email_hash=subscriber.email_hash).exists()
