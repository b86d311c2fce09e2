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


def init_security(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if (request.path.startswith(PRIVATE_PREFIXES) or request.path == "/staff"
                or request.blueprint in PRIVATE_BLUEPRINTS):
            response.cache_control.no_store = True
            response.cache_control.public = False
            response.cache_control.max_age = None
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
