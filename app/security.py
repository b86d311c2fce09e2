"""Security headers, a strict Content Security Policy without inline scripts, and no-store caching
for every page that may show personal data."""

from flask import Flask, Response, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: path prefixes whose every response (page or download) may show personal data: staff pages and
#: personal invitation links. Neither a browser nor a shared cache may keep them; nor the answering
#: pages of open links (blueprint "surveys"), which show a respondent's answers.
PRIVATE_PREFIXES = ("/staff/", "/s/")
PRIVATE_BLUEPRINTS = {"surveys"}
#: the pages whose address holds a personal link's token: they send no Referer at all, so that the token reaches
#: no log (a proxy's or the app's own) through the next page's request
TOKEN_ENDPOINTS = frozenset({"events.my_registration", "events.confirm_cancel", "proposals.track"})
#: the pages that show a person their own registration or proposal (those of a personal link, and the confirmation
#: shown to the browser that sent it): private as above
PRIVATE_ENDPOINTS = TOKEN_ENDPOINTS | {"events.registered", "proposals.sent"}


#: set on every response that does not set its own
HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000")


def init_security(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        # One pass over the response's headers rather than a setdefault (a scan) per header: this runs on
        # every request, kept pages included.
        headers = response.headers
        present = {name.lower() for name, _value in headers}
        defaults = HEADERS + (HSTS,) if app.config.get("SESSION_COOKIE_SECURE") else HEADERS
        for name, value in defaults:
            if name.lower() not in present:
                headers.add(name, value)
        endpoint = request.endpoint
        if endpoint in TOKEN_ENDPOINTS:
            headers["Referrer-Policy"] = "no-referrer"
        if (request.path.startswith(PRIVATE_PREFIXES) or request.path == "/staff"
                or request.blueprint in PRIVATE_BLUEPRINTS or endpoint in PRIVATE_ENDPOINTS):
            if "cache-control" in present:
                response.cache_control.no_store = True
                response.cache_control.public = False
                response.cache_control.max_age = None
            else:
                headers["Cache-Control"] = "no-store"
        return response
