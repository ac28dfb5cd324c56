"""Task names: beat uses the bookings app's; messages queued under the old names still run."""

from django.conf import settings

from config.celery import app

TASKS = ("send_booking_email", "release_expired_holds", "send_booking_reminders")


def test_beat_schedules_booking_tasks_that_exist():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ("bookings.tasks.release_expired_holds", "bookings.tasks.send_booking_reminders"):
        assert name in scheduled
        assert name in app.tasks


def test_tasks_queued_under_the_old_names_hand_over_to_the_new_ones(monkeypatch):
    app.loader.import_default_modules()
    for task in TASKS:
        calls = []
        new = app.tasks[f"bookings.tasks.{task}"]
        monkeypatch.setattr(new, "delay", lambda *args, calls=calls: calls.append(args))
        args = (1, "confirmed", None) if task == "send_booking_email" else ()
        app.tasks[f"venues.bookings.tasks.{task}"].run(*args)
        assert calls == [args]
