"""WSGI entry point for production servers: `gunicorn wsgi:app`."""

import gc

from nsc_library import create_app
from nsc_library.search import warm_up

app = create_app()
# Each server process loads the index and the meaning model before its first request.
with app.app_context():
    warm_up()
# What warm_up loaded stays for the life of the process: the garbage collector need not walk it
# again on every full collection (a pause of tens of milliseconds at 10,000 practices).
gc.freeze()
