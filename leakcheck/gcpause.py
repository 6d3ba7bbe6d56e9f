"""Pause Python's cyclic garbage collector while a stage builds many small objects.

Extract, detect and judge create millions of small, surviving, acyclic objects (exposures,
locations, records, detections). Each time enough of them pile up, the collector walks every
live object of the scan again; measured on a 10,000-record GraphQL payload this more than
doubled the extract stage (1.48 s against 0.63 s). The stages create no reference cycles, so
pausing costs no memory; nesting is safe (only the outermost pause re-enables).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector for the block, restoring its previous state."""
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
