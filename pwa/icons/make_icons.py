"""Draw Gembakit's app icons as PNGs using only the standard library.

Run from anywhere: ``python pwa/icons/make_icons.py``. It writes icon-192.png,
icon-512.png and maskable-512.png next to this file. The mark is a white
notebook page with three ruled lines and a check mark, on the theme colour.
The maskable icon keeps the mark inside the central 80 % "safe zone".
"""

import os
import struct
import zlib

THEME = (0x1F, 0x4F, 0x82)
WHITE = (0xFF, 0xFF, 0xFF)
HERE = os.path.dirname(os.path.abspath(__file__))


def png_bytes(width, height, pixel):
    """Encode an RGB image; ``pixel(x, y)`` returns an (r, g, b) tuple."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type: none
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def notebook(size, scale):
    """Return pixel(x, y) drawing the mark at ``scale`` of the icon size."""
    page_w, page_h = 0.56 * scale, 0.66 * scale
    left, top = 0.5 - page_w / 2, 0.5 - page_h / 2
    right, bottom = left + page_w, top + page_h
    line_h = 0.035 * scale
    lines = [top + page_h * f for f in (0.22, 0.40, 0.58)]

    def on_check(u, v):
        # Two strokes: (a)->(b) short, (b)->(c) long, near the page's lower part.
        ax, ay = left + page_w * 0.22, top + page_h * 0.78
        bx, by = left + page_w * 0.40, top + page_h * 0.90
        cx, cy = left + page_w * 0.80, top + page_h * 0.70
        width = 0.035 * scale
        return _near_segment(u, v, ax, ay, bx, by, width) or _near_segment(u, v, bx, by, cx, cy, width)

    def pixel(x, y):
        u, v = (x + 0.5) / size, (y + 0.5) / size
        if left <= u <= right and top <= v <= bottom:
            if on_check(u, v):
                return THEME
            for ly in lines:
                if ly <= v <= ly + line_h and left + page_w * 0.15 <= u <= right - page_w * 0.15:
                    return THEME
            return WHITE
        return THEME

    return pixel


def _near_segment(u, v, ax, ay, bx, by, width):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return (u - px) ** 2 + (v - py) ** 2 <= (width / 2) ** 2


def main():
    targets = [
        ("icon-192.png", 192, 1.0),
        ("icon-512.png", 512, 1.0),
        # Maskable: full-bleed background, mark shrunk into the safe zone.
        ("maskable-512.png", 512, 0.75),
    ]
    for name, size, scale in targets:
        with open(os.path.join(HERE, name), "wb") as out:
            out.write(png_bytes(size, size, notebook(size, scale)))
        print("wrote", name)


if __name__ == "__main__":
    main()
