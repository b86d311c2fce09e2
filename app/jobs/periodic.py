"""Periodic sweeps scheduled when a worker starts."""


def schedule_periodic_jobs() -> None:
    """Placeholder until the outbox sweep lands."""
    return None
