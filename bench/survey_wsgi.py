"""Bench-only WSGI entry (`gunicorn bench.survey_wsgi:app`): the production app with rate limiting off.

config.py reads no environment switch for RATELIMIT_ENABLED, and the public forms' limit
(30 POSTs per hour per address) would turn a load test from one address into 429s. Everything
else comes from the environment exactly as for `wsgi:app`.
"""

from app import create_app

app = create_app(None, RATELIMIT_ENABLED=False)
