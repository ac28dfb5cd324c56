"""Product pictures drawn with Pillow, so the demo needs no downloads and no bundled photos.

A studio shot: a seamless paper backdrop lit from one side, the product standing on it with a
contact shadow, a highlight down its body and a label. The kind of object follows the
title (a candle, a bottle, a jar, a mug, a box, a bar of soap, folded towels) and its
colours, proportions and lighting come from the title's own seed (`demo.photo_art`).
"""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import ImageDraw

from .photo_art import PALETTES, SoftLayer, colour, finish, gradient, rng_for

SIZE = 800
KINDS = {
    "candle": ("candle", "wax", "diffuser"),
    "bottle": ("oil", "serum", "spray", "mist", "bottle", "tonic", "gin", "wine"),
    "jar": ("balm", "cream", "scrub", "salt", "butter", "honey", "jar", "mask"),
    "mug": ("mug", "cup", "tea"),
    "box": ("gift", "box", "set", "voucher", "card", "kit"),
    "soap": ("soap", "bar"),
    "towels": ("towel", "robe", "linen", "blanket", "throw"),
}


def kind_for(title: str, rng) -> str:
    words = title.lower()
    for kind, hints in KINDS.items():
        if any(hint in words for hint in hints):
            return kind
    return rng.choice(list(KINDS))


def product_art(title: str) -> ContentFile:
    """An 800×800 JPEG studio shot of the product."""
    rng = rng_for(title)
    hue, saturation = rng.choice(PALETTES)
    backdrop_hue = hue + rng.choice([0.0, 0.5, 0.08])
    picture = gradient(
        (SIZE, SIZE),
        colour(backdrop_hue, rng.uniform(0.86, 0.94), saturation * 0.6),
        colour(backdrop_hue, rng.uniform(0.66, 0.76), saturation * 0.7),
        angle=0,  # a studio sweep is lit straight on
    )
    floor_y = int(SIZE * rng.uniform(0.74, 0.8))
    kind = kind_for(title, rng)
    body = colour(hue + rng.uniform(-0.04, 0.04), rng.uniform(0.35, 0.8), rng.uniform(0.3, 0.6))
    width = SIZE * rng.uniform(0.26, 0.36)
    height = SIZE * rng.uniform(0.34, 0.5)
    if kind in ("box", "soap", "towels"):
        width, height = width * 1.5, height * 0.55
    if kind == "mug":
        height = width * rng.uniform(0.9, 1.05)
    centre = SIZE * rng.uniform(0.44, 0.56)
    left, right, top = centre - width / 2, centre + width / 2, floor_y - height

    shadow = SoftLayer((SIZE, SIZE))
    light_side = rng.choice([-1, 1])
    shadow.ellipse(
        (
            left - width * 0.1 - light_side * width * 0.25,
            floor_y - 18,
            right + width * 0.1 - light_side * width * 0.25,
            floor_y + 30,
        ),
        (25, 20, 15, 150),
    )
    shadow.ellipse((SIZE * 0.1, -SIZE * 0.3, SIZE * 0.9, SIZE * 0.5), (255, 255, 255, 45))
    picture = shadow.under_blur(picture, 28, vignette_strength=0.3).convert("RGBA")
    draw = ImageDraw.Draw(picture)
    DRAWERS[kind](draw, rng, left, right, top, floor_y, body, hue)

    # A soft highlight down the lit side gives the object its roundness.
    sheen = SoftLayer((SIZE, SIZE))  # the highlight and any flame's glow, in one layer
    x = centre + light_side * width * 0.22
    if kind in ("candle", "bottle", "jar", "mug"):  # round bodies catch a highlight
        sheen.ellipse(
            (x - width * 0.07, top + height * 0.1, x + width * 0.07, floor_y - height * 0.1),
            (255, 255, 255, 90),
        )
    if kind == "candle":
        sheen.ellipse((centre - 70, top - 150, centre + 70, top + 10), (255, 200, 120, 170))
    picture = sheen.over(picture, 20)
    picture = finish(picture.convert("RGB"), rng)

    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue())


def _label(draw, rng, left, right, top, bottom, hue):
    paper = colour(hue + 0.5, rng.uniform(0.88, 0.96), 0.2)
    draw.rectangle((left, top, right, bottom), fill=paper)
    ink = colour(hue, 0.25, 0.3)
    line_y = top + (bottom - top) * 0.3
    for width_share in (0.7, 0.45, 0.55):
        inset = (right - left) * (1 - width_share) / 2
        draw.rectangle((left + inset, line_y, right - inset, line_y + 5), fill=ink)
        line_y += (bottom - top) * 0.2


