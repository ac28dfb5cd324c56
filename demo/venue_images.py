"""Venue pictures drawn with Pillow: photographic-looking rooms and portraits.

Each title seeds its own composition (`demo.photo_art`): the window, the light falling from it,
the floor, the furniture and where everything stands differ from venue to venue.
"""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

from .photo_art import (
    PALETTES,
    SoftLayer,
    bokeh,
    colour,
    finish,
    gradient,
    light_beam,
    rng_for,
)

MIN_WIDTH, MIN_HEIGHT = 480, 320  # smaller, fixed details do not fit: draw larger, shrink


def interior_art(title: str, width=1200, height=800) -> ImageFile:
    """A treatment room or studio: wall, window light, a floor in perspective, furniture."""
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        scale = max(-(-MIN_WIDTH // width), -(-MIN_HEIGHT // height))
        picture = _decode(interior_art(title, width * scale, height * scale))
        return _jpeg(picture.resize((width, height), Image.LANCZOS), f"{_slug(title)}.jpg")
    rng = rng_for(title)
    hue, saturation = rng.choice(PALETTES)
    hue += rng.uniform(-0.03, 0.03)
    size = (width, height)
    room = gradient(
        size,
        colour(hue, rng.uniform(0.78, 0.88), saturation),
        colour(hue + 0.02, rng.uniform(0.55, 0.68), saturation),
        angle=rng.choice([0, 8, -8]),
    )
    draw = ImageDraw.Draw(room)
    horizon = int(height * rng.uniform(0.58, 0.72))

    # A window (arched or square) onto a bright sky.
    window_w = int(width * rng.uniform(0.14, 0.24))
    window_x = int(rng.uniform(0.05, 0.75) * width)
    window_top = int(height * rng.uniform(0.08, 0.18))
    sky = gradient((window_w, horizon - window_top), (236, 244, 250), colour(0.55, 0.82, 0.35))
    mask = Image.new("L", sky.size, 0)
    arched = rng.random() < 0.5
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, *sky.size), radius=window_w // 2 if arched else 6, fill=255
    )
    room.paste(sky, (window_x, window_top), mask)
    frame = colour(hue, 0.92, 0.1)
    draw.line((window_x + window_w // 2, window_top, window_x + window_w // 2, horizon), frame, 5)

    # The floor: wood planks or stone tiles running to a vanishing point.
    floor_hue = hue + rng.choice([0.5, 0.03, 0.08])
    floor = gradient(
        (width, height - horizon), colour(floor_hue, 0.45, 0.25), colour(floor_hue, 0.28, 0.3)
    )
    room.paste(floor, (0, horizon))
    vanish_x = rng.uniform(0.3, 0.7) * width
    seam = colour(floor_hue, 0.22, 0.25)
    for step in range(-12, 13):
        line = (vanish_x + step * width / 30, horizon, vanish_x + step * width / 5, height)
        draw.line(line, seam, 2)
    if rng.random() < 0.5:  # tiles: rows too
        for row in range(1, 6):
            y = horizon + (height - horizon) * (row / 6) ** 1.6
            draw.line((0, y, width, y), seam, 2)

    # Depth of field: the room behind is soft, with the window's light, out-of-focus highlights
    # and the furniture's shadows under the same blur; the furniture is drawn in focus on top.
    under, over = SoftLayer(size), SoftLayer(size)
    light_beam(under, rng, window_x)
    bokeh(under, rng, rng.randint(4, 9), hue + 0.05, (width // 60, width // 25))
    pieces = rng.sample(PIECES, rng.randint(3, 5))
    placed = [(piece, rng.uniform(0.1, 0.9) * width, rng.random()) for piece in pieces]
    for piece, x, depth in placed:
        piece(None, under, None, x, horizon, hue, size, depth)
    room = under.under_blur(room, width / 150, vignette_strength=0.45).convert("RGBA")
    draw = ImageDraw.Draw(room)
    for piece, x, depth in placed:
        piece(draw, None, over, x, horizon, hue, size, depth)
    room = over.over(room, width / 80)

    picture = finish(room.convert("RGB"), rng)
    return _jpeg(picture, f"{_slug(title)}.jpg")


# Each piece is called twice: once for its shadow (`under`), then to draw it and its glow.
def _treatment_bed(draw, under, over, x, horizon, hue, size, depth):
    width, height = size
    bed_w, bed_h = width * (0.25 + depth * 0.1), height * 0.07
    top = horizon + height * (0.04 + depth * 0.06)
    if under:
        under.ellipse(
            (x - bed_w / 2, top + bed_h * 2, x + bed_w / 2, top + bed_h * 3), (20, 15, 10, 120)
        )
        return
    wood = colour(0.08, 0.35, 0.35)
    for leg in (x - bed_w * 0.4, x + bed_w * 0.4):
        draw.rectangle((leg - 6, top + bed_h * 0.6, leg + 6, top + bed_h * 2.6), fill=wood)
    draw.rounded_rectangle(
        (x - bed_w / 2, top, x + bed_w / 2, top + bed_h), radius=14, fill=colour(hue, 0.93, 0.15)
    )
    draw.rounded_rectangle(
        (x - bed_w / 2, top + bed_h * 0.65, x + bed_w / 2, top + bed_h),
        radius=10,
        fill=colour(hue, 0.8, 0.15),
    )


def _plant(draw, under, over, x, horizon, hue, size, depth):
    width, height = size
    pot_w, pot_h = width * 0.05, height * 0.09
    base = horizon + height * depth * 0.06
    if under:
        under.ellipse((x - pot_w, base - 8, x + pot_w, base + 18), (20, 15, 10, 110))
        return
    leaves = rng_for(f"{x:.0f}-{hue:.3f}")
    leaf_hue = leaves.uniform(0.25, 0.36)
    for _ in range(leaves.randint(7, 12)):
        offset = leaves.uniform(-1.6, 1.6) * pot_w
        top = base - pot_h - leaves.uniform(0.5, 1.6) * pot_h
        draw.ellipse(
            (x + offset - pot_w * 0.35, top, x + offset + pot_w * 0.35, top + pot_h * 0.9),
            fill=colour(leaf_hue, leaves.uniform(0.22, 0.38), 0.45),
        )
    draw.polygon(
        [
            (x - pot_w / 2, base - pot_h),
            (x + pot_w / 2, base - pot_h),
            (x + pot_w * 0.38, base),
            (x - pot_w * 0.38, base),
        ],
        fill=colour(0.05 + depth * 0.05, 0.5, 0.35),
    )


def _towels(draw, under, over, x, horizon, hue, size, depth):
    width, height = size
    towel_w, towel_h = width * 0.09, height * 0.025
    base = horizon + height * (0.08 + depth * 0.12)
    if under:
        under.ellipse(
            (x - towel_w * 0.6, base - 6, x + towel_w * 0.6, base + 14), (20, 15, 10, 110)
        )
        return
    for layer in range(3 + int(depth * 3)):
        top = base - (layer + 1) * towel_h
        draw.rounded_rectangle(
            (x - towel_w / 2, top, x + towel_w / 2, top + towel_h - 2),
            radius=int(towel_h / 2),
            fill=colour(hue + 0.5 * (layer % 2), 0.88 - layer * 0.03, 0.2),
        )


def _lamp(draw, under, over, x, horizon, hue, size, depth):
    width, height = size
    drop = height * (0.15 + depth * 0.15)
    if under:
        return
    draw.line((x, 0, x, drop), fill=(40, 35, 30), width=2)
    over.ellipse((x - 90, drop - 60, x + 90, drop + 120), (255, 220, 160, 120))
    draw.pieslice((x - 40, drop - 10, x + 40, drop + 50), 180, 360, fill=colour(hue, 0.3, 0.3))


def _stool(draw, under, over, x, horizon, hue, size, depth):
    width, height = size
    seat_w = width * 0.06
    base = horizon + height * (0.05 + depth * 0.1)
    if under:
        under.ellipse((x - seat_w, base - 6, x + seat_w, base + 16), (20, 15, 10, 110))
        return
    draw.rectangle((x - 4, base - height * 0.1, x + 4, base), fill=(60, 50, 40))
    draw.ellipse(
        (x - seat_w / 2, base - height * 0.12, x + seat_w / 2, base - height * 0.09),
        fill=colour(0.08, 0.4, 0.4),
    )


def _candles(draw, under, over, x, horizon, hue, size, depth):
    width, height = size
    base = horizon + height * (0.1 + depth * 0.15)
    if under:
        return
    for index in range(3):
        cx = x + (index - 1) * width * 0.025
        tall = height * (0.03 + 0.015 * ((index + int(depth * 10)) % 3))
        draw.rectangle((cx - 10, base - tall, cx + 10, base), fill=(246, 240, 228))
        over.ellipse((cx - 40, base - tall - 60, cx + 40, base - tall + 20), (255, 200, 120, 140))
        draw.ellipse((cx - 3, base - tall - 14, cx + 3, base - tall - 2), fill=(255, 214, 140))


PIECES = [_treatment_bed, _plant, _towels, _lamp, _stool, _candles]


def portrait_art(name: str, size=320) -> ImageFile:
    """A head-and-shoulders portrait against a soft, out-of-focus studio backdrop."""
    if size < MIN_WIDTH // 3:
        picture = _decode(portrait_art(name, MIN_WIDTH // 3))
        return _jpeg(picture.resize((size, size), Image.LANCZOS), f"{_slug(name)}.jpg")
    rng = rng_for(name)
    hue, saturation = rng.choice(PALETTES)
    picture = gradient(
        (size, size),
        colour(hue, rng.uniform(0.7, 0.82), saturation),
        colour(hue + 0.04, rng.uniform(0.4, 0.55), saturation),
        angle=rng.choice([0, 30, -30]),
    )
    backdrop = SoftLayer((size, size))
    bokeh(backdrop, rng, rng.randint(5, 10), hue + 0.1, (size // 20, size // 8))
    centre = size * rng.uniform(0.42, 0.58)
    backdrop.ellipse(
        (centre - size * 0.4, size * 0.62, centre + size * 0.45, size * 1.2), (20, 15, 10, 90)
    )
    picture = backdrop.under_blur(picture, size / 25, vignette_strength=0.35)

    skin = colour(rng.uniform(0.04, 0.09), rng.uniform(0.3, 0.78), rng.uniform(0.35, 0.55))
    hair = colour(rng.uniform(0.02, 0.12), rng.uniform(0.08, 0.55), rng.uniform(0.2, 0.6))
    clothes = colour(rng.random(), rng.uniform(0.2, 0.6), rng.uniform(0.2, 0.5))
    head_w, head_h = size * rng.uniform(0.27, 0.33), size * rng.uniform(0.36, 0.42)
    head_top = size * rng.uniform(0.16, 0.24)
    left, right = centre - head_w / 2, centre + head_w / 2
    draw = ImageDraw.Draw(picture)
    draw.ellipse(
        (centre - size * 0.38, size * 0.7, centre + size * 0.38, size * 1.35), fill=clothes
    )
    neck = (centre - head_w * 0.22, head_top + head_h * 0.7, centre + head_w * 0.22, size * 0.78)
    draw.rectangle(neck, fill=skin)
    style = rng.randint(0, 2)
    if style == 0:  # long hair behind the head
        back = (
            left - head_w * 0.12,
            head_top - head_h * 0.05,
            right + head_w * 0.12,
            head_top + head_h * 1.15,
        )
        draw.rounded_rectangle(back, radius=int(head_w * 0.5), fill=hair)
    draw.ellipse((left, head_top, right, head_top + head_h), fill=skin)
    crown = (
        left - head_w * 0.05,
        head_top - head_h * 0.08,
        right + head_w * 0.05,
        head_top + head_h * 0.62,
    )
    draw.chord(crown, 180, 360, fill=hair)
    if style == 2:  # a bun
        bun = (
            centre - head_w * 0.2,
            head_top - head_h * 0.25,
            centre + head_w * 0.2,
            head_top + head_h * 0.1,
        )
        draw.ellipse(bun, fill=hair)
    # Key light from one side: a soft highlight across the face.
    light = SoftLayer((size, size))
    side = rng.choice([-1, 1]) * head_w * 0.1
    light.ellipse(
        (
            centre + side - head_w * 0.3,
            head_top + head_h * 0.15,
            centre + side + head_w * 0.3,
            head_top + head_h * 0.8,
        ),
        (255, 245, 230, 55),
    )
    picture = light.over(picture, size / 20)
    picture = finish(picture.convert("RGB"), rng)
    return _jpeg(picture, f"{_slug(name)}.jpg")


def _decode(image_file):
    image_file.seek(0)
    return Image.open(BytesIO(image_file.read())).convert("RGB")


def _jpeg(picture, name):
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=84)
    return ImageFile(buffer, name=name)


def _slug(text):
    return "-".join(text.lower().split())
