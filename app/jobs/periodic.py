"""RQ entry point of the periodic sweeps: run one time slot of a sweep (see app/scheduling.py)."""

from __future__ import annotations

import importlib

from app.jobs.context import job_context
from app.models.base import utcnow
from app.scheduling import PERIODIC_JOBS_BY_NAME, enqueue_slot, slot_of


def run_periodic_job(name: str, slot: int):
    """The RQ job of one slot: schedule the following slot first, so that a failing sweep keeps its
    chain, then run the sweep."""
    with job_context():
        job = PERIODIC_JOBS_BY_NAME[name]
        enqueue_slot(job, max(slot, slot_of(job, utcnow())) + 1)
        module, _, function = job.function.rpartition(".")
        return getattr(importlib.import_module(module), function)()
