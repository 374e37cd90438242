"""Draw the installable app's icons (src/agilepa/core/static/core/icons/): a white public
building, as Bootstrap Italia's `it-pa` icon draws it, on the Bootstrap Italia blue.

    .venv/bin/python scripts/make_app_icons.py

`icon-192.png` and `icon-512.png` fill the square; `icon-maskable-512.png` keeps the building
inside the central circle a launcher may crop the icon to (the maskable icons' safe zone, 80 %
of the side), so it survives any mask shape.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (0, 102, 204)
WHITE = (255, 255, 255)
ICONS = Path(__file__).resolve().parent.parent / "src/agilepa/core/static/core/icons"


def draw(size: int, building: float) -> Image.Image:
    """The icon `size` pixels wide, the building `building` of the side wide, centred."""
    image = Image.new("RGB", (size, size), BLUE)
    pen = ImageDraw.Draw(image)
    width = size * building
    left = (size - width) / 2
    top = (size - width * 0.9) / 2

    def box(x: float, y: float, w: float, h: float) -> None:
        pen.rectangle(
            (left + x * width, top + y * width, left + (x + w) * width, top + (y + h) * width),
            fill=WHITE,
        )

    # Pediment, architrave, four columns, two steps.
    pen.polygon(
        (
            (left + 0.5 * width, top),
            (left + 1.0 * width, top + 0.22 * width),
            (left, top + 0.22 * width),
        ),
        fill=WHITE,
    )
    box(0.04, 0.26, 0.92, 0.06)
    for column in range(4):
        box(0.1 + column * 0.23, 0.35, 0.1, 0.38)
    box(0.04, 0.76, 0.92, 0.06)
    box(0.0, 0.85, 1.0, 0.05)
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    draw(192, 0.62).save(ICONS / "icon-192.png", optimize=True)
    draw(512, 0.62).save(ICONS / "icon-512.png", optimize=True)
    draw(512, 0.5).save(ICONS / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
