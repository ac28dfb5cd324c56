"""allauth's emails are rendered in the site's email layout and sent by a Celery task."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import tasks
from tests.accounts.conftest import make_user

pytestmark = pytest.mark.django_db


def html_of(message):
    return next(content for content, kind in message.alternatives if kind == "text/html")


def test_password_reset_email_is_queued_after_commit_and_uses_the_layout(
    client, home_page, django_capture_on_commit_callbacks, monkeypatch
):
    user = make_user()
    queued = []
    monkeypatch.setattr(
        tasks.send_account_email,
        "apply_async",
        lambda args=(), kwargs=None, **options: queued.append(kwargs),
    )
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("account_reset_password"), {"email": user.email})
    assert queued == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert len(queued) == 1
    assert queued[0]["to"] == [user.email]
    assert "/accounts/password/reset/key/" in queued[0]["text"]


def test_account_email_arrives_with_text_and_html_in_the_site_layout(
    client, home_page, django_capture_on_commit_callbacks
):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("[Harbour & Hearth]")
    html = html_of(message)
    assert "body-wrap" in html  # the layout order emails use
    assert "/accounts/password/reset/key/" in html
    assert "<a href=" in html  # links are clickable


def test_login_code_email_goes_the_same_way(client, home_page, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "body-wrap" in html_of(mail.outbox[0])
