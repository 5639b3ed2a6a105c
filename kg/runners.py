"""Runners: where the per-article work of a build runs, in input order.

A build hands a runner batches of articles (or extractions), a function to apply to each
batch, and a ``setup`` to run once in every worker before its first batch (load the spaCy
pipeline, hold the entity resolution). ``LocalRunner`` forks worker processes on this
machine; ``RayRunner`` runs the same functions in Ray actors, one pipeline per actor, on a
local or remote Ray cluster. Both yield results in input order, a few batches ahead of
the consumer, so the corpus never has to be in memory at once.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterator

from .errors import EnvironmentProblem, UsageError, one_line
from .heap import frozen

Work = Callable[[list], list]


class LocalRunner:
    """Batches in ``jobs`` processes forked from this one (here, when ``jobs`` is 1).

    Within ``with runner:`` the workers are forked once, at the first ``map``, and serve every
    later one: a later stage's ``setup`` reaches them pickled, through a file each worker reads
    it from once, instead of a new pool being forked for every stage (forking, starting and stopping a
    pool of two workers costs about 50 ms, and each new worker copies the pages it touches again).
    Outside such a block every ``map`` forks workers of its own.
    """

    remote = False

    def __init__(self, jobs: int = 1):
        self.jobs = jobs
        self._keep: contextlib.ExitStack | None = None  # open while the runner is entered
        self._pool = None
        self._setups = None  # the file later stages' setups reach the workers through
        self._stages = 0

    def __enter__(self) -> LocalRunner:
        self._keep = contextlib.ExitStack()
        return self

    def __exit__(self, *exc_info) -> None:
        keep, self._keep, self._pool, self._setups = self._keep, None, None, None
        if keep is not None:
            keep.close()

    def map(self, batches: Iterator[list], work: Work, setup: Callable[[], None]) -> Iterator:
        """``work`` over each batch, after ``setup`` (here, and in workers forked afterwards; in
        workers forked before, from a pickled copy)."""
        if self.jobs <= 1:
            setup()
            return (x for batch in batches for x in work(batch))
        if self._keep is None:  # not entered: workers of its own, for this map alone
            return self._own_pool(batches, work, setup)
        return self._shared_pool(batches, work, setup)

    def _own_pool(self, batches: Iterator[list], work: Work, setup: Callable[[], None]) -> Iterator:
        with LocalRunner(self.jobs) as runner:
            yield from runner.map(batches, work, setup)

    def _shared_pool(self, batches: Iterator[list], work: Work, setup: Callable[[], None]) -> Iterator:
        from concurrent.futures.process import BrokenProcessPool

        self._stages += 1
        stage, shipped = self._stages, None
        if self._pool is None:  # forked now: the workers inherit what setup made
            setup()
            self._pool = self._start()
        else:  # each worker runs setup once, from the runner's file, before its first batch of this stage
            shipped = self._ship(setup)
        pending: deque = deque()
        try:
            for batch in batches:
                pending.append(self._pool.submit(_in_stage, stage, shipped, work, batch))
                if len(pending) > 2 * self.jobs:  # bounded: inputs are read as the workers need them
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool as exc:
            raise EnvironmentProblem(
                f"a worker process of the build died ({one_line(exc)}); out of memory? try fewer --jobs"
            ) from exc
        finally:
            _abandon(pending)

    def _start(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            context = multiprocessing.get_context("fork")
        except ValueError as exc:  # no fork on this platform
            raise UsageError(
                f"--jobs {self.jobs} needs processes started by fork, which this system lacks; use --jobs 1"
            ) from exc
        # what the workers inherit stays shared: the collector, walking it in a worker, would
        # touch (and so copy) every page of the parent's objects
        self._keep.enter_context(frozen())
        # where later stages' setups are written, open before the workers are forked: they read
        # it by the descriptor they inherit (a file without a name leaves nothing behind, however
        # the build ends)
        self._setups = self._keep.enter_context(tempfile.TemporaryFile(prefix="kg-stages-"))  # noqa: SIM115
        pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context)
        self._keep.callback(pool.shutdown, wait=True, cancel_futures=True)
        return pool

    def _ship(self, setup: Callable[[], None]) -> tuple[int, int, int]:
        """Write ``setup`` pickled at the end of the workers' file: its descriptor, offset and length."""
        data = pickle.dumps(setup, protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._setups.seek(0, os.SEEK_END)
        self._setups.write(data)
        self._setups.flush()
        return self._setups.fileno(), offset, len(data)


# the stage whose setup has run in this worker process
_STAGE: list[int] = [0]


def _in_stage(stage: int, shipped: tuple[int, int, int] | None, work: Work, batch: list) -> list:
    if _STAGE[0] != stage:
        if shipped is not None:
            fd, offset, length = shipped
            data = b""
            while len(data) < length:  # pread may return less than asked
                chunk = os.pread(fd, length - len(data), offset + len(data))
                if not chunk:
                    raise RuntimeError("the stage's setup was cut short in the runner's file")
                data += chunk
            pickle.loads(data)()
        _STAGE[0] = stage
    return work(batch)


def _abandon(pending: deque) -> None:
    """Cancel what a stage left waiting and let what already runs finish: the next stage's
    results must not queue behind, or be mistaken for, this one's."""
    from concurrent.futures import wait

    for future in pending:
        future.cancel()
    wait(pending)


class RayRunner:
    """Batches in Ray actors: on a new local Ray instance, or on the cluster at ``address``.

    Actors are made once per ``map`` (each runs ``setup``, so each loads its own pipeline) and
    fed batches as they finish; the driver reads the inputs and receives results in order,
    keeping at most two batches per actor in flight. Ray Data's ``from_items`` would need the
    whole corpus on the driver first, which is what a streaming build avoids.
    """

    remote = True

    def __init__(self, address: str | None = None, workers: int | None = None):
        self.address = address or os.environ.get("RAY_ADDRESS") or None  # as Ray itself would read it
        self.workers = workers
        self._started = False

    def __enter__(self) -> RayRunner:
        # Ray reports usage to its makers unless told not to; a build talks to nothing but its cluster
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        if not self.address:
            # a Ray instance of kg's own serves this machine only: on loopback, not on every interface
            os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
        try:
            import ray
        except ImportError as exc:
            raise UsageError("--runner ray needs Ray: pip install 'kg[ray]'") from exc
        if not ray.is_initialized():
            options = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
            try:
                if self.address:
                    ray.init(address=self.address, **options)
                else:
                    ray.init(num_cpus=self.workers or os.cpu_count() or 1, **options)
            except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError...
                where = self.address or "a local Ray instance"
                raise EnvironmentProblem(f"cannot start or reach {where}: {one_line(exc)}") from exc
            self._started = True
        if self.workers is None:
            self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        return self

    def __exit__(self, *exc_info) -> None:
        if self._started:
            import ray

            ray.shutdown()
            self._started = False

    def map(self, batches: Iterator[list], work: Work, setup: Callable[[], None]) -> Iterator:
        """``work`` over each batch in ``workers`` actors, each having run ``setup`` once."""
        import ray
        from ray.util import ActorPool

        actor = ray.remote(num_cpus=1)(_Worker)
        actors = [actor.remote(setup) for _ in range(self.workers or 1)]
        pool = ActorPool(actors)
        in_flight = 0
        try:
            for batch in batches:
                pool.submit(lambda a, b: a.run.remote(work, b), batch)
                in_flight += 1
                if in_flight > 2 * len(actors):
                    yield from self._next(pool)
                    in_flight -= 1
            while in_flight:
                yield from self._next(pool)
                in_flight -= 1
        finally:
            for a in actors:
                ray.kill(a)

    @staticmethod
    def _next(pool) -> list:
        import ray

        try:
            return pool.get_next()
        except ray.exceptions.RayError as exc:
            raise EnvironmentProblem(f"a Ray worker of the build failed: {one_line(exc)}") from exc


class _Worker:
    """One Ray actor: runs the build's setup once, then batches."""

    def __init__(self, setup: Callable[[], None]):
        setup()

    def run(self, work: Work, batch: list) -> list:
        return work(batch)
