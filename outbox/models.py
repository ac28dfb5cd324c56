from django.db import models
from django.utils import timezone


class PendingTask(models.Model):
    """A Celery task call whose data is committed and that the broker has not taken yet.

    Written in the same transaction as the data it is about, deleted once the broker has it.
    """

    task = models.CharField(max_length=255, help_text="The registered Celery task name.")
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)
    next_attempt = models.DateTimeField(default=timezone.now)
    failures = models.PositiveIntegerField(
        default=0, help_text="Times the call itself was refused (broker outages do not count)."
    )
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["next_attempt"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.task}{tuple(self.args)!r}"
