"""Scan artefacts on a clean page: marks (emblem, signature, stamp), lighting, blur, noise,
skew, rotation and JPEG loss. Pure Pillow, deterministic given the random generator."""
from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

NOISE_TILE = 512
FILL = 235  # the scanner lid beyond a skewed page


@dataclass
class Marks:
    """Where the drawn page has room for hand and rubber-stamp marks (pixels)."""

    position_y: float | None = None  # just below the signer's position line
    name_y: float | None = None      # top of the signer's name
    column_x: float | None = None    # left edge of the signature column
    kop_height: int | None = None    # an emblem fits left of the letterhead


def scan(image: Image.Image, marks: Marks, look: dict, number: int, rng: random.Random, sender: str) -> Image.Image:
    dpi_scale = image.width / 2480
    if marks.kop_height:
        _emblem(image, marks, dpi_scale)
    if marks.name_y and marks.position_y and marks.column_x:
        if look.get("signature"):
            _signature(image, marks, rng, dpi_scale)
        if look.get("stamp"):
            image = _stamp(image, marks, rng, dpi_scale, sender)
    image = _lighting(image, look.get("lighting", 0.0), look.get("light_angle", 0))
    if look.get("blur"):
        image = image.filter(ImageFilter.GaussianBlur(look["blur"] * dpi_scale * 1.2))
    image = _noise(image, look.get("noise", 0.0), rng)
    _specks(image, rng, dpi_scale)
    skew = look.get("skew", [0.0])[number % len(look.get("skew", [0.0]))]
    if skew:
        image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=FILL)
    rotation = look.get("rotations", [0])[number % len(look.get("rotations", [0]))]
    if rotation:
        image = image.rotate(rotation, expand=True)
    return _jpeg(image, look.get("jpeg_quality", 90))


def _emblem(image: Image.Image, marks: Marks, scale: float) -> None:
    """A shield outline left of the letterhead, like a regency's coat of arms."""
    draw = ImageDraw.Draw(image)
    x, y, h = int(295 * scale), int(150 * scale), int(marks.kop_height * 0.9)
    w = int(h * 0.8)
    shield = [(x, y), (x + w, y), (x + w, y + h * 0.6), (x + w / 2, y + h), (x, y + h * 0.6)]
    draw.polygon(shield, outline=40, width=max(2, int(6 * scale)))
    draw.ellipse([x + w * 0.3, y + h * 0.2, x + w * 0.7, y + h * 0.5], outline=60, width=max(2, int(4 * scale)))


def _signature(image: Image.Image, marks: Marks, rng: random.Random, scale: float) -> None:
    """A looping pen stroke in the space between the position line and the name."""
    draw = ImageDraw.Draw(image)
    gap = marks.name_y - marks.position_y
    top, bottom = marks.position_y + gap * 0.2, marks.name_y - gap * 0.15
    x = marks.column_x + rng.uniform(40, 160) * scale
    points = []
    steps = 40
    width = rng.uniform(300, 520) * scale
    for i in range(steps):
        t = i / (steps - 1)
        px = x + t * width + math.sin(t * rng.uniform(8, 14)) * 30 * scale
        py = top + (bottom - top) * (0.5 + 0.45 * math.sin(t * rng.uniform(10, 18)))
        points.append((px, py))
    draw.line(points, fill=rng.randrange(20, 70), width=max(2, int(4 * scale)), joint="curve")


def _stamp(image: Image.Image, marks: Marks, rng: random.Random, scale: float, sender: str) -> Image.Image:
    """A round rubber stamp half over the signature's left side, multiplied onto the page."""
    gap = marks.name_y - marks.position_y
    radius = int(min(rng.uniform(150, 200) * scale, gap * 0.55))
    size = radius * 2 + 8
    layer = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(layer)
    tone = rng.randrange(140, 190)
    width = max(2, int(7 * scale))
    draw.ellipse([4, 4, size - 4, size - 4], outline=tone, width=width)
    inner = int(radius * 0.72)
    draw.ellipse([radius + 4 - inner, radius + 4 - inner, radius + 4 + inner, radius + 4 + inner],
                 outline=tone, width=max(1, width // 2))
    face = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", max(10, int(radius * 0.16)))
    words = sender.upper().split()[-2:] or ["DINAS"]
    text = " ".join(words)
    draw.text((radius + 4, radius + 4), text, font=face, fill=tone, anchor="mm")
    draw.regular_polygon((radius + 4, radius + 4 - radius * 0.35, radius * 0.12), 5, fill=tone)
    layer = layer.rotate(rng.uniform(-25, 25), fillcolor=255)
    cx = int(marks.column_x - radius * rng.uniform(0.6, 1.1))  # over the left edge of the block
    cy = int((marks.position_y + marks.name_y) / 2 - radius - 4)
    stamped = image.copy()
    region = stamped.crop((cx, cy, cx + size, cy + size))
    stamped.paste(ImageChops.multiply(region, layer), (cx, cy))
    return stamped


def _lighting(image: Image.Image, strength: float, angle: int) -> Image.Image:
    """Uneven lighting: a gradient that darkens one side of the page."""
    if strength <= 0:
        return image
    low = int(255 * (1 - strength))
    gradient = Image.linear_gradient("L").rotate(angle, expand=True, resample=Image.Resampling.BILINEAR)
    side = 180  # the square inside the rotated gradient: no filled corners
    left, top = (gradient.width - side) // 2, (gradient.height - side) // 2
    gradient = gradient.crop((left, top, left + side, top + side))
    gradient = gradient.point(lambda v: 255 - (255 - low) * v // 255)
    light = gradient.resize(image.size, Image.Resampling.BILINEAR)
    return ImageChops.multiply(image, light)


def _noise(image: Image.Image, sigma: float, rng: random.Random) -> Image.Image:
    """Sensor noise from a seeded tile (Pillow's own noise is not seedable)."""
    if sigma <= 0:
        return image
    a = Image.frombytes("L", (NOISE_TILE, NOISE_TILE), rng.randbytes(NOISE_TILE * NOISE_TILE))
    b = Image.frombytes("L", (NOISE_TILE, NOISE_TILE), rng.randbytes(NOISE_TILE * NOISE_TILE))
    tile = ImageChops.add(a, b, scale=2.0)  # triangular around 128
    gain = sigma / 52.0  # the triangular tile has a standard deviation of about 52
    tile = tile.point(lambda v: max(0, min(255, round(128 + (v - 128) * gain))))
    noise = Image.new("L", image.size)
    for x in range(0, image.width, NOISE_TILE):
        for y in range(0, image.height, NOISE_TILE):
            noise.paste(tile, (x, y))
    return ImageChops.add(image, noise, scale=1.0, offset=-128)


def _specks(image: Image.Image, rng: random.Random, scale: float) -> None:
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randrange(10, 60)):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        r = rng.uniform(1, 4) * scale
        draw.ellipse([x - r, y - r, x + r, y + r], fill=rng.randrange(0, 120))


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert("L")
