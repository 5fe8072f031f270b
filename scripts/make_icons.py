"""Draw the field app's icons (two heads side by side: nobody goes out alone) as PNGs, with no imaging library.

Run once: python scripts/make_icons.py  (writes static/icons/icon-192.png and icon-512.png)
"""
import struct
import zlib
from pathlib import Path

BLUE = (11, 83, 148)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"


def pixel(x: float, y: float) -> tuple:
    """The colour at (x, y) in a unit square: two heads and shoulders in white on blue."""
    for cx in (0.36, 0.64):
        if (x - cx) ** 2 + (y - 0.40) ** 2 < 0.09 ** 2:
            return WHITE
        if y > 0.55 and (x - cx) ** 2 / 0.15 ** 2 + (y - 0.72) ** 2 / 0.17 ** 2 < 1 and y < 0.76:
            return WHITE
    return BLUE


def png(size: int) -> bytes:
    """An RGB PNG of the icon at `size` pixels."""
    rows = b"".join(b"\x00" + bytes(c for x in range(size) for c in pixel(x / size, y / size)) for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size))
        print(f"wrote {OUT / f'icon-{size}.png'}")