def _candle(draw, rng, left, right, top, floor, body, hue):
    glass = colour(hue, 0.3, 0.25)
    draw.rounded_rectangle((left, top, right, floor), radius=18, fill=glass)
    draw.rectangle((left + 8, top + 24, right - 8, floor - 8), fill=(244, 236, 222))
    _label(draw, rng, left, right, top + (floor - top) * 0.45, top + (floor - top) * 0.75, hue)
    centre = (left + right) / 2
    draw.line((centre, top + 24, centre, top + 4), fill=(40, 30, 20), width=3)
    draw.ellipse((centre - 9, top - 34, centre + 9, top + 4), fill=(255, 206, 120))


def _bottle(draw, rng, left, right, top, floor, body, hue):
    centre, width = (left + right) / 2, right - left
    shoulder = top + (floor - top) * rng.uniform(0.22, 0.32)
    neck = width * rng.uniform(0.18, 0.3)
    draw.rounded_rectangle((left, shoulder, right, floor), radius=int(width * 0.18), fill=body)
    draw.rectangle((centre - neck / 2, top + 30, centre + neck / 2, shoulder + 10), fill=body)
    draw.rounded_rectangle(
        (centre - neck * 0.7, top - 10, centre + neck * 0.7, top + 40), radius=6, fill=(30, 28, 26)
    )
    _label(
        draw,
        rng,
        left + width * 0.1,
        right - width * 0.1,
        shoulder + (floor - shoulder) * 0.3,
        floor - (floor - shoulder) * 0.2,
        hue,
    )


def _jar(draw, rng, left, right, top, floor, body, hue):
    width = right - left
    top = floor - width * rng.uniform(0.7, 0.95)
    draw.rounded_rectangle((left, top + 40, right, floor), radius=int(width * 0.12), fill=body)
    draw.rounded_rectangle(
        (left - 6, top, right + 6, top + 48), radius=10, fill=colour(hue, 0.85, 0.15)
    )
    _label(draw, rng, left + width * 0.12, right - width * 0.12, top + 80, floor - 30, hue)


def _mug(draw, rng, left, right, top, floor, body, hue):
    width = right - left
    draw.arc(
        (right - width * 0.2, top + width * 0.15, right + width * 0.3, top + width * 0.65),
        270,
        90,
        fill=body,
        width=22,
    )
    draw.rounded_rectangle((left, top, right, floor), radius=int(width * 0.1), fill=body)
    draw.ellipse((left, top - 16, right, top + 16), fill=colour(hue, 0.2, 0.3))


def _box(draw, rng, left, right, top, floor, body, hue):
    draw.rectangle((left, top, right, floor), fill=body)
    draw.polygon(
        [(left, top), (left + 40, top - 34), (right + 40, top - 34), (right, top)],
        fill=colour(hue, 0.75, 0.4),
    )
    draw.polygon(
        [(right, top), (right + 40, top - 34), (right + 40, floor - 34), (right, floor)],
        fill=colour(hue, 0.3, 0.4),
    )
    ribbon = colour(hue + 0.5, 0.55, 0.6)
    centre = (left + right) / 2
    draw.rectangle((centre - 12, top, centre + 12, floor), fill=ribbon)
    draw.ellipse((centre - 50, top - 40, centre, top + 6), outline=ribbon, width=10)
    draw.ellipse((centre, top - 40, centre + 50, top + 6), outline=ribbon, width=10)


def _soap(draw, rng, left, right, top, floor, body, hue):
    top = floor - (right - left) * 0.32
    draw.rounded_rectangle((left, top, right, floor), radius=40, fill=body)
    draw.rounded_rectangle(
        (left + 30, top + 20, right - 30, floor - 25),
        radius=30,
        outline=colour(hue, 0.85, 0.2),
        width=4,
    )


def _towels(draw, rng, left, right, top, floor, body, hue):
    layers = rng.randint(3, 5)
    step = (floor - top) / layers
    for layer in range(layers):
        y = floor - (layer + 1) * step
        shade = colour(hue + (0.5 if layer % 2 else 0), 0.86 - layer * 0.04, 0.25)
        draw.rounded_rectangle((left, y, right, y + step - 4), radius=int(step / 2), fill=shade)


DRAWERS = {
    "candle": _candle,
    "bottle": _bottle,
    "jar": _jar,
    "mug": _mug,
    "box": _box,
    "soap": _soap,
    "towels": _towels,
}
