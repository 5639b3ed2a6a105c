"""The local runner: batches in input order, in worker processes that serve every stage of a build."""

from __future__ import annotations

import os
from functools import partial

import pytest

from kg.runners import LocalRunner

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="local workers are forked")

# what a stage's setup made, in the process that ran it
_HELD: dict[str, str] = {}


def _hold(value: str) -> None:
    _HELD["value"] = value


def _tag(batch: list[int]) -> list[tuple[int, str, int]]:
    return [(n, _HELD.get("value", ""), os.getpid()) for n in batch]


def _batches(count: int, size: int = 3) -> list[list[int]]:
    return [list(range(n, min(n + size, count))) for n in range(0, count, size)]


def test_stages_share_the_workers_and_each_gets_its_own_setup():
    with LocalRunner(2) as run:
        first = list(run.map(iter(_batches(20)), _tag, partial(_hold, "extract")))
        second = list(run.map(iter(_batches(20)), _tag, partial(_hold, "map")))
        third = list(run.map(iter(_batches(7, size=1)), _tag, partial(_hold, "finish")))
    assert [n for n, _, _ in first] == list(range(20)) == [n for n, _, _ in second]
    assert [n for n, _, _ in third] == list(range(7))
    assert {v for _, v, _ in first} == {"extract"}
    assert {v for _, v, _ in second} == {"map"}
    assert {v for _, v, _ in third} == {"finish"}
    workers = {pid for _, _, pid in first}
    assert os.getpid() not in workers
    assert {pid for _, _, pid in second} | {pid for _, _, pid in third} <= workers  # no new processes


def test_a_stage_left_half_read_does_not_leak_into_the_next():
    with LocalRunner(2) as run:
        results = run.map(iter(_batches(40)), _tag, partial(_hold, "first"))
        assert [next(results)[0] for _ in range(4)] == [0, 1, 2, 3]
        results.close()  # abandoned: what it had sent the workers is cancelled or waited for
        second = list(run.map(iter(_batches(10)), _tag, partial(_hold, "second")))
    assert second == [(n, "second", pid) for n, _, pid in second]
    assert [n for n, _, _ in second] == list(range(10))


def test_outside_a_with_block_each_map_has_workers_of_its_own():
    run = LocalRunner(2)
    first = list(run.map(iter(_batches(9)), _tag, partial(_hold, "one")))
    second = list(run.map(iter(_batches(9)), _tag, partial(_hold, "two")))
    assert [(n, v) for n, v, _ in first] == [(n, "one") for n in range(9)]
    assert [(n, v) for n, v, _ in second] == [(n, "two") for n in range(9)]
    assert not {pid for _, _, pid in first} & {pid for _, _, pid in second}


def test_one_job_runs_here():
    with LocalRunner(1) as run:
        done = list(run.map(iter(_batches(5)), _tag, partial(_hold, "here")))
    assert done == [(n, "here", os.getpid()) for n in range(5)]
