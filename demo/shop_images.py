"""Product pictures drawn with Pillow, so the demo needs no downloads and no bundled photos."""

import colorsys
import hashlib
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

SIZE = 800


def product_art(title: str) -> ContentFile:
    """An 800×800 JPEG: a soft two-tone gradient, a shape and the title's initials.

    Colour and shape come from a hash of the title, so a product always gets the same picture.
    """
    digest = hashlib.sha256(title.encode()).digest()
    hue = digest[0] / 256
    light, deep = _colour(hue, 0.80, 0.55), _colour(hue + 0.07, 0.42, 0.45)

    picture = Image.composite(
        Image.new("RGB", (SIZE, SIZE), deep),
        Image.new("RGB", (SIZE, SIZE), light),
        Image.linear_gradient("L").resize((SIZE, SIZE)),
    ).convert("RGBA")

    # Translucent layers go on an overlay: drawing straight onto the picture would not blend.
    overlay = Image.new("RGBA", (SIZE, SIZE))
    draw = ImageDraw.Draw(overlay)
    font = ImageFont.load_default(size=240)
    initials = _initials(title)
    _draw_shape(draw, digest[1] % 3, fill=(255, 255, 255, 60))
    draw.text((SIZE / 2 + 5, SIZE / 2 + 7), initials, font=font, anchor="mm", fill=(0, 0, 0, 45))
    picture = Image.alpha_composite(picture, overlay)
    ImageDraw.Draw(picture).text(
        (SIZE / 2, SIZE / 2), initials, font=font, anchor="mm", fill="white"
    )

    buffer = BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue())


def _colour(hue, lightness, saturation):
    red, green, blue = colorsys.hls_to_rgb(hue % 1, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def _draw_shape(draw, kind, fill):
    if kind == 0:  # a low sun
        draw.ellipse((380, 80, 740, 440), fill=fill)
    elif kind == 1:  # an arch
        draw.rounded_rectangle((200, 140, 600, 900), radius=200, fill=fill)
    else:  # a diamond
        draw.polygon([(400, 60), (740, 400), (400, 740), (60, 400)], fill=fill)


def _initials(title):
    return "".join(word[0] for word in title.split()[:2]).upper()
