"""QR codes as inline SVG, made here (segno): no outside service, and they print sharp."""
import segno
from markupsafe import Markup


def qr_svg(text: str, title: str = "") -> Markup:
    """An SVG QR code of `text` that scales to its box (error correction M survives a crease or smudge)."""
    code = segno.make(text, error="m", micro=False)
    # segno escapes the title; the SVG is its own markup, so it is safe to insert as is.
    return Markup(code.svg_inline(scale=1, border=4, omitsize=True, title=title or None,
                                  svgclass="qr", lineclass=None, dark="#000", light="#fff"))


# Explicit white and black backgrounds: a terminal's own colours may be light or dark, and a
# QR code with light and dark swapped does not scan on every phone.
LIGHT, DARK, RESET = "\033[107m  ", "\033[40m  ", "\033[0m"


def qr_terminal(text: str) -> str:
    """A QR code of `text` drawn with coloured spaces, for a phone to scan off the laptop's terminal."""
    code = segno.make(text, error="m", micro=False)
    return "\n".join("".join(DARK if dark else LIGHT for dark in row) + RESET
                     for row in code.matrix_iter(border=2))
