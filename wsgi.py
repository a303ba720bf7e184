"""WSGI entry point for production servers: `gunicorn wsgi:app`."""

import gc
import os

# One thread per server process for numpy's matrix products and the tokenizer of the meaning
# model: a server runs a process per core, and the libraries' own threads, one more per core,
# only wait for each other and for the other processes. Set before the libraries load; an
# operator's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from nsc_library import create_app  # noqa: E402
from nsc_library.search import warm_up  # noqa: E402

app = create_app()
# Each server process loads the index and the meaning model before its first request.
with app.app_context():
    warm_up()
# What warm_up loaded stays for the life of the process: the garbage collector need not walk it
# again on every full collection (a pause of tens of milliseconds at 10,000 practices).
gc.freeze()
