"""Personal-data providers, one module per channel; importing this package registers them all.

To add a channel's provider: write a module here with a `PersonalDataProvider` subclass decorated with
`@register_provider` (its name, label, `find`, `erase` and `privacy_entry`), import it below, and add
a test that proves find, export and erase (see `docs/adding-a-channel.md`, step 6).
"""

from app.personal_data import associations, outbox, staff_accounts, surveys  # noqa: F401  (registers them)
from app.personal_data import proposals  # noqa: F401  (registers the provider)
from app.personal_data import awards  # noqa: F401  (registers the provider)
from app.personal_data import council_pages  # noqa: F401  (registers the provider)
from app.personal_data.base import (PROVIDERS, HeldRecord, PersonalDataProvider, PrivacyEntry, normalised_email,
                                    providers, register_provider)
from app.personal_data import events  # noqa: F401  (registers the provider)

__all__ = ["PROVIDERS", "HeldRecord", "PersonalDataProvider", "PrivacyEntry", "normalised_email", "providers",
           "register_provider"]
