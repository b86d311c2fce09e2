"""Serving a proposal's stored file: always as a download, never opened or sniffed in the site's origin."""

from __future__ import annotations

import io

from flask import Response, send_file

from app.models import ProposalAttachment


def attachment_download(found: ProposalAttachment) -> Response:
    """The file with its detected type, `Content-Disposition: attachment` (the name RFC 5987-encoded),
    `nosniff`, a sandboxing CSP and no caching."""
    response = send_file(io.BytesIO(found.data), mimetype=found.content_type, as_attachment=True,
                         download_name=found.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response
