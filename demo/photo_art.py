"""Photographic-looking pictures drawn with Pillow alone: no downloads, no bundled photos.

What makes a flat drawing read as a photograph is cheap to fake: light that falls off
(vignettes and soft gradients), depth (a blurred background behind sharper subjects), soft
shadows, out-of-focus highlights (bokeh) and sensor grain. Each picture is laid out from a
seeded random generator keyed on its title, so every venue, product and person gets a
composition of its own (not one drawing recoloured), and the same title always gives the
same picture. Soft things (shadows, glows, light, bokeh) are drawn at a quarter of the size,
blurred and scaled up once, which keeps a picture within a few hundred milliseconds.
"""

import colorsys
import hashlib
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [  # (hue, saturation) families that photograph well indoors
    (0.08, 0.35),  # warm sand
    (0.55, 0.30),  # spa teal
    (0.95, 0.25),  # dusty rose
    (0.30, 0.22),  # sage
    (0.12, 0.45),  # honey
    (0.62, 0.20),  # slate blue
    (0.02, 0.40),  # terracotta
]


def rng_for(text: str) -> random.Random:
    return random.Random(hashlib.sha256(text.encode()).digest())


def colour(hue, lightness, saturation, alpha=None):
    red, green, blue = colorsys.hls_to_rgb(hue % 1, max(0, min(1, lightness)), saturation)
    rgb = (round(red * 255), round(green * 255), round(blue * 255))
    return (*rgb, alpha) if alpha is not None else rgb


def gradient(size, top, bottom, angle=0):
    """A smooth two-colour gradient, top to bottom, leaning by `angle` degrees (small angles).

    Made as one column stretched sideways (cheap); a lean shears a taller one, so no edge is
    left uncovered."""
    width, height = size
    shear = angle / 90
    tall = height + int(abs(shear) * width) + 1
    mask = Image.linear_gradient("L").resize((1, tall), Image.BILINEAR)
    column = Image.composite(
        Image.new("RGB", (1, tall), bottom), Image.new("RGB", (1, tall), top), mask
    )
    picture = column.resize((width, tall), Image.NEAREST)
    offset = 0 if shear >= 0 else -shear * width
    return picture.transform(size, Image.AFFINE, (1, 0, 0, shear, 1, offset), Image.NEAREST)


def soft_blur(picture, radius):
    """A wide Gaussian blur done at a quarter of the size (same look, a fraction of the time)."""
    width, height = picture.size
    small = picture.reduce(4).filter(ImageFilter.GaussianBlur(max(1, radius / 4)))
    return small.resize((width, height), Image.BILINEAR)


class SoftLayer:
    """Shadows, glows and light drawn at a quarter of the size, blurred and laid over the
    picture in one go: soft things need no detail, and this keeps them cheap."""

    SCALE = 4

    def __init__(self, size):
        self.size = size
        self.small = Image.new(
            "RGBA", (max(1, size[0] // self.SCALE), max(1, size[1] // self.SCALE)), (0, 0, 0, 0)
        )
        self.draw = ImageDraw.Draw(self.small)

    def _scaled(self, points):
        return [value / self.SCALE for value in points]

    def ellipse(self, box, fill):
        self.draw.ellipse(self._scaled(box), fill=fill)

    def polygon(self, points, fill):
        self.draw.polygon([(x / self.SCALE, y / self.SCALE) for x, y in points], fill=fill)

    def under_blur(self, picture, blur, vignette_strength=0.0):
        """The picture softened (depth of field) with this layer and a vignette under the blur:
        one scaling up for all three."""
        small = Image.alpha_composite(picture.reduce(self.SCALE).convert("RGBA"), self.small)
        small = small.convert("RGB")
        if vignette_strength:
            small = vignette(small, vignette_strength)
        small = small.filter(ImageFilter.GaussianBlur(blur / self.SCALE))
        return small.resize(self.size, Image.BILINEAR)

    def over(self, picture, blur):
        """The layer blurred and laid over the picture; only the part with something drawn
        on it is scaled up."""
        picture = picture.convert("RGBA")
        layer = self.small.filter(ImageFilter.GaussianBlur(blur / self.SCALE))
        box = layer.getbbox()
        if box is None:
            return picture
        part = layer.crop(box)
        scaled = part.resize((part.width * self.SCALE, part.height * self.SCALE), Image.BILINEAR)
        picture.alpha_composite(scaled, (box[0] * self.SCALE, box[1] * self.SCALE))
        return picture


def vignette(picture, strength=0.45):
    width, height = picture.size
    mask = Image.radial_gradient("L").resize((width, height), Image.BILINEAR)  # 256² up: cheap
    dark = Image.new("RGB", (width, height), (12, 10, 8))
    mask = mask.point(lambda value: int(value * strength))
    return Image.composite(dark, picture, mask)


def grain(picture, rng, amount=10):
    """Sensor noise: a small tile of seeded grey noise repeated over the picture, blended in
    (seeded, so a title always gives the same picture)."""
    width, height = picture.size
    tile = Image.frombytes("L", (128, 128), rng.randbytes(128 * 128)).convert("RGB")
    noise = Image.new("RGB", picture.size)
    for x in range(0, width, 128):
        for y in range(0, height, 128):
            noise.paste(tile, (x, y))
    return Image.blend(picture, noise, amount / 200)


def bokeh(soft, rng, count, hue, radius_range, alpha_range=(25, 70)):
    """Out-of-focus highlights: translucent discs on a soft layer."""
    width, height = soft.size
    for _ in range(count):
        radius = rng.randint(*radius_range)
        x, y = rng.randint(0, width), rng.randint(0, int(height * 0.7))
        fill = colour(hue + rng.uniform(-0.05, 0.05), rng.uniform(0.75, 0.95), 0.6)
        alpha = rng.randint(*alpha_range)
        soft.ellipse((x - radius, y - radius, x + radius, y + radius), (*fill, alpha))


def soft_shadow(soft, box, opacity=110):
    """A dark ellipse under an object, on a soft layer."""
    soft.ellipse(box, (20, 15, 10, opacity))


def light_beam(soft, rng, origin_x, strength=70):
    """A shaft of window light falling across the room, on a soft layer."""
    width, height = soft.size
    spread = rng.uniform(0.15, 0.3) * width
    drift = rng.uniform(0.2, 0.5) * width
    soft.polygon(
        [
            (origin_x, 0),
            (origin_x + spread * 0.5, 0),
            (origin_x + drift + spread, height),
            (origin_x + drift, height),
        ],
        (255, 248, 230, strength),
    )


def finish(picture, rng, vignette_strength=0.0):
    if vignette_strength:
        picture = vignette(picture, vignette_strength)
    return grain(picture, rng, amount=rng.randint(6, 12))
