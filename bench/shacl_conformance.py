"""Run the W3C SHACL test suite (core and SPARQL) against kg's validation engines and print how many pass.

The suite ships in pySHACL's source distribution (test/resources/sht_tests); pass its folder,
or let the script fetch that distribution from PyPI into a temporary folder. A test passes
when the engine's `sh:conforms` and its results (focus node, path, value, severity and
constraint component of each; blank nodes count as equal) match the expected report.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, Namespace

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
SH = Namespace("http://www.w3.org/ns/shacl#")


def suite_folder(given: Path | None) -> Path:
    """The sht_tests folder: the one given, or pySHACL's sdist fetched from PyPI."""
    if given is not None:
        return given
    from importlib.metadata import version

    scratch = Path(tempfile.mkdtemp(prefix="kg-sht-"))
    pinned = f"pyshacl=={version('pyshacl')}"
    command = [sys.executable, "-m", "pip", "download", pinned, "--no-binary", ":all:", "--no-deps", "-q"]
    subprocess.run([*command, "-d", str(scratch)], check=True)
    archive = next(scratch.glob("pyshacl-*.tar.gz"))
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if "/test/resources/sht_tests/" in m.name]
        tar.extractall(scratch, members=members, filter="data")
    return next(scratch.glob("pyshacl-*/test/resources/sht_tests"))


def tests_in(folder: Path, parts: list[str]):
    """(name, data graph, shapes graph, expected report node, manifest graph) for each sht:Validate test."""
    for part in parts:
        for path in sorted((folder / part).rglob("*.ttl")):
            if path.name == "manifest.ttl" or path.name.endswith(("-data.ttl", "-shapes.ttl")):
                continue
            manifest = Graph().parse(path, format="turtle", publicID=path.as_uri())
            for test in manifest.subjects(RDF.type, SHT.Validate):
                action = manifest.value(test, MF.action)
                data_iri = manifest.value(action, SHT.dataGraph)
                shapes_iri = manifest.value(action, SHT.shapesGraph)
                data = _graph(path, data_iri, manifest)
                shapes = _graph(path, shapes_iri, manifest)
                yield (
                    f"{part}/{path.relative_to(folder / part)}",
                    data,
                    shapes,
                    manifest.value(test, MF.result),
                    manifest,
                )


def _graph(path: Path, iri, manifest: Graph) -> Graph:
    if str(iri) == path.as_uri():
        return manifest
    local = Path(str(iri).removeprefix("file://"))
    return Graph().parse(local, format="turtle", publicID=str(iri))


def expected_results(manifest: Graph, report) -> tuple[bool, Counter]:
    conforms = bool(manifest.value(report, SH.conforms).toPython())
    results = Counter()
    for result in manifest.objects(report, SH.result):
        results[_key(manifest, result)] += 1
    return conforms, results


def _key(graph: Graph, result) -> tuple:
    def term(node):
        if node is None:
            return None
        return "_" if isinstance(node, BNode) else node.n3()

    path = graph.value(result, SH.resultPath)
    return (
        term(graph.value(result, SH.focusNode)),
        term(path) if not isinstance(path, BNode) else "_",
        term(graph.value(result, SH.value)),
        term(graph.value(result, SH.resultSeverity)),
        term(graph.value(result, SH.sourceConstraintComponent)),
    )


def rust_engine(data: Graph, shapes: Graph) -> tuple[bool, Counter]:
    import shacl

    compiled = shacl.Shapes.from_text(shapes.serialize(format="nt"), format="ntriples")
    report = compiled.validate_text(data.serialize(format="nt"), format="ntriples")
    graph = Graph().parse(data=report.serialize("ntriples"), format="nt")
    node = graph.value(predicate=RDF.type, object=SH.ValidationReport, any=False)
    return _report(graph, node)


def pyshacl_engine(data: Graph, shapes: Graph) -> tuple[bool, Counter]:
    from pyshacl import validate

    _, graph, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    node = graph.value(predicate=RDF.type, object=SH.ValidationReport, any=False)
    return _report(graph, node)


def _report(graph: Graph, node) -> tuple[bool, Counter]:
    conforms = graph.value(node, SH.conforms)
    results = Counter(_key(graph, r) for r in graph.objects(node, SH.result))
    return bool(conforms.toPython()) if isinstance(conforms, Literal) else False, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="sht_tests folder [default: fetch pySHACL's sdist]")
    parser.add_argument("--parts", default="core,sparql", help="suite parts to run [default: core,sparql]")
    parser.add_argument("--failures", action="store_true", help="name the tests each engine fails")
    args = parser.parse_args()
    folder = suite_folder(args.folder)
    cases = list(tests_in(folder, args.parts.split(",")))
    engines = {"shacl (Rust)": rust_engine, "pySHACL": pyshacl_engine}
    print(f"W3C SHACL test suite: {len(cases)} validation tests from {folder}")
    for name, engine in engines.items():
        passed, failed, started = Counter(), [], time.perf_counter()
        for case, data, shapes, report, manifest in cases:
            part = case.split("/")[0]
            refuse = report == SHT.Failure  # the engine must refuse the shapes (unsupported SPARQL, say)
            try:
                ok = not refuse and engine(data, shapes) == expected_results(manifest, report)
            except Exception as exc:  # an engine that cannot run a test fails it, unless it is to refuse
                ok = refuse
                case = f"{case} ({type(exc).__name__})"
            passed[part] += ok
            if not ok:
                failed.append(case)
        total = Counter(c[0].split("/")[0] for c in cases)
        figures = ", ".join(f"{part} {passed[part]}/{total[part]}" for part in total)
        print(f"{name:14s} {figures}  ({time.perf_counter() - started:.1f} s)")
        if args.failures and failed:
            print("  failed: " + ", ".join(failed))


if __name__ == "__main__":
    main()
