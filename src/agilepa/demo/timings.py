"""A step's wall and CPU time for `seed-demo -v 2`: what the demo's load time is made of, to
keep `make demo` quick (issue 22). Used by the steps (`seed.py`) and by the parts of a step
(`indicators.py`) alike."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def phase(name: str, timings: Callable[[str], None] | None) -> Iterator[None]:
    """Report the enclosed work's wall and CPU time to `timings`, when given."""
    wall, cpu = time.monotonic(), time.process_time()
    yield
    if timings is not None:
        timings(
            f"  [{name}: {time.monotonic() - wall:.1f} s wall, "
            f"{time.process_time() - cpu:.1f} s CPU]"
        )
