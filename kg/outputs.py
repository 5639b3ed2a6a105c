"""Output folders kg owns (``out/``, the site): locked, marked, written aside and swapped in whole.

A build never writes into the folder a reader sees. It claims the folder, which

* refuses a folder that holds anything kg did not write (every kg output folder carries a
  marker file listing what kg wrote there), the working directory, and a folder that
  holds one of the inputs;
* takes a lock beside the folder (``.NAME.kg-lock``), so a second build into the same
  folder stops at once with a message (exit 2) instead of interleaving with the first;

then writes the new generation into a staging folder beside it (``.NAME.kg-staging-PID``)
and swaps the two in one step (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames,
undone at the next claim if a crash fell between them). A build killed at any point leaves
the previous complete folder or the new complete one, never a mix; its leftovers are
removed by the next claim.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import EnvironmentProblem, UsageError

MARKER = ".kg-output.json"
_FORMAT = "kg-output/1"
# what a kg build wrote into out/ before folders carried a marker
_LEGACY_OUT = {"articles", "rejected", "kg.trig", "kg.ttl", "void.ttl", "validation.ttl", "manifest.json"}
_HELD: dict[Path, int] = {}  # folders this process has claimed, with how many times (claims nest)


@dataclass(frozen=True)
class Claim:
    """A folder this process may replace: where to write the new generation, and how to publish it."""

    target: Path
    kind: str

    def stage(self) -> Path:
        """A fresh, empty staging folder beside the target."""
        path = _staging_name(self.target, os.getpid())
        if path.exists():
            shutil.rmtree(path)
        try:
            path.mkdir()
        except OSError as exc:
            raise EnvironmentProblem(
                f"{self.target.parent}: cannot write there ({exc.strerror}); choose a folder you can write to"
            ) from exc
        return path

    def commit(self, staging: Path) -> None:
        """Mark the staging folder as kg's and swap it in for the target in one step."""
        files = sorted(_files_under(staging))
        marker = {"format": _FORMAT, "kind": self.kind, "files": [f for f in files if f != MARKER]}
        (staging / MARKER).write_text(json.dumps(marker, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        _swap(staging, self.target)


@contextlib.contextmanager
def claim(target: str | Path, kind: str, *, keep: Iterable[str | Path] = ()) -> Iterator[Claim]:
    """Check that ``target`` may be replaced by kg (and holds none of ``keep``), lock it, and yield the claim."""
    path = Path(target).absolute()
    resolved = path.resolve()
    _check(path, resolved, kind, keep)
    if resolved in _HELD:
        _HELD[resolved] += 1
        try:
            yield Claim(resolved, kind)
        finally:
            _HELD[resolved] -= 1
        return
    lock = _lock(resolved)
    _HELD[resolved] = 1
    try:
        _recover(resolved)
        _check_owned(resolved, kind)
        yield Claim(resolved, kind)
    finally:
        del _HELD[resolved]
        for leftover in resolved.parent.glob(f".{resolved.name}.kg-staging-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        os.close(lock)


def cache_folder(target: str | Path) -> Path:
    """Where a build keeps, beside its output folder, what the next build can reuse."""
    resolved = Path(target).absolute().resolve()
    return resolved.parent / f".{resolved.name}.kg-cache"


def keep_entry(path: Path, data: bytes) -> bool:
    """Write one entry of a build's cache whole (a reader sees the old entry or the new one).

    Best effort: where the cache cannot be written the build goes on, and the next one redoes the work.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False
    return True


class Writer:
    """Writes files into a staging folder; used as a context manager, every file is written (or
    the first error raised) when the block ends.

    Making thousands of small files is mostly the kernel's work. A writer process of its own
    does it while this one renders the next pages (a thread cannot: each of its system calls
    waits for the renderer to hand back the GIL). The writer is a fresh interpreter that
    inherits nothing but its pipes (no lock of an output folder), and ends when its input does,
    so it never outlives a build that is killed. With ``background=False``, or where no
    process can be started, the files are written here.
    """

    def __init__(self, background: bool = True) -> None:
        self._made: set[bytes] = set()
        self._process: subprocess.Popen | None = None
        if background and sys.executable:  # an embedded interpreter may have no executable to start
            with contextlib.suppress(OSError):
                # isolated (-I: no PYTHONPATH, no script folder whose modules could shadow the
                # standard library's); kg is found where this process found it
                home = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
                program = (
                    f"import sys; sys.path.insert(0, {home!r}); from kg.outputs import _serve_writes; _serve_writes()"
                )
                self._process = subprocess.Popen(
                    [sys.executable, "-I", "-c", program],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )

    def write(self, path: Path, data: bytes) -> None:
        """Write ``data`` to ``path``, making its folder first."""
        name = os.fsencode(path)
        if self._process is None:
            write_file(name, data, self._made)
            return
        try:
            self._process.stdin.write(struct.pack(">IQ", len(name), len(data)) + name)
            self._process.stdin.write(data)
        except OSError:  # the writer is gone: say why
            self.close()
            raise

    def close(self) -> None:
        """Wait until every file is written; raise the first error."""
        if self._process is None:
            return
        process, self._process = self._process, None
        with contextlib.suppress(OSError):
            process.stdin.close()
        error = process.stdout.read().decode("utf-8", "replace").strip()
        process.stdout.close()
        if process.wait() != 0 and not error:
            error = f"the writer process stopped (exit status {process.returncode})"
        if error:
            raise OSError(error)

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, kind, *_) -> None:
        if kind is None:
            self.close()
        elif self._process is not None:  # failing already: the files are not wanted
            self._process.kill()
            self._process.wait()
            self._process.stdin.close()
            self._process.stdout.close()
            self._process = None


def write_file(path: str | bytes | Path, data: bytes, made: set | None = None) -> None:
    """Write a file of a staging folder (readers never see it until the folder is swapped in),
    making its folder first, unless it is among the folders ``made`` (which it then joins)."""
    folder = os.path.dirname(path)
    if made is None or folder not in made:
        os.makedirs(folder, exist_ok=True)
        if made is not None:
            made.add(folder)
    with open(path, "wb") as file:
        file.write(data)


def _serve_writes() -> None:
    """The writer process: frames of (name length, data length, name, data) on its input; on the
    first error it writes nothing more but reads on (the sender must never block), and at the end
    of its input it prints that error, if any."""
    read, made, error = sys.stdin.buffer.read, set(), None
    while len(head := read(12)) == 12:
        size, length = struct.unpack(">IQ", head)
        name, data = read(size), read(length)
        if error is None:
            try:
                write_file(name, data, made)
            except OSError as exc:
                error = f"{os.fsdecode(name)}: {exc.strerror or exc}"
    sys.stdout.write(error or "")


def _files_under(folder: Path) -> Iterator[str]:
    """What lies under ``folder`` other than folders (a link to one counts), relative to it, in
    POSIX form; os.walk reads entry types from the directory, not with a stat per entry."""
    for parent, folders, names in os.walk(folder):
        relative = Path(parent).relative_to(folder)
        for name in names:
            yield (relative / name).as_posix()
        for name in folders:
            if os.path.islink(os.path.join(parent, name)):  # not followed: kg never wrote one
                yield (relative / name).as_posix()


def _check(path: Path, resolved: Path, kind: str, keep: Iterable[str | Path]) -> None:
    name = "the output folder" if kind == "out" else f"the {kind} folder"
    if resolved.exists() and not resolved.is_dir():
        raise UsageError(f"{path}: is a file, not a folder; choose another {name}")
    cwd = Path.cwd().resolve()
    if resolved == cwd or resolved in cwd.parents or resolved == Path(resolved.anchor):
        raise UsageError(f"{path}: {name} cannot be the working directory or hold it; name a folder of its own")
    for item in keep:
        item = Path(item).absolute().resolve()
        if item == resolved or resolved in item.parents:
            raise UsageError(f"{path}: {name} would hold {item}, which kg must not replace; choose another folder")


def _check_owned(resolved: Path, kind: str) -> None:
    """Refuse a folder holding anything kg did not write there."""
    if not resolved.is_dir():
        return
    entries = sorted(_files_under(resolved))
    if not entries and not any(resolved.iterdir()):
        return
    written = _written(resolved, kind)
    if written is None:
        raise UsageError(
            f"{resolved}: not a folder kg wrote (no {MARKER}), and kg replaces its {kind} folder whole; "
            "choose a new or empty folder, or remove this one yourself"
        )
    foreign = [e for e in entries if e != MARKER and e not in written]
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise UsageError(
            f"{resolved}: holds {shown}, which kg did not write, and kg replaces the folder whole; move them away first"
        )


def _written(resolved: Path, kind: str) -> set[str] | None:
    """What kg wrote into a folder, from its marker (or, for an older kg's out/, its layout); None if not kg's."""
    marker = resolved / MARKER
    if marker.is_file():
        try:
            data = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if isinstance(data, dict) and data.get("format") == _FORMAT and data.get("kind") == kind:
            files = data.get("files")
            if isinstance(files, list) and all(isinstance(f, str) for f in files):
                return set(files)
        return None
    if kind == "out" and (resolved / "manifest.json").is_file():
        try:
            legacy = json.loads((resolved / "manifest.json").read_text(encoding="utf-8")).get("format")
        except (OSError, ValueError, AttributeError):
            return None
        if legacy == "kg-manifest/1" and all(p.name in _LEGACY_OUT for p in resolved.iterdir()):
            return {
                p.relative_to(resolved).as_posix()
                for p in resolved.rglob("*")
                if not p.is_dir() and (p.parent == resolved or p.suffix == ".ttl")
            }
    return None


def _lock(resolved: Path) -> int:
    lock_path = resolved.parent / f".{resolved.name}.kg-lock"
    try:
        resolved.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise EnvironmentProblem(
            f"{resolved.parent}: cannot write there ({exc.strerror}); choose a folder you can write to"
        ) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise EnvironmentProblem(
            f"{resolved}: another kg process is writing this folder; wait for it to finish or choose another folder"
        ) from None
    return fd


def _staging_name(target: Path, pid: int) -> Path:
    return target.parent / f".{target.name}.kg-staging-{pid}"


def _previous_name(target: Path) -> Path:
    return target.parent / f".{target.name}.kg-previous"


def _recover(target: Path) -> None:
    """Undo a two-rename swap that a crash cut in half: put the previous generation back."""
    previous = _previous_name(target)
    if previous.is_dir():
        if target.exists():
            shutil.rmtree(previous)
        else:
            os.rename(previous, target)


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)  # it now holds the previous generation
        return
    previous = _previous_name(target)
    os.rename(target, previous)
    os.rename(staging, target)
    shutil.rmtree(previous)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two folders (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP}:
        return False
    raise OSError(code, os.strerror(code), str(b))
