"""The request body limit per view: MAX_CONTENT_LENGTH for every request, a larger one for a view that
takes several files (`@accepts_uploads(bytes)`).

The limit must hold before anything reads the form, and CSRF protection reads it in a before_request
hook, before the view runs; so the request class looks the limit up from the matched view itself.
Werkzeug spools each uploaded file over 500 KB to a temporary file, never to memory, and stops
reading (413) at the limit.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Request, current_app


class LimitedRequest(Request):
    @property
    def max_content_length(self) -> int | None:  # type: ignore[override]
        if self._max_content_length is not None:
            return self._max_content_length
        view = current_app.view_functions.get(self.endpoint or "") if self.url_rule is not None else None
        return getattr(view, "max_content_length", None) or current_app.config["MAX_CONTENT_LENGTH"]

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def accepts_uploads(limit: int) -> Callable:
    """Decorator (below the route decorator): let this view's requests carry up to `limit` bytes."""
    def decorate(view: Callable) -> Callable:
        view.max_content_length = limit
        return view
    return decorate
