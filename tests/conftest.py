"""Shared fixtures: the spaCy pipeline, builds of the seed, real stores (Oxigraph server, Virtuoso) and Jena."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI runs each property on at least 300 examples; `make fuzz` runs 5,000
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile("quick", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
WIKINEWS = SHARED / "corpora" / "wikinews-dev"
REUTERS = SHARED / "corpora" / "n3-reuters-128" / "Reuters-128.ttl"


@pytest.fixture(scope="session")
def nlp():
    from kg.extract import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def nlp_all():
    """The pipeline with the rules of every profile running (kg's default runs fewer; see kg.rules)."""
    from kg.extract import load_pipeline
    from kg.rules import PROFILES, RuleSet

    return load_pipeline(rules=RuleSet.of((), PROFILES))


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory, nlp) -> Path:
    """The seed article built once per session (no site)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seed") / "out"
    report = build([SEEDS], out, nlp=nlp)
    assert report.ok, (report.rejected, report.failures)
    return out


@pytest.fixture(scope="session")
def wikinews_out(tmp_path_factory, nlp) -> Path:
    """The seed and the Wikinews development articles built once per session."""
    if not WIKINEWS.is_dir():
        pytest.skip(f"{WIKINEWS} is not here (the shared corpora sit beside the checkout)")
    from kg.build import build

    out = tmp_path_factory.mktemp("wikinews") / "out"
    report = build([SEEDS, WIKINEWS], out, nlp=nlp)
    assert report.ok, (report.rejected, report.failures)
    return out


@pytest.fixture
def cli(nlp, monkeypatch):
    """Run kg in-process with the session's pipeline (loading it once)."""
    from click.testing import CliRunner

    import kg.build
    from kg.cli import main

    monkeypatch.setattr(kg.build, "load_pipeline", lambda model, **settings: nlp)
    runner = CliRunner()

    def invoke(*args, **kwargs):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return invoke


