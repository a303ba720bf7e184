"""gunicorn's settings for the library: `gunicorn --config gunicorn.conf.py wsgi:app`.

Command-line options given with it (--bind, --workers) override these.
"""

# gunicorn answers a request line over 4 KB (8 KB at most, unless 0) with a bare 414 of its own,
# before the app sees it. A search address pasted with a long text or many filters can pass that;
# with 0 the app reads it and answers with its own page that says what to shorten (a 400). The
# line is still bounded: a sync worker that does not finish reading within `timeout` is
# replaced, and a reverse proxy in front caps it too (nginx: large_client_header_buffers).
limit_request_line = 0
