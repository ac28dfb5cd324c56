"""Weekly opening ranges and dated exceptions; the rules live in venues.hours."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from ..hours import WEEKDAYS, TimeRange
from ..validators import validate_time_range

PAST_MIDNIGHT_HELP = "Earlier than opening means the next day: 22:00–02:00 closes at 2am."


class OpeningHours(models.Model):
    """One opening range on a weekday; a weekday without ranges is closed."""

    venue = ParentalKey("venues.VenuePage", on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=list(enumerate(WEEKDAYS)))
    opens = models.TimeField()
    closes = models.TimeField(help_text=PAST_MIDNIGHT_HELP)

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"

    def __str__(self):
        return f"{self.get_weekday_display()} {self.time_range}"

    def clean(self):
        validate_time_range(self.opens, self.closes)

    @property
    def time_range(self):
        return TimeRange(self.opens, self.closes)


class HoursException(models.Model):
    """A date with different hours (a holiday, a late opening); no times means closed."""

    venue = ParentalKey(
        "venues.VenuePage", on_delete=models.CASCADE, related_name="hours_exceptions"
    )
    date = models.DateField()
    label = models.CharField(max_length=80, blank=True, help_text="For example: Christmas Day.")
    opens = models.TimeField(null=True, blank=True, help_text="Leave both times empty if closed.")
    closes = models.TimeField(null=True, blank=True, help_text=PAST_MIDNIGHT_HELP)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("label")]),
        FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
    ]

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "date"], name="venues_one_exception_per_date"),
            models.CheckConstraint(
                condition=models.Q(opens__isnull=True, closes__isnull=True)
                | models.Q(opens__isnull=False, closes__isnull=False),
                name="venues_exception_both_times_or_none",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d %b %Y}: {self.time_range or 'closed'}"

    def clean(self):
        if (self.opens is None) != (self.closes is None):
            missing = "closes" if self.closes is None else "opens"
            raise ValidationError(
                {missing: "Enter both times for special hours, or neither if closed."}
            )
        validate_time_range(self.opens, self.closes)

    @property
    def closed(self):
        return self.opens is None

    @property
    def time_range(self):
        return None if self.closed else TimeRange(self.opens, self.closes)
