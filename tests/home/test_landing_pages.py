"""Campaign landing pages: their blocks, the newsletter sign-up and embedded forms."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from oscar.test.factories import VoucherFactory

from home.models import FormField, FormPage, LandingPage
from marketing.models import Subscriber

pytestmark = pytest.mark.django_db

CONSENT = "Yes, email me news and offers."


def newsletter(consent=CONSENT):
    return {
        "type": "newsletter",
        "value": {
            "heading": "Get the newsletter",
            "text": "",
            "consent_text": consent,
            "button_text": "Sign up",
        },
    }


@pytest.fixture
def make_landing(home_page):
    def make(body, slug="winter-sale", **fields):
        page = home_page.add_child(
            instance=LandingPage(title="Winter sale", slug=slug, body=body, **fields)
        )
        page.save_revision().publish()
        return page

    return make


def test_blocks_render(client, make_landing):
    ends = (timezone.now() + timedelta(days=2)).isoformat()
    page = make_landing(
        [
            {"type": "hero", "value": {"title": "Winter sale", "text": "A third off."}},
            {"type": "countdown", "value": {"heading": "Ends in", "ends_at": ends}},
            {
                "type": "testimonials",
                "value": {"testimonials": [{"quote": "Lovely.", "name": "Sam", "detail": ""}]},
            },
            {"type": "faq", "value": {"items": [{"question": "When?", "answer": "<p>Now.</p>"}]}},
            {
                "type": "table",
                "value": {"first_row_is_table_header": True, "data": [["A", "B"], ["1", "2"]]},
            },
        ]
    )
    content = client.get(page.url).content.decode()
    assert "A third off." in content
    assert "data-countdown=" in content and "to go" in content
    assert "Lovely." in content and "When?" in content
    assert '<th scope="col">A</th>' in content


def test_finished_countdown_says_so(client, make_landing):
    ended = (timezone.now() - timedelta(hours=1)).isoformat()
    value = {"heading": "Ends in", "ends_at": ended, "finished_text": "All over."}
    page = make_landing([{"type": "countdown", "value": value}])
    assert "All over." in client.get(page.url).content.decode()


def test_live_voucher_is_revealed_and_expired_one_hidden(client, make_landing):
    live = VoucherFactory(code="WINTER25")
    expired = VoucherFactory(
        code="OLD10",
        name="Old",
        start_datetime=timezone.now() - timedelta(days=30),
        end_datetime=timezone.now() - timedelta(days=1),
    )
    page = make_landing(
        [
            {"type": "voucher", "value": {"voucher": live.pk, "heading": "Your code"}},
            {"type": "voucher", "value": {"voucher": expired.pk, "heading": "Old code"}},
        ]
    )
    content = client.get(page.url).content.decode()
    assert "WINTER25" in content and "<details" in content
    assert "OLD10" not in content


def test_hidden_navigation(client, make_landing):
    page = make_landing([], hide_navigation=True)
    content = client.get(page.url).content.decode()
    assert "site-header--minimal" in content
    assert 'id="site-nav"' not in content
    normal = make_landing([], slug="normal")
    assert 'id="site-nav"' in client.get(normal.url).content.decode()


def test_newsletter_sign_up_starts_one_double_opt_in(client, make_landing):
    page = make_landing([newsletter()])
    data = {"email": "Ann@Example.com", "consent": "on", "consent_text": CONSENT}

    first = client.post(page.url + "newsletter/", data, REMOTE_ADDR="203.0.113.9")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ann@example.com"
    assert subscriber.status == Subscriber.Status.PENDING  # until the emailed link is followed
    assert subscriber.consent_text == CONSENT
    assert subscriber.source == f"landing:{page.slug}"
    assert subscriber.signup_ip == "203.0.113.9"

    again = client.post(page.url + "newsletter/", {**data, "email": "ann@example.com"})
    assert first.status_code == 302 and again.status_code == 302
    assert Subscriber.objects.count() == 1


def test_newsletter_errors_show_on_the_page(client, make_landing):
    page = make_landing([newsletter()])

    response = client.post(
        page.url + "newsletter/", {"email": "not-an-email", "consent_text": CONSENT}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a valid email address." in content
    assert "Tick the box to agree to the emails." in content
    assert not Subscriber.objects.exists()


def test_newsletter_refuses_a_consent_text_the_page_does_not_show(client, make_landing):
    page = make_landing([newsletter()])
    data = {"email": "a@example.com", "consent": "on", "consent_text": "Something else"}
    response = client.post(page.url + "newsletter/", data)
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_newsletter_get_redirects_to_the_page(client, make_landing):
    page = make_landing([newsletter()])
    assert client.get(page.url + "newsletter/").status_code == 302


def test_embedded_form_posts_to_its_form_page_and_emails_through_a_task(
    client, make_landing, django_capture_on_commit_callbacks
):
    landing = make_landing([])
    form_page = landing.add_child(
        instance=FormPage(
            title="Enter the draw",
            slug="draw",
            to_address="team@example.com",
            from_address="site@example.com",
            subject="New entry",
        )
    )
    FormField.objects.create(
        page=form_page, label="Your name", field_type="singleline", required=True
    )
    form_page.save_revision().publish()
    landing.body = [{"type": "form", "value": {"form_page": form_page.pk, "heading": "Win"}}]
    landing.save_revision().publish()

    content = client.get(landing.url).content.decode()
    assert f'action="{form_page.url}"' in content and "Your name" in content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_page.url, {"your_name": "Ann"})
    assert response.status_code == 200
    assert form_page.get_submission_class().objects.count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["team@example.com"]
    assert "Ann" in mail.outbox[0].body


def test_form_errors_show_beside_fields(client, home_page):
    form_page = home_page.add_child(instance=FormPage(title="Contact", slug="contact-form"))
    FormField.objects.create(page=form_page, label="Email", field_type="email", required=True)
    form_page.save_revision().publish()
    response = client.post(form_page.url, {"email": "nope"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
