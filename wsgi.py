"""The WSGI entry point for gunicorn: `gunicorn wsgi:app`."""
from sqlalchemy.orm import configure_mappers

from outreach import create_app

app = create_app()
# SQLAlchemy sets the ORM's mappers up at their first use (about 35 ms): a serving process does it while it
# loads, so no request waits on it (a new worker's first visit, or its first housekeeping check).
configure_mappers()
