"""A venue's review aggregates, kept beside the page rather than on it.

Publishing a page revision writes every page field back from the revision, so figures kept on
`VenuePage` would be overwritten by whatever they were when the revision was drafted. The
`reviews` app writes this row, in the same transaction as the review change that moves it;
everything below reviews (cards, the search index, JSON-LD) only reads it.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from core.ratings import bayesian_score

STARS = (1, 2, 3, 4, 5)
SUB_RATINGS = ("service", "cleanliness", "value")
ONE_DP = Decimal("0.1")


def empty_distribution():
    return {str(stars): 0 for stars in STARS}


class VenueRating(models.Model):
    venue = models.OneToOneField(
        "venues.VenuePage", on_delete=models.CASCADE, related_name="rating", primary_key=True
    )
    count = models.PositiveIntegerField(default=0)
    # Sums, not averages, are stored: adding or removing one review changes them exactly.
    total = models.PositiveIntegerField(default=0)
    service_total = models.PositiveIntegerField(default=0)
    cleanliness_total = models.PositiveIntegerField(default=0)
    value_total = models.PositiveIntegerField(default=0)
    distribution = models.JSONField(default=empty_distribution)
    average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    top_score = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.000"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "venue rating"

    def __str__(self):
        return f"{self.venue_id}: {self.average} from {self.count}"

    def _average_of(self, total):
        if not self.count:
            return None
        return (Decimal(total) / self.count).quantize(ONE_DP, rounding=ROUND_HALF_UP)

    @property
    def average_one_dp(self):
        return self._average_of(self.total)

    @property
    def sub_averages(self):
        return {name: self._average_of(getattr(self, f"{name}_total")) for name in SUB_RATINGS}

    @property
    def distribution_rows(self):
        """(stars, count, percent of reviews) from five stars down, for the summary bars."""
        rows = []
        for stars in reversed(STARS):
            n = int(self.distribution.get(str(stars), 0))
            rows.append((stars, n, round(100 * n / self.count) if self.count else 0))
        return rows

    def recompute_derived(self, prior_mean=None):
        self.average = (
            (Decimal(self.total) / self.count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if self.count
            else None
        )
        self.top_score = bayesian_score(self.total, self.count, prior_mean)
