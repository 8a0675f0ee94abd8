"""A local, read-only web page over the store: search (KWIC), concepts, usage, documents.

``create_app(store_path)`` returns a Flask app. Every request opens the store
read-only; every value reaches SQLite as a bound parameter; templates are
Jinja2 with autoescaping, and document text is only ever rendered through it
(marked spans are split into segments in Python, never joined as HTML). No
JavaScript, no CDN: the page works offline and under a strict CSP.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)

CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")


def create_app(store_path: str | Path, *, registries=(), registry=None):
    """The Flask app serving the store at ``store_path`` (opened read-only per request)."""
    from flask import Flask, g

    from dclit.store import open_store
    from dclit.web.views import bp

    open_store(store_path, readonly=True).close()  # fail now, with the store's message, if it is unusable
    if registry is None:
        from dclit.tag import load_registry

        registry = load_registry(registries)
    app = Flask(__name__)
    app.config.update(DCLIT_STORE=str(store_path), DCLIT_REGISTRY=registry, JSON_AS_ASCII=False)
    app.extensions["dclit_usage_cache"] = ({}, threading.Lock())
    app.register_blueprint(bp)

    @app.teardown_appcontext
    def _close(_exc):
        st = g.pop("store", None)
        if st is not None:
            st.close()

    @app.after_request
    def _headers(resp):
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        return resp

    return app
