"""Demo pictures: drawn with Pillow, one of their own per venue, product and person, and the
same each time for the same title."""

import hashlib
from io import BytesIO

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageStat

from demo.photo_art import rng_for
from demo.shop_images import kind_for, product_art
from demo.venue_images import interior_art, portrait_art

VENUES = ["Harbour Spa", "Lotus Yoga Studio", "Saltwater Baths", "The Quiet Room"]
PRODUCTS = ["Lavender soy candle", "Rose facial oil", "Sea salt scrub", "Stoneware mug"]
PEOPLE = ["Maya Patel", "Tom Okafor", "Ines Duarte", "Sam Lee"]


def data(image_file):
    image_file.seek(0)
    return image_file.read()


def digest(image_file):
    return hashlib.sha256(data(image_file)).hexdigest()


def luminance_pattern(image_file, size=24):
    """The picture's light and dark layout, with its colours and overall brightness removed."""
    grey = Image.open(BytesIO(data(image_file))).convert("L").resize((size, size))
    values = list(grey.getdata())
    mean = sum(values) / len(values)
    spread = ImageStat.Stat(grey).stddev[0] or 1
    return [(value - mean) / spread for value in values]


def correlation(first, second):
    return sum(a * b for a, b in zip(first, second, strict=True)) / len(first)


def test_every_venue_product_and_person_gets_a_picture_of_its_own():
    pictures = (
        [interior_art(title, 480, 320) for title in VENUES]
        + [product_art(title) for title in PRODUCTS]
        + [portrait_art(name) for name in PEOPLE]
    )

    assert len({digest(picture) for picture in pictures}) == len(pictures)


def test_venue_pictures_differ_in_composition_not_just_colour():
    patterns = [luminance_pattern(interior_art(title, 480, 320)) for title in VENUES]

    for index, first in enumerate(patterns):
        for second in patterns[index + 1 :]:
            assert correlation(first, second) < 0.9


def test_a_title_always_gets_the_same_picture():
    assert digest(interior_art("Harbour Spa", 480, 320)) == digest(
        interior_art("Harbour Spa", 480, 320)
    )
    assert digest(product_art("Rose facial oil")) == digest(product_art("Rose facial oil"))


def test_pictures_are_jpegs_of_the_asked_size():
    image = Image.open(BytesIO(data(interior_art("Harbour Spa", 640, 360))))
    assert image.format == "JPEG" and image.size == (640, 360)
    assert Image.open(BytesIO(data(product_art("Rose facial oil")))).size == (800, 800)
    assert Image.open(BytesIO(data(portrait_art("Maya Patel", 200)))).size == (200, 200)


def test_tiny_pictures_draw_too():
    # Tests and thumbnails ask for small ones: drawn larger and shrunk, never out of bounds.
    for size in [(64, 48), (1200, 40), (30, 900)]:
        assert Image.open(BytesIO(data(interior_art("Picture", *size)))).size == size
    assert Image.open(BytesIO(data(portrait_art("Maya Patel", 24)))).size == (24, 24)


def test_the_object_follows_the_product_title():
    rng = rng_for("any")
    assert kind_for("Lavender soy candle", rng) == "candle"
    assert kind_for("Rose facial oil", rng) == "bottle"
    assert kind_for("Waffle bath towel", rng) == "towels"


@settings(max_examples=15, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_title_draws(title):
    assert Image.open(BytesIO(data(product_art(title)))).size == (800, 800)
