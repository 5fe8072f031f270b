"""Gatherings: planning them (`gatherings.py`), their reports (`reports.py`) and eCPR practice (`practice.py`)."""
