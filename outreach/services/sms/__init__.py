"""Texts through an SMS gateway phone at the staging area when data is down (DESIGN section 9)."""
