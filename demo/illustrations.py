"""Illustrations drawn with Pillow for the site's first galleries: no network, no photos.

Each function returns a PIL image; the drawings are deterministic (seeded), so the same
Pillow draws the same bytes and ``load_gallery_images`` finds them again by their hash.
They are stylised, not technical drawings: shapes that evoke the station, its modules,
its orbit and expedition emblems.
"""

import math
import random

from PIL import Image
from PIL import ImageDraw
from PIL import ImageFont

WIDE = (1600, 1000)
SQUARE = (1000, 1000)

SPACE = (8, 16, 36)
SPACE_LIGHT = (22, 40, 78)
WHITE = (236, 240, 246)
GREY = (160, 170, 184)
DARK_GREY = (88, 98, 112)
GOLD = (214, 166, 62)
ARRAY = (40, 72, 140)
ARRAY_LINE = (92, 128, 196)
EARTH = (38, 104, 178)
EARTH_LIGHT = (96, 164, 222)
ACCENT = (226, 92, 52)


def font(size):
    return ImageFont.load_default(size=size)


def _space(size, seed, stars=160):
    """A night-sky background: a vertical gradient and seeded stars."""
    width, height = size
    im = Image.new("RGB", size, SPACE)
    draw = ImageDraw.Draw(im)
    for y in range(height):
        t = y / height
        colour = tuple(round(a + (b - a) * t) for a, b in zip(SPACE, SPACE_LIGHT, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    rng = random.Random(seed)
    for _ in range(stars):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.choice((1, 1, 1, 2))
        shade = rng.randrange(150, 256)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(shade, shade, min(255, shade + 10)))
    return im, draw


def _label(draw, xy, text, size=34, fill=WHITE, anchor="la"):
    draw.text(xy, text, font=font(size), fill=fill, anchor=anchor)


def _array(draw, x, y, w, h, colour=ARRAY):
    """A solar array wing: a panel with cell lines across its length and a gold mast."""
    draw.rectangle((x, y, x + w, y + h), fill=colour, outline=ARRAY_LINE, width=2)
    if h >= w:
        for i in range(1, 8):
            draw.line([(x, y + h * i / 8), (x + w, y + h * i / 8)], fill=ARRAY_LINE, width=1)
        draw.line([(x + w / 2, y), (x + w / 2, y + h)], fill=GOLD, width=2)
    else:
        for i in range(1, 8):
            draw.line([(x + w * i / 8, y), (x + w * i / 8, y + h)], fill=ARRAY_LINE, width=1)
        draw.line([(x, y + h / 2), (x + w, y + h / 2)], fill=GOLD, width=2)


def _module(draw, x0, y0, x1, y1, fill=GREY):
    """A pressurised module seen side on: a rounded cylinder with rings."""
    radius = min(x1 - x0, y1 - y0) / 2
    draw.rounded_rectangle((x0, y0, x1, y1), radius=radius, fill=fill, outline=WHITE, width=2)
    if x1 - x0 > y1 - y0:
        for i in range(1, 4):
            x = x0 + (x1 - x0) * i / 4
            draw.line([(x, y0 + 3), (x, y1 - 3)], fill=DARK_GREY, width=2)
    else:
        for i in range(1, 4):
            y = y0 + (y1 - y0) * i / 4
            draw.line([(x0 + 3, y), (x1 - 3, y)], fill=DARK_GREY, width=2)


def station(draw, cx, cy, scale=1.0, stage="complete"):
    """A stylised station seen from above. ``stage``: 1998, 2000, complete or 2021."""

    def s(value):
        return value * scale

    if stage == "1998":
        _module(draw, cx - s(170), cy - s(28), cx + s(40), cy + s(28))  # Zarya
        _module(draw, cx + s(40), cy - s(34), cx + s(130), cy + s(34), fill=WHITE)  # Unity
        _array(draw, cx - s(110), cy - s(170), s(60), s(130))
        _array(draw, cx - s(110), cy + s(40), s(60), s(130))
        return
    # The pressurised modules, from the Russian segment to the US one.
    _module(draw, cx - s(330), cy - s(30), cx - s(150), cy + s(30))  # Zvezda
    _module(draw, cx - s(150), cy - s(28), cx + s(20), cy + s(28))  # Zarya
    _module(draw, cx + s(20), cy - s(34), cx + s(90), cy + s(34), fill=WHITE)  # Unity
    if stage == "2000":
        draw.rectangle((cx + s(40), cy - s(8), cx + s(70), cy + s(8)), fill=DARK_GREY)
        _array(draw, cx + s(30), cy - s(330), s(50), s(300))  # P6 on top of Unity
        _array(draw, cx + s(30), cy + s(30), s(50), s(300))
        _array(draw, cx - s(290), cy - s(150), s(60), s(110))
        _array(draw, cx - s(290), cy + s(40), s(60), s(110))
        return
    _module(draw, cx + s(90), cy - s(34), cx + s(260), cy + s(34))  # Destiny
    _module(draw, cx + s(260), cy - s(34), cx + s(330), cy + s(34), fill=WHITE)  # Harmony
    _module(draw, cx + s(330), cy - s(30), cx + s(460), cy + s(30))  # Columbus
    _module(draw, cx + s(270), cy - s(190), cx + s(320), cy - s(34))  # Kibo
    _module(draw, cx + s(10), cy + s(34), cx + s(60), cy + s(130), fill=WHITE)  # Tranquility
    # The truss crosses the modules; two pairs of wings at each end reach fore and aft.
    truss_x = cx + s(135)
    draw.rectangle((truss_x - s(15), cy - s(470), truss_x + s(15), cy + s(470)), fill=DARK_GREY)
    for i in range(-465, 466, 30):
        draw.line([(truss_x - s(15), cy + s(i)), (truss_x + s(15), cy + s(i + 15))], fill=GREY)
    for end in (-1, 1):
        for step in (0, 1):
            y = cy + end * s(360 + step * 80) - s(26)
            for side in (-1, 1):
                x0 = truss_x + s(20) if side > 0 else truss_x - s(20) - s(300)
                _array(draw, x0, y, s(300), s(52))
                if stage == "2021":  # the newer, shorter arrays laid over the old ones
                    x1 = x0 + (s(0) if side > 0 else s(120))
                    _array(draw, x1, y + s(10), s(180), s(32), colour=(58, 58, 70))
    # Radiators, pale panels beside the truss.
    for y in (-s(250), s(190)):
        draw.rectangle((truss_x + s(25), cy + y, truss_x + s(75), cy + y + s(60)), fill=WHITE)


def station_view(title, caption_line, stage, seed, earth=False):
    im, draw = _space(WIDE, seed)
    if earth:
        draw.ellipse((-400, 720, 2000, 2400), fill=EARTH, outline=EARTH_LIGHT, width=8)
    station(draw, 700, 470, scale=0.85, stage=stage)
    _label(draw, (60, 50), title, size=54)
    _label(draw, (60, 120), caption_line, size=30, fill=GREY)
    return im


def module_drawing(name, agency, length_m, diameter_m, launched, seed, kind="cylinder", size=""):
    """One module side on, all to the same scale, with a scale bar in metres."""
    im, draw = _space(WIDE, seed, stars=60)
    pixels_per_metre = 1000 / 16
    w, h = length_m * pixels_per_metre, diameter_m * pixels_per_metre
    x0, y0 = (1600 - w) / 2, (1000 - h) / 2 + 40
    if kind == "node":
        _module(draw, x0, y0, x0 + w, y0 + h, fill=WHITE)
        for x in (x0 - 30, x0 + w):  # berthing ports on each end
            draw.rectangle((x, y0 + h / 3, x + 30, y0 + 2 * h / 3), fill=GOLD)
        draw.rectangle((x0 + w / 3, y0 - 30, x0 + 2 * w / 3, y0), fill=GOLD)
        draw.rectangle((x0 + w / 3, y0 + h, x0 + 2 * w / 3, y0 + h + 30), fill=GOLD)
    elif kind == "cupola":
        cx, cy = 800, 540
        r = h / 2
        points = [
            (cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a)))
            for a in range(0, 360, 60)
        ]
        draw.polygon(points, fill=GREY, outline=WHITE, width=4)
        draw.ellipse((cx - r / 2.4, cy - r / 2.4, cx + r / 2.4, cy + r / 2.4), fill=SPACE_LIGHT)
        for a in range(0, 360, 60):
            x = cx + r * 0.72 * math.cos(math.radians(a + 30))
            y = cy + r * 0.72 * math.sin(math.radians(a + 30))
            draw.ellipse((x - r / 6, y - r / 6, x + r / 6, y + r / 6), fill=SPACE_LIGHT)
    else:
        _module(draw, x0, y0, x0 + w, y0 + h)
        if kind == "arrays":
            _array(draw, x0 + w * 0.35, y0 - 260, 120, 250)
            _array(draw, x0 + w * 0.35, y0 + h + 10, 120, 250)
    # Scale bar: five metres.
    bar = 5 * pixels_per_metre
    draw.rectangle((60, 900, 60 + bar, 912), fill=WHITE)
    _label(draw, (60, 930), "5 metres", size=26, fill=GREY)
    _label(draw, (60, 50), name, size=60)
    _label(
        draw,
        (60, 128),
        f"{agency} · launched {launched} · {size or f'about {length_m:g} m long'}",
        size=30,
        fill=GREY,
    )
    return im


