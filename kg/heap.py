"""The garbage collector around long work: what was alive before it starts outlives it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def frozen() -> Iterator[None]:
    """Objects alive now are left out of the collector's passes until the block ends."""
    # A loaded spaCy model and a caller's data are hundreds of thousands of objects that the
    # collector's full passes would walk over and over (a third of a second in a rebuild of 1,000
    # articles), and that forked workers would copy, page by page, by walking them. Nested: the
    # inner block freezes what is new and the outermost one thaws everything at its end.
    outermost = not gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()
