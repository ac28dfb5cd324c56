"""Review photos: validated like other image uploads and stored without camera metadata."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from reviews.models import ReviewPhoto, VenueReview
from reviews.personal_data import anonymise_venue_reviews

from .conftest import form_data

pytestmark = pytest.mark.django_db


def jpeg_with_exif(name="visit.jpg", size=(64, 48)):
    image = Image.new("RGB", size, "teal")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # any EXIF tag: the stored copy must not keep it
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def post(client, booking, **files):
    url = reverse("reviews:write", args=[booking.reference])
    return client.post(url, {**form_data(), **files})


def test_photos_are_kept_without_their_metadata(client, venue, make_booking, customer):
    client.force_login(customer)
    response = post(client, make_booking(venue, user=customer), photos=[jpeg_with_exif()])

    assert response.status_code == 302
    photo = ReviewPhoto.objects.get()
    with Image.open(photo.image.open()) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()


def test_not_an_image_or_too_big_is_refused(client, venue, make_booking, customer, settings):
    client.force_login(customer)
    text_file = SimpleUploadedFile("notes.jpg", b"not a picture", content_type="image/jpeg")
    assert post(client, make_booking(venue, user=customer), photos=[text_file]).status_code == 400

    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    big = post(client, make_booking(venue, user=customer), photos=[jpeg_with_exif()])
    assert big.status_code == 400
    assert "too large" in big.content.decode()
    assert not VenueReview.objects.exists()


def test_at_most_three_photos(client, venue, make_booking, customer):
    client.force_login(customer)
    photos = [jpeg_with_exif(f"{n}.jpg") for n in range(4)]
    assert post(client, make_booking(venue, user=customer), photos=photos).status_code == 400


def test_erasure_removes_the_photos(client, venue, make_booking, customer):
    client.force_login(customer)
    post(client, make_booking(venue, user=customer), photos=[jpeg_with_exif()])

    anonymise_venue_reviews(customer)

    assert not ReviewPhoto.objects.exists()
    assert VenueReview.objects.get().user is None
