"""The app context that RQ jobs run in: the worker's own app, or the caller's in tests."""

from contextlib import nullcontext
from functools import cache

from flask import Flask, has_app_context

from app import create_app


@cache
def _worker_app() -> Flask:
    return create_app()


def job_context():
    """Enter an app context unless one is already active (the `flask worker` command pushes one)."""
    if has_app_context():
        return nullcontext()
    return _worker_app().app_context()
