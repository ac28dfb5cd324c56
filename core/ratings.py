"""The "top rated" score shared by venues and products (docs/reviews.md)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

SCORE_PLACES = Decimal("0.001")


def bayesian_score(total, count: int, prior_mean=None, prior_weight=None) -> Decimal:
    """(C·m + Σ ratings) / (C + n): the average of n ratings summing to `total`, pulled towards
    the prior mean m as if C more ratings of m had been given.

    Few reviews stay near m, many reviews speak for themselves: five fives score below two
    hundred reviews averaging 4.8. m is REVIEWS_PRIOR_MEAN (4.0), C is REVIEWS_PRIOR_WEIGHT (5).
    """
    mean = Decimal(str(settings.REVIEWS_PRIOR_MEAN if prior_mean is None else prior_mean))
    weight = Decimal(settings.REVIEWS_PRIOR_WEIGHT if prior_weight is None else prior_weight)
    if weight + count == 0:
        return Decimal("0").quantize(SCORE_PLACES)
    score = (weight * mean + Decimal(str(total))) / (weight + Decimal(count))
    return score.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)
