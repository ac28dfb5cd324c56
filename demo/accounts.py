"""Demo data: the demo shopper has a profile and has said yes to the newsletter."""

from django.contrib.auth import get_user_model

from accounts import consent
from accounts.models import ConsentRecord, Profile

DEMO_SHOPPER = "shopper@example.com"


def build_account_demo():
    shopper = get_user_model().objects.filter(email=DEMO_SHOPPER).first()
    if shopper is None:
        return
    Profile.for_user(shopper)
    if not ConsentRecord.objects.for_user(shopper).filter(purpose=consent.NEWSLETTER).exists():
        consent.record_consent(
            purpose=consent.NEWSLETTER,
            given=True,
            text_version=consent.NEWSLETTER_TEXT_VERSION,
            source="demo",
            user=shopper,
        )
