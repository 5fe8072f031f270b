"""Pure domain logic. Services decide; they never touch the request and never commit."""
