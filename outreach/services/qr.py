"""QR codes as inline SVG, made here (segno): no outside service, and they print sharp."""
import segno
from markupsafe import Markup


def qr_svg(text: str, title: str = "") -> Markup:
    """An SVG QR code of `text` that scales to its box (error correction M survives a crease or smudge)."""
    code = segno.make(text, error="m", micro=False)
    # segno escapes the title; the SVG is its own markup, so it is safe to insert as is.
    return Markup(code.svg_inline(scale=1, border=4, omitsize=True, title=title or None,
                                  svgclass="qr", lineclass=None, dark="#000", light="#fff"))
