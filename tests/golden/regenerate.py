"""Rewrite tests/golden/seed.ttl from the current code: run it only when a change to the seed's graph is intended.

.venv/bin/python tests/golden/regenerate.py && git diff tests/golden/
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from kg.build import build

ROOT = Path(__file__).resolve().parents[2]

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        report = build([ROOT / "seeds"], Path(tmp) / "out")
        assert report.ok, report
        [path] = (Path(tmp) / "out" / "articles").glob("*.ttl")
        (ROOT / "tests" / "golden" / "seed.ttl").write_bytes(path.read_bytes())
    print("wrote tests/golden/seed.ttl")
