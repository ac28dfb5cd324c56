"""Pictures uploaded for venues are checked: type, size, pixel count and decompression bombs."""

from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploader(client, user_factory):
    client.force_login(user_factory(username="root", is_superuser=True, is_staff=True))
    return client


def png(width, height, mode="RGB"):
    buffer = BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, name, content):
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": "1"},
    )
    # The add view re-renders the form with the file field's errors when it refuses a file.
    return response, response.content.decode() if response.status_code == 200 else ""


def test_limits_are_configured():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


def test_a_good_picture_is_accepted(uploader):
    response, errors = upload(uploader, "room.png", png(800, 600))

    assert response.status_code == 302, errors
    assert get_image_model().objects.get().width == 800


def test_not_a_picture_is_refused(uploader):
    _, errors = upload(uploader, "notes.png", b"this is not an image at all")

    assert "Upload a valid image" in errors
    assert not get_image_model().objects.exists()


def test_wrong_extension_is_refused(uploader):
    _, errors = upload(uploader, "room.exe", png(10, 10))

    assert "Not a supported image format" in errors


def test_extension_must_match_the_content(uploader):
    _, errors = upload(uploader, "room.jpg", png(10, 10))

    assert "extension does not match the file format (png)" in errors


def test_too_big_a_file_is_refused(uploader, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024

    _, errors = upload(uploader, "big.png", png(400, 400, "RGB") + b"\0" * 2048)

    assert "This file is too big" in errors


def test_too_many_pixels_are_refused(uploader, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100

    _, errors = upload(uploader, "wide.png", png(200, 100))

    assert "This file has too many pixels (20000)" in errors


def test_a_decompression_bomb_is_refused(uploader):
    # 20000 × 20000 black pixels compress to a few hundred kilobytes but would need
    # 400 megapixels of memory: Pillow's bomb check stops it before it is decoded.
    bomb = png(20_000, 20_000, "1")

    _, errors = upload(uploader, "bomb.png", bomb)

    assert len(bomb) < settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    assert "too many pixels" in errors
    assert not get_image_model().objects.exists()
