"""WSGI entry point for production servers: `gunicorn wsgi:app`."""

from nsc_library import create_app

app = create_app()
