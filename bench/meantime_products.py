"""MEANTIME's own scorer (section 1, mention detection) with kg's products counted as entities.

    .venv/bin/python bench/meantime_products.py OUT_DIR [GOLD.json]

score_meantime.py only sees nodes typed Person, Organization or Place, so the recall of
named mentions "of any type" it prints cannot count products (MEANTIME's PRO mentions:
makes, models, aircraft types), however well they are found. This runs the same scorer,
unchanged but for one more class it recognises: kgo:Product (and schema:Product) as PRO.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "meantime-airbus"


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    gold = sys.argv[2] if len(sys.argv) > 2 else str(CORPUS / "gold.json")
    scorer = Path(gold).parent / "score_meantime.py"
    spec = importlib.util.spec_from_file_location("score_meantime", scorer)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.ENT_CLASSES["Product"] = "PRO"
    sys.argv = [str(scorer), gold, out, "--sections", "1"]
    module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
