"""WSGI entry point for production servers: `gunicorn wsgi:app`."""

from nsc_library import create_app
from nsc_library.search import warm_up

app = create_app()
# Each server process loads the index and the meaning model before its first request.
with app.app_context():
    warm_up()
