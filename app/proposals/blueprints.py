"""The blueprints of proposals and meetings, registered together by the application factory."""

from app.proposals.meeting_staff_views import staff_bp as meetings_staff_bp
from app.proposals.staff_views import staff_bp as proposals_staff_bp
from app.proposals.views import bp as proposals_bp

#: in registration order; the public blueprint's /<council_slug>/... rules come before the council pages' catch-all
BLUEPRINTS = (proposals_staff_bp, meetings_staff_bp, proposals_bp)
