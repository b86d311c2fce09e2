"""What the channels offer on the public council pages, one module per channel; importing this package
registers them all.

To add a channel's offering: write a module here with an `Offering` subclass decorated with
`@register_offering` (its name, order, council-page partial, `collect` for many councils at once and a
one-line `summary` for the front page), and import it below.
"""

from app.councils.offerings import awards, events, proposals, results, surveys  # noqa: F401  (registers the offerings)
from app.councils.offerings.base import OFFERINGS, Offer, Offering, council_offers, offerings, register_offering

__all__ = ["OFFERINGS", "Offer", "Offering", "council_offers", "offerings", "register_offering"]
