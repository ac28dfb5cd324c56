"""The profile page: name and picture, preferences with consent records, sessions, links."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts.models import ConsentRecord, Profile
from tests.accounts.conftest import make_user, sign_in

pytestmark = pytest.mark.django_db
User = get_user_model()


def picture(name="me.png", size=(64, 64), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def member(client, home_page):
    user = make_user()
    client.force_login(user)
    return user


def test_profile_page_shows_links_and_completion(client, member):
    response = client.get(reverse("accounts:profile"))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["completion_percent"] == 25  # only the verified email so far
    for url in [
        reverse("customer:order-list"),
        reverse("customer:address-list"),
        reverse("bookings:mine"),
        reverse("usersessions_list"),
        reverse("mfa_index"),
        reverse("account_email"),
        reverse("accounts:export"),
        reverse("accounts:delete"),
    ]:
        assert url in page


def test_profile_page_query_count_does_not_grow(client, member, django_assert_max_num_queries):
    from accounts.models import PersonalDataExport

    client.get(reverse("accounts:profile"))  # the profile row is created on the first visit
    PersonalDataExport.objects.bulk_create([PersonalDataExport(user=member) for _ in range(5)])
    # About half of these are the site layout's (session, site settings, basket, menu).
    with django_assert_max_num_queries(22):
        client.get(reverse("accounts:profile"))


def test_saving_name_and_picture(client, member):
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Ann", "last_name": "Lee", "avatar": picture()},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.last_name) == ("Ann", "Lee")
    assert Profile.objects.get(user=member).avatar.name.startswith("avatars/")
    assert client.get(reverse("accounts:profile")).context["completion_percent"] == 75


@pytest.mark.parametrize(
    "upload, error",
    [
        (lambda: picture("big.png", size=(4001, 10)), "at most 4000×4000"),
        (lambda: picture("anim.gif", fmt="GIF"), "Upload a JPEG, PNG or WebP picture."),
        (
            lambda: SimpleUploadedFile("fake.png", b"not an image", content_type="image/png"),
            "Upload a valid image",
        ),
    ],
)
def test_bad_pictures_are_refused_with_a_message(client, member, upload, error):
    response = client.post(
        reverse("accounts:profile"), {"first_name": "Ann", "last_name": "", "avatar": upload()}
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Profile.objects.get(user=member).avatar


def test_pictures_over_the_size_limit_are_refused(client, member, settings):
    settings.ACCOUNTS_AVATAR_MAX_BYTES = 100
    response = client.post(reverse("accounts:profile"), {"avatar": picture(size=(200, 200))})
    assert response.status_code == 400
    assert "too large" in response.content.decode()


def test_newsletter_consent_is_logged_when_it_changes(client, member):
    url = reverse("accounts:preferences")
    client.post(url, {"newsletter": "on"}, REMOTE_ADDR="203.0.113.7")
    client.post(url, {"newsletter": "on"})  # no change, no record
    client.post(url, {})
    records = list(ConsentRecord.objects.filter(user=member).order_by("pk"))
    assert [r.action for r in records] == ["given", "withdrawn"]
    assert records[0].purpose == "newsletter"
    assert records[0].source == "profile"
    assert records[0].ip_address == "203.0.113.7"
    assert records[0].text_version
    form = client.get(reverse("accounts:profile")).context["preferences_form"]
    assert form.initial["newsletter"] is False


def test_sign_out_everywhere_else_ends_other_sessions(home_page):
    user = make_user()
    laptop, phone = Client(), Client()
    sign_in(laptop, reverse("account_login"), user)
    sign_in(phone, reverse("account_login"), user)
    assert phone.get(reverse("accounts:profile")).status_code == 200
    assert laptop.get(reverse("accounts:profile")).context["session_count"] == 2
    laptop.post(reverse("usersessions_list"))
    assert phone.get(reverse("accounts:profile")).status_code == 302  # signed out
    assert laptop.get(reverse("accounts:profile")).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response["Location"].startswith(reverse("account_login"))


def test_consent_ip_is_read_past_the_trusted_proxy(client, member, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client.post(
        reverse("accounts:preferences"),
        {"newsletter": "on"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert ConsentRecord.objects.get(user=member).ip_address == "198.51.100.9"


def test_stored_pictures_lose_their_metadata_and_are_scaled_down(client, member):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make; GPS positions travel the same way
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), "teal").save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    client.post(reverse("accounts:profile"), {"first_name": "Ann", "avatar": upload})
    with Profile.objects.get(user=member).avatar.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (512, 384)
        assert not image.getexif()
