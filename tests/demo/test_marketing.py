"""The demo's marketing data: what the issue lists, built once however often seed_demo runs."""

from io import StringIO

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from accounts.models import ConsentRecord
from marketing.models import (
    Campaign,
    Delivery,
    MailingList,
    Newsletter,
    OrderAttribution,
    Subscriber,
)
from marketing.reports import campaign_report, newsletter_report

pytestmark = pytest.mark.django_db


def counts():
    models = [
        MailingList,
        Subscriber,
        Newsletter,
        Delivery,
        Campaign,
        OrderAttribution,
        ConsentRecord,
    ]
    return {model.__name__: model.objects.count() for model in models} | {
        "orders": get_model("order", "Order").objects.count()
    }


def test_demo_has_lists_subscribers_newsletters_and_a_campaign(settings):
    settings.DEBUG = True
    call_command("seed_demo", domain="127.0.0.1:8000", verbosity=0, stdout=StringIO())
    first = counts()
    assert first["MailingList"] == 3
    assert first["Subscriber"] == 500
    assert ConsentRecord.objects.filter(purpose="newsletter").count() >= 480
    sent = Newsletter.objects.get(status=Newsletter.Status.SENT)
    report = newsletter_report(sent)
    assert report["sent"] > 400 and report["opens"] > 0 and report["clicks"] > 0
    assert Newsletter.objects.filter(status=Newsletter.Status.SCHEDULED).count() == 1
    campaign = Campaign.objects.get()
    assert campaign.voucher_set.vouchers.count() == 50
    assert campaign.links.count() == 2
    spring = campaign_report(campaign)
    assert spring.sessions > 0 and spring.orders > 0 and spring.revenue > 0
    call_command("seed_demo", domain="127.0.0.1:8000", verbosity=0, stdout=StringIO())
    assert counts() == first