def orbit_diagram(seed):
    """The orbit's tilt: 51.6 degrees to the equator."""
    im, draw = _space(WIDE, seed)
    cx, cy, r = 800, 540, 300
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=EARTH, outline=EARTH_LIGHT, width=6)
    draw.line([(cx - 520, cy), (cx + 520, cy)], fill=GREY, width=3)  # equator plane
    angle = math.radians(-51.6)
    dx, dy = math.cos(angle), math.sin(angle)
    points = []
    for t in range(0, 361, 4):
        a = math.radians(t)
        x, y = 430 * math.cos(a), 90 * math.sin(a)
        points.append((cx + x * dx - y * dy, cy + x * dy + y * dx))
    draw.line(points, fill=GOLD, width=5)
    draw.arc((cx - 200, cy - 200, cx + 200, cy + 200), start=-51.6, end=0, fill=WHITE, width=3)
    _label(draw, (cx + 210, cy - 90), "51.6°", size=44)
    _label(draw, (60, 50), "The orbit's tilt", size=56)
    _label(draw, (60, 122), "The station's path is inclined 51.6° to the equator", size=30)
    return im


def altitude_diagram(seed):
    """How thin the gap is: about 400 km above a 6,371 km Earth, to scale."""
    im, draw = _space(WIDE, seed)
    radius = 6371
    scale = 2600 / radius
    cx, cy = 800, 560 + radius * scale
    draw.ellipse(
        (cx - radius * scale, cy - radius * scale, cx + radius * scale, cy + radius * scale),
        fill=EARTH,
        outline=EARTH_LIGHT,
        width=6,
    )
    orbit = (radius + 400) * scale
    draw.ellipse((cx - orbit, cy - orbit, cx + orbit, cy + orbit), outline=GOLD, width=4)
    top = cy - orbit
    draw.ellipse((790, top - 10, 810, top + 10), fill=WHITE)
    draw.line([(1000, top), (1000, cy - radius * scale)], fill=WHITE, width=3)
    _label(draw, (1020, top - 6), "about 400 km", size=36)
    _label(draw, (60, 50), "Height, to scale", size=56)
    _label(draw, (60, 122), "The orbit is closer to the ground than most people think", size=30)
    return im


