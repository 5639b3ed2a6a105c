"""The garbage collector around long work: what was alive before it starts outlives it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# how many frozen() blocks are open, and whether the outermost one thaws at its end (only when
# nothing was frozen before it: a caller's own freeze is theirs to undo)
_OPEN = [0, False]
_LOCK = threading.Lock()


@contextmanager
def frozen() -> Iterator[None]:
    """Objects alive now are left out of the collector's passes until the block ends."""
    # A loaded spaCy model and a caller's data are hundreds of thousands of objects that the
    # collector's full passes would walk over and over (a third of a second in a rebuild of 1,000
    # articles), and that forked workers would copy, page by page, by walking them. Nested: the
    # inner block freezes what is new and the outermost one thaws everything at its end. Only the
    # outermost block asks whether anything is frozen: the count walks every frozen object
    # (20 ms with a model loaded), and blocks nest once per pool of workers.
    with _LOCK:
        if not _OPEN[0]:
            _OPEN[1] = not gc.get_freeze_count()
        _OPEN[0] += 1
        gc.freeze()
    try:
        yield
    finally:
        with _LOCK:
            _OPEN[0] -= 1
            if not _OPEN[0] and _OPEN[1]:
                gc.unfreeze()
