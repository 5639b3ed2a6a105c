"""Files kg ships: the ontology, the shapes and the canned queries.

In a source checkout they are the top-level ``ontology.ttl``, ``shapes/`` and ``queries/``
(linked here); in an installed wheel they are copied into this package.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def _folder(name: str) -> Path:
    local = HERE / name
    if local.exists():
        return local
    return HERE.parent.parent / name


def ontology_file() -> Path:
    """The ontology (ontology.ttl)."""
    return _folder("ontology.ttl")


def shapes_files() -> list[Path]:
    """The SHACL shapes files, in name order."""
    return sorted(_folder("shapes").glob("*.ttl"))


def queries_folder() -> Path:
    """The folder of canned .rq queries."""
    return _folder("queries")