def ground_track(seed):
    """Three orbits' ground track on a latitude-longitude grid, drifting west each time."""
    im, draw = _space(WIDE, seed, stars=0)
    x0, y0, w, h = 100, 220, 1400, 700
    draw.rectangle((x0, y0, x0 + w, y0 + h), fill=(20, 60, 110), outline=GREY, width=2)
    for lat in (-60, -30, 0, 30, 60):
        y = y0 + h / 2 - lat / 90 * h / 2
        draw.line([(x0, y), (x0 + w, y)], fill=(60, 96, 150), width=1)
        _label(draw, (x0 - 10, y), f"{lat}°", size=22, fill=GREY, anchor="rm")
    for lon in range(-180, 181, 60):
        x = x0 + (lon + 180) / 360 * w
        draw.line([(x, y0), (x, y0 + h)], fill=(60, 96, 150), width=1)
    colours = (GOLD, ACCENT, WHITE)
    for orbit, colour in enumerate(colours):
        points = []
        for step in range(0, 361, 3):
            lon = (step - 180 - orbit * 23) % 360 - 180
            lat = 51.6 * math.sin(math.radians(step))
            point = (x0 + (lon + 180) / 360 * w, y0 + h / 2 - lat / 90 * h / 2)
            if points and abs(point[0] - points[-1][0]) > w / 2:
                draw.line(points, fill=colour, width=4)
                points = []
            points.append(point)
        draw.line(points, fill=colour, width=4)
    _label(draw, (60, 50), "Ground track", size=56)
    _label(draw, (60, 122), "Three orbits, each about 23° further west", size=30)
    return im


