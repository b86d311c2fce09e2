"""Absolute public addresses (in e-mails, links shown to staff) from the one setting PUBLIC_BASE_URL.

The request's own host is never used: behind a proxy, or in a job without a request, it is not
the address the public reaches.
"""

from typing import Any

from flask import current_app
from werkzeug.routing import MapAdapter


def public_base_url() -> str:
    """The service's public root address without a trailing slash, e.g. https://yhteisaani.example.fi."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/")


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute public address of ``endpoint`` with its ``values``, as ``url_for`` builds the path.

    Works without a request (jobs, the CLI): the path comes from the app's URL map.
    """
    return public_base_url() + _public_adapter().build(endpoint, values)


def _public_adapter() -> MapAdapter:
    # Bound once per app: binding the URL map was a third of building an address (an e-mail builds several).
    adapter = current_app.extensions.get("public_url_adapter")
    if adapter is None:
        adapter = current_app.extensions["public_url_adapter"] = current_app.url_map.bind("public", url_scheme="https")
    return adapter