def extract_text(nlp, text: str, *, title: str | None = None, published=None):
    """Extract from one small article written in a test."""
    import datetime as dt

    from kg.extract import extract
    from kg.read import parse_wire

    raw = (f"# {title}\n\n" if title else "") + (f"{published:%B %d, %Y}\n\n" if published else "") + text
    article = parse_wire(raw, key="test", source="test.md")
    if published and not isinstance(published, dt.date):
        raise TypeError(published)
    return next(extract([article], nlp))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(process: subprocess.Popen, url: str, seconds: float) -> bool:
    """Whether a server we started answers ``url`` with 200 within ``seconds`` (False if it exits)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.1)
    return False


def _stop(process: subprocess.Popen | None, seconds: float) -> None:
    """Stop a server we started: asked first, then killed."""
    if process is None:
        return
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class OxigraphServer:
    """A real `oxigraph serve` on 127.0.0.1 and a free port, with its data in a temp dir."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query(self) -> str:
        return f"{self.url}/query"

    @property
    def update(self) -> str:
        return f"{self.url}/update"

    @property
    def store(self) -> str:
        return f"{self.url}/store"

    def start(self) -> None:
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        self.process = subprocess.Popen(
            [
                binary,
                "serve",
                "--location",
                str(self.folder),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not _answers(self.process, f"{self.url}/query?query=ASK%7B%7D", 30):
            self.stop()
            raise RuntimeError("oxigraph serve did not start")

    def stop(self) -> None:
        _stop(self.process, 10)
        self.process = None

    def count(self) -> int:
        import json

        query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        request = urllib.request.Request(
            f"{self.query}?query={query}", headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


import urllib.parse  # noqa: E402


def _started(server, name: str):
    """The server, started; the test skipped, saying why, where it cannot start."""
    try:
        server.start()
    except (OSError, RuntimeError) as exc:
        pytest.skip(f"cannot start {name}: {exc}")
    return server


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    """A real Oxigraph server for the whole session."""
    server = _started(OxigraphServer(tmp_path_factory.mktemp("oxigraph")), "oxigraph serve")
    yield server
    server.stop()


class VirtuosoServer:
    """A real Virtuoso (Debian's virtuoso-opensource-7) on 127.0.0.1 and free ports, its database
    in a temp dir: SPARQL on /sparql, SPARQL Update with HTTP Digest on /sparql-auth (user dba)."""

    USER = PASSWORD = "dba"  # a fresh database's administrator

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port, self.sql_port = _free_port(), _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def query(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    @property
    def update(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql-auth"

    def start(self) -> None:
        binary = shutil.which("virtuoso-t")
        if binary is None:
            raise RuntimeError("virtuoso-t is not installed (Debian: virtuoso-opensource-7-bin; tests/setup_stores.sh)")
        self.folder.mkdir(parents=True, exist_ok=True)
        f = self.folder
        (f / "virtuoso.ini").write_text(
            f"[Database]\nDatabaseFile = {f}/db.db\nErrorLogFile = {f}/db.log\nTransactionFile = {f}/db.trx\n"
            f"xa_persistent_file = {f}/db.pxa\nStriping = 0\nTempStorage = TempDatabase\n"
            f"[TempDatabase]\nDatabaseFile = {f}/temp.db\nTransactionFile = {f}/temp.trx\nStriping = 0\n"
            f"[Parameters]\nServerPort = 127.0.0.1:{self.sql_port}\nDisableUnixSocket = 1\n"
            f"NumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\nDirsAllowed = {f}\n"
            f"[HTTPServer]\nServerPort = 127.0.0.1:{self.port}\nServerRoot = {f}\nServerThreads = 4\n"
            "[SPARQL]\nResultSetMaxRows = 100000\nMaxQueryExecutionTime = 60\n",
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [binary, "+configfile", str(f / "virtuoso.ini"), "+foreground"],
            cwd=f,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not _answers(self.process, f"{self.query}?query=ASK%7B%7D", 90):
            self.stop()
            raise RuntimeError("virtuoso-t did not start")

    def stop(self) -> None:
        _stop(self.process, 30)  # Virtuoso writes a checkpoint as it stops
        self.process = None


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A real Virtuoso for the whole session (skipped, saying why, where it cannot be installed)."""
    server = _started(VirtuosoServer(tmp_path_factory.mktemp("virtuoso")), "Virtuoso")
    yield server
    server.stop()


class Jena:
    """Apache Jena's command-line tools (riot, tdb2.tdbloader, tdb2.tdbquery, shacl) from Debian's
    libapache-jena-java, run with the JVM; each call is one process."""

    # Jena's own jars and the libraries its commands load (all from Debian packages it depends on)
    JARS = (
        "jena-arq jena-base jena-cmds jena-core jena-dboe-base jena-dboe-index jena-dboe-storage "
        "jena-dboe-trans-data jena-dboe-transaction jena-iri jena-rdfconnection jena-shacl jena-tdb2 jena-tdb "
        "slf4j-api slf4j-simple commons-cli commons-codec commons-compress commons-csv commons-io commons-lang3 "
        "dexx.collection gson guava httpclient httpcore jackson-annotations jackson-core jackson-databind "
        "jakarta.json-api jsonld-java titanium-json-ld protobuf thrift"
    ).split()

    def __init__(self, folder: Path, lib: Path = Path("/usr/share/java")) -> None:
        java = shutil.which("java")
        if java is None:
            raise RuntimeError("java is not installed (Debian: default-jre-headless; tests/setup_stores.sh)")
        missing = [name for name in self.JARS if not (lib / f"{name}.jar").exists()]
        if missing:
            raise RuntimeError(f"Jena's jars are missing: {', '.join(missing[:3])} (Debian: libapache-jena-java)")
        # Debian's jena-core 4.5.0 moves the bundled Xerces classes to the package `xerces` but leaves
        # their message files under org/apache/jena/ext/xerces, so the XSD datatypes fail to start;
        # the same files, put where the classes look for them, mend that.
        import zipfile

        resources = folder / "xerces-resources"
        prefix = "org/apache/jena/ext/xerces/"
        with zipfile.ZipFile(lib / "jena-core.jar") as jar:
            for name in jar.namelist():
                if name.startswith(prefix) and not name.endswith(("/", ".class")):
                    target = resources / "xerces" / name[len(prefix) :]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar.read(name))
        self.java = java
        self.classpath = os.pathsep.join([str(resources)] + [str(lib / f"{name}.jar") for name in self.JARS])

    def run(self, command: str, *args, timeout: float = 300) -> subprocess.CompletedProcess:
        """Run one Jena command class (e.g. ``riotcmd.riot``) and return what it said."""
        return subprocess.run(
            [self.java, "-Xmx1g", "-cp", self.classpath, command, *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )


@pytest.fixture(scope="session")
def jena(tmp_path_factory):
    """Jena's tools (skipped, saying why, where Debian's package cannot be installed)."""
    try:
        tools = Jena(tmp_path_factory.mktemp("jena"))
        done = tools.run("riotcmd.riot", "--version", timeout=120)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot run Jena: {exc}")
    if done.returncode != 0:
        pytest.skip(f"cannot run Jena: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
    return tools


@pytest.fixture(autouse=True)
def _no_store_credentials(monkeypatch):
    for name in ("KG_STORE_USER", "KG_STORE_PASSWORD", "KG_STORE_TOKEN", "KG_STORE_AUTH"):
        monkeypatch.delenv(name, raising=False)
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")


class HttpPeer:
    """An HTTP peer on 127.0.0.1 whose answers a test chooses (often: forwarded to a real store)."""

    def __init__(self, answer) -> None:
        import http.server
        import threading

        outer = self
        self.requests = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _serve(self):
                outer.requests += 1
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, kind, data, *extra = answer(self, body)
                try:
                    self.send_response(status)
                    if kind:
                        self.send_header("Content-Type", kind)
                    for name, value in (extra[0] if extra else {}).items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def forward(upstream: str, handler, body: bytes) -> tuple[int, str, bytes]:
    """Send a request an HttpPeer received on to ``upstream``; its status, content type and body."""
    import urllib.error

    request = urllib.request.Request(upstream + handler.path, data=body or None, method=handler.command)
    for name in ("Content-Type", "Accept"):
        if handler.headers.get(name):
            request.add_header(name, handler.headers[name])
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()