def sunrises_diagram(seed):
    """Sixteen sunrises a day: the orbit split into 16 day-and-night arcs."""
    im, draw = _space(WIDE, seed)
    cx, cy, r = 800, 560, 330
    for i in range(16):
        start = i * 22.5
        draw.pieslice(
            (cx - r, cy - r, cx + r, cy + r),
            start=start - 90,
            end=start - 90 + 13.5,
            fill=GOLD,
        )
        draw.pieslice(
            (cx - r, cy - r, cx + r, cy + r),
            start=start - 90 + 13.5,
            end=start - 90 + 22.5,
            fill=(28, 36, 70),
        )
    draw.ellipse((cx - 200, cy - 200, cx + 200, cy + 200), fill=EARTH)
    _label(draw, (cx, cy - 20), "24 h", size=64, anchor="mm")
    _label(draw, (cx, cy + 40), "16 orbits", size=34, anchor="mm")
    _label(draw, (60, 50), "Sixteen sunrises a day", size=56)
    _label(
        draw,
        (60, 122),
        "Each 92-minute orbit: about an hour of day, half an hour of night",
        size=30,
    )
    return im


PATCH_COLOURS = (
    ((20, 44, 110), GOLD),
    ((120, 24, 36), WHITE),
    ((16, 84, 72), GOLD),
    ((60, 30, 110), (240, 200, 90)),
    ((24, 24, 28), ACCENT),
    ((14, 70, 130), WHITE),
)


def _text_on_circle(im, text, cx, cy, radius, size, fill, start=-90):
    """Letters set round a circle, centred at the top (start=-90) or bottom (start=90)."""
    letter_font = font(size)
    spacing = size * 0.82 / radius  # radians per letter
    # Along the top the angle grows from left to right; along the bottom it shrinks.
    direction = 1 if start < 0 else -1
    first = math.radians(start) - direction * spacing * (len(text) - 1) / 2
    for i, letter in enumerate(text):
        angle = first + direction * i * spacing
        tile = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((size, size), letter, font=letter_font, fill=fill, anchor="mm")
        turn = -math.degrees(angle) - 90 if start < 0 else -math.degrees(angle) + 90
        tile = tile.rotate(turn, resample=Image.Resampling.BICUBIC)
        x = cx + radius * math.cos(angle) - size
        y = cy + radius * math.sin(angle) - size
        im.paste(tile, (round(x), round(y)), tile)


def expedition_patch(number, seed):
    """An emblem in the manner of an expedition patch: a ring, the number, the station."""
    ground, ink = PATCH_COLOURS[seed % len(PATCH_COLOURS)]
    im = Image.new("RGB", SQUARE, (244, 246, 250))
    draw = ImageDraw.Draw(im)
    cx, cy = 500, 500
    draw.ellipse((40, 40, 960, 960), fill=ink)
    draw.ellipse((60, 60, 940, 940), fill=ground)
    # The scene inside the ring is drawn on its own and cut to a circle.
    scene = Image.new("RGB", SQUARE, SPACE)
    scene_draw = ImageDraw.Draw(scene)
    rng = random.Random(seed)
    for _ in range(70):
        angle, distance = rng.uniform(0, 2 * math.pi), rng.uniform(0, 330)
        x, y = cx + distance * math.cos(angle), cy + distance * math.sin(angle)
        scene_draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=WHITE)
    scene_draw.ellipse((120, 600, 880, 1360), fill=EARTH, outline=EARTH_LIGHT, width=6)
    station(scene_draw, cx - 50, cy - 110, scale=0.36)
    mask = Image.new("L", SQUARE, 0)
    ImageDraw.Draw(mask).ellipse((170, 170, 830, 830), fill=255)
    im.paste(scene, (0, 0), mask)
    draw.ellipse((170, 170, 830, 830), outline=ink, width=8)
    _label(draw, (cx, cy + 200), str(number), size=170, fill=ink, anchor="mm")
    _text_on_circle(im, "EXPEDITION", cx, cy, 385, 74, ink, start=-90)
    _text_on_circle(im, "INTERNATIONAL SPACE STATION", cx, cy, 392, 40, WHITE, start=90)
    return im
