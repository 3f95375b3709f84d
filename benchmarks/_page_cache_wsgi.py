"""One gunicorn, two apps: the example site, and a plain WSGI app at ``/plain/``.

The plain app returns the bytes of ``PLAIN_HTML`` (the lesson page as the site
serves it) with the same content type: the most any Python app server could do.
"""

import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application

site = get_wsgi_application()
HTML = Path(os.environ["PLAIN_HTML"]).read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(HTML)))]


def plain(environ, start_response):
    start_response("200 OK", list(HEADERS))
    return [HTML]


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/plain/":
        return plain(environ, start_response)
    return site(environ, start_response)
