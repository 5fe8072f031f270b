"""Keyed hashes: what must be recognised again (a mistyped email, a geocoder query) but never read back."""
import hashlib
import hmac


def keyed_hash(secret: str, text: str) -> str:
    """HMAC-SHA256 of `text` under the server's secret: without the secret, guessing cannot confirm it."""
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
