"""Render the app icon from its SVG into what each system's installer wants.

    python installers/make_icons.py OUT_FOLDER

writes OUT_FOLDER/hicolor/<N>x<N>/apps/practice-desk.png (Linux desktops),
OUT_FOLDER/practice-desk.ico (Windows) and OUT_FOLDER/practice-desk.icns (macOS). Every size
is drawn from the vector source, not scaled down from a large bitmap, so small icons stay sharp.
The PySide6 and Pillow that the app already depends on do the work.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

SVG = Path(__file__).resolve().parent.parent / "src/practice_desk/resources/icons/practice-desk.svg"
NAME = "practice-desk"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def build(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QPainter needs it
    pngs = {size: render_png(size) for size in sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_SIZES})}
    for size in PNG_SIZES:
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])

    def images(sizes: tuple[int, ...]) -> list[Image.Image]:
        return [Image.open(io.BytesIO(pngs[size])) for size in sorted(sizes, reverse=True)]

    largest, *rest = images(ICO_SIZES)
    largest.save(out / f"{NAME}.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=rest)
    largest, *rest = images(ICNS_SIZES)
    largest.save(out / f"{NAME}.icns", append_images=rest)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.strip().splitlines()[2].strip())
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    build(target)
    print(f"Icons written to {target}")
