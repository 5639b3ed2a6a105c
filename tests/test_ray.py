"""The Ray runner: a build whose articles are worked on by Ray actors on a real local Ray cluster."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import SEEDS, WIKINEWS, _free_port

RAY = Path(sys.executable).parent / "ray"


@pytest.fixture(scope="module")
def ray_cluster():
    """A one-node Ray cluster of 2 CPUs on 127.0.0.1 (a free port, its own folder, a token of
    its own), stopped at the end; yields its address and the environment that reaches it."""
    folder = tempfile.mkdtemp(prefix="kgray")  # short: Ray's socket paths live under it
    port = _free_port()
    env = {
        **os.environ,
        "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",  # bind to loopback, not to every interface
        "RAY_USAGE_STATS_ENABLED": "0",
        "RAY_AUTH_MODE": "token",
        "RAY_AUTH_TOKEN": secrets.token_hex(32),
    }
    start = [str(RAY), "start", "--head", f"--port={port}", "--num-cpus=2", "--node-ip-address=127.0.0.1"]
    start += ["--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={folder}"]
    started = subprocess.run(start, env=env, capture_output=True, text=True, timeout=180)
    assert started.returncode == 0, started.stderr[-2000:]
    try:
        yield f"127.0.0.1:{port}", env
    finally:
        subprocess.run([str(RAY), "stop", "--force"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_ray_build_writes_the_same_bytes_as_a_local_build(ray_cluster, wikinews_out, tmp_path):
    address, env = ray_cluster
    out = tmp_path / "out"
    command = [str(Path(sys.executable).parent / "kg"), "build", str(SEEDS), str(WIKINEWS), "-o", str(out)]
    command += ["--no-site", "--runner", "ray", "--address", address, "-q"]
    run = subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    local = sorted(p.relative_to(wikinews_out) for p in wikinews_out.rglob("*") if p.is_file())
    remote = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert remote == local and len(local) > 30
    different = [str(p) for p in local if (out / p).read_bytes() != (wikinews_out / p).read_bytes()]
    assert not different


def test_an_address_needs_the_ray_runner(cli, tmp_path):
    result = cli("build", SEEDS, "-o", tmp_path / "out", "--address", "127.0.0.1:1")
    assert result.exit_code == 2
    assert "--address needs --runner ray" in result.output


def test_ray_address_in_the_environment_leaves_a_local_build_alone(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("RAY_ADDRESS", "127.0.0.1:1")
    result = cli("build", SEEDS, "-o", tmp_path / "out", "--no-site", "-q")
    assert result.exit_code == 0, result.output
