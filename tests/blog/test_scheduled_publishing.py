"""Scheduled publishing and expiry happen when beat runs the task."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from core.tasks import publish_scheduled_pages

pytestmark = pytest.mark.django_db


def test_beat_runs_the_task_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    assert entry["task"] == "home.tasks.publish_scheduled_pages"
    assert entry["schedule"] <= 60


def test_a_scheduled_post_goes_live_when_the_task_runs(client, make_post):
    post = make_post("Spring opening", publish=False)
    post.go_live_at = timezone.now() + timedelta(hours=1)
    post.save_revision().publish()
    post.refresh_from_db()
    assert not post.live
    assert client.get(post.url).status_code == 404

    publish_scheduled_pages.delay()
    post.refresh_from_db()
    assert not post.live  # not yet time

    later = timezone.now() + timedelta(hours=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        publish_scheduled_pages.delay()

    post.refresh_from_db()
    assert post.live
    assert client.get(post.url).status_code == 200


def test_an_expired_post_is_taken_down_when_the_task_runs(client, make_post):
    post = make_post("Summer offer")
    post.expire_at = timezone.now() - timedelta(minutes=1)
    post.save(update_fields=["expire_at"])

    publish_scheduled_pages.delay()

    post.refresh_from_db()
    assert not post.live and post.expired
    assert client.get(post.url).status_code == 404
