"""Venue pictures drawn with Pillow: calm interiors for heroes and galleries, simple portraits."""

import colorsys
import hashlib
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont


def interior_art(title: str, width=1200, height=800) -> ImageFile:
    """A room suggested by a wall gradient, a floor, an arched window and soft shapes.

    Colours and layout come from a hash of the title, so a venue keeps its picture.
    """
    digest = hashlib.sha256(title.encode()).digest()
    hue = digest[0] / 256
    wall_top, wall_bottom = _colour(hue, 0.86, 0.35), _colour(hue + 0.04, 0.70, 0.40)
    floor = _colour(hue + 0.5, 0.35, 0.25)
    picture = Image.composite(
        Image.new("RGB", (width, height), wall_bottom),
        Image.new("RGB", (width, height), wall_top),
        Image.linear_gradient("L").resize((width, height)),
    )
    draw = ImageDraw.Draw(picture)
    horizon = int(height * (0.62 + digest[1] / 2560))
    draw.rectangle((0, horizon, width, height), fill=floor)
    window_x = int(width * (0.15 + digest[2] / 512))
    window_w, window_top = int(width * 0.18), int(height * 0.14)
    draw.rounded_rectangle(
        (window_x, window_top, window_x + window_w, horizon - 20),
        radius=window_w // 2,
        fill=_colour(hue + 0.55, 0.88, 0.45),
    )
    for index in range(3):  # stones, cushions or pots along the floor line
        radius = int(height * (0.05 + digest[3 + index] / 4000))
        centre_x = int(width * (0.55 + index * 0.13))
        draw.ellipse(
            (centre_x - radius, horizon - radius, centre_x + radius, horizon + radius // 2),
            fill=_colour(hue + 0.1 * index, 0.45 + 0.1 * index, 0.35),
        )
    return _jpeg(picture, f"{_slug(title)}.jpg")


def portrait_art(name: str, size=320) -> ImageFile:
    """A head-and-shoulders silhouette on a soft background with the person's initials."""
    digest = hashlib.sha256(name.encode()).digest()
    hue = digest[0] / 256
    picture = Image.new("RGB", (size, size), _colour(hue, 0.82, 0.45))
    draw = ImageDraw.Draw(picture)
    skin = _colour(0.07 + digest[1] / 2560, 0.55 + digest[2] / 1280, 0.45)
    draw.ellipse(
        (size * 0.15, size * 0.68, size * 0.85, size * 1.3), fill=_colour(hue + 0.5, 0.35, 0.4)
    )
    draw.ellipse((size * 0.32, size * 0.2, size * 0.68, size * 0.62), fill=skin)
    initials = "".join(word[0] for word in name.split()[:2]).upper()
    font = ImageFont.load_default(size=size // 7)
    draw.text((size * 0.5, size * 0.9), initials, font=font, anchor="mm", fill="white")
    return _jpeg(picture, f"{_slug(name)}.jpg")


def _jpeg(picture, name):
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=82, optimize=True)
    return ImageFile(buffer, name=name)


def _colour(hue, lightness, saturation):
    red, green, blue = colorsys.hls_to_rgb(hue % 1, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def _slug(text):
    return "-".join(text.lower().split())
