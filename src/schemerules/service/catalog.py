"""The schemes a service serves: every scheme file of one folder, compiled once, reloaded when a file changes.

The folder's own ``*.yaml`` / ``*.yml`` files are the schemes (names starting with ``.`` are skipped);
files in its subfolders are only read as includes. Each scheme is loaded with
:func:`schemerules.load_scheme`, so its includes must lie inside the folder (or the *include_root* the
service was given).

Reloading. :meth:`Catalog.refresh` stats every YAML file under the folder (and the include root): a few
microseconds a file. When nothing changed (modification time, size, inode and change time), nothing is
compiled. Otherwise a scheme is compiled again when a file it read (itself or an include) changed, every
file that does not compile is tried again, new files are compiled and deleted ones dropped. A scheme whose
file stops compiling keeps serving its last good version, which is then *stale*: its entry carries the
file's current problems. A file that never compiled serves nothing and is listed as *broken*, with its
problems. Two files with one scheme id: the first by file name serves, the other is broken (SR206).
The service checks at most once every *interval* seconds (0: on every request).

A snapshot (:class:`Snapshot`) is immutable and replaced whole, so a request works with one consistent set
of schemes while a reload runs.
"""

from __future__ import annotations

import logging
import os
import threading
import time

import attrs

from .. import load_scheme
from ..errors import FileError, Problem, SchemeError
from ..messages import T

log = logging.getLogger("schemerules.service")

SUFFIXES = (".yaml", ".yml")
MAX_FILES = 10_000           # YAML files watched under the root; past this a reload does not look further


class SchemeFolderError(FileError):
    """The folder of schemes given to the service does not exist or is not a folder: check the path."""

    code = "SR106"


@attrs.frozen
class Entry:
    """One scheme file: the last good compiled scheme (or None), the file's current problems (empty when
    the file compiles), the files the last good compilation read, and when it was compiled (epoch s)."""

    path: str
    scheme: object = None
    problems: tuple = ()
    files: frozenset = frozenset()
    loaded: float | None = None

    @property
    def stale(self) -> bool:
        return self.scheme is not None and bool(self.problems)


@attrs.frozen
class Snapshot:
    """The schemes served (by id) and the files that serve nothing (broken), at one moment."""

    folder: str
    schemes: dict = attrs.field(factory=dict)         # id -> Entry
    broken: tuple = ()                                # (Entry, problems), in file order


class Catalog:
    """The schemes of *folder*, kept compiled; thread-safe."""

    def __init__(self, folder, *, include_root=None, interval: float = 1.0, clock=time.monotonic):
        folder = os.fspath(folder)
        if not os.path.isdir(folder):
            raise SchemeFolderError(T("{path} is not a folder of schemes", path=folder))
        self.folder = os.path.realpath(folder)
        self.root = os.path.realpath(os.fspath(include_root)) if include_root is not None else self.folder
        self.interval = float(interval)
        self._clock = clock
        self._lock = threading.Lock()
        self._stamps: dict | None = None
        self._entries: dict[str, Entry] = {}
        self._next = float("-inf")
        self.snapshot = Snapshot(self.folder)
        self.refresh()

    def due(self) -> bool:
        """True when the next :meth:`refresh` would look at the files (cheap; no lock)."""
        return self._clock() >= self._next

    def refresh(self) -> Snapshot:
        """Look at the files (when due) and compile what changed; return the current snapshot."""
        with self._lock:
            if self._clock() < self._next:
                return self.snapshot
            stamps = self._scan()
            if stamps != self._stamps:
                changed = {p for p in stamps.keys() | (self._stamps or {}).keys()
                           if stamps.get(p) != (self._stamps or {}).get(p)}
                self._rebuild(stamps, changed)
                self._stamps = stamps
            self._next = self._clock() + self.interval
            return self.snapshot

    # -- the files -----------------------------------------------------------------------
    def _scan(self) -> dict:
        """{real path: (mtime, size, inode, ctime)} of the YAML files under the folder and the include root."""
        stamps: dict = {}
        for top in dict.fromkeys((self.folder, self.root)):
            for where, dirs, files in os.walk(top):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.startswith(".") or not name.endswith(SUFFIXES):
                        continue
                    path = os.path.join(where, name)
                    try:
                        st = os.stat(path)
                    except OSError:             # a dangling link (an editor's lock file): not a scheme
                        continue
                    stamps[path] = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
                    if len(stamps) >= MAX_FILES:
                        log.warning("more than %d YAML files under %s: the rest are not watched", MAX_FILES, top)
                        return stamps
        return stamps

    def _mains(self, stamps) -> list[str]:
        return sorted(p for p in stamps if os.path.dirname(p) == self.folder)

    def _rebuild(self, stamps: dict, changed: set) -> None:
        entries = {}
        for path in self._mains(stamps):
            prev = self._entries.get(path)
            if prev is not None and not prev.problems and prev.scheme is not None and not (prev.files & changed):
                entries[path] = prev
            else:
                entries[path] = self._load(path, prev)
        self._entries = entries
        schemes, broken = {}, []
        for path, entry in entries.items():
            if entry.scheme is None:
                broken.append((entry, entry.problems))
                continue
            sid = entry.scheme.id
            if sid in schemes:
                first = os.path.relpath(schemes[sid].path, self.folder)
                broken.append((entry, (Problem("SR206", T("scheme id {id!r} is also the id of {file}, which is "
                                                          "served; this file is not", id=sid, file=first),
                                               None, "id", T("give each scheme in the folder its own id")),)))
                continue
            schemes[sid] = entry
        self.snapshot = Snapshot(self.folder, schemes, tuple(broken))

    def _load(self, path: str, prev: Entry | None) -> Entry:
        shown = os.path.relpath(path, self.folder)
        try:
            scheme = load_scheme(path, include_root=self.root)
        except SchemeError as e:
            log.warning("%s does not compile (%d problems)%s", shown, len(e.problems),
                        "; its last good version is still served" if prev and prev.scheme else "")
            if prev is not None and prev.scheme is not None:
                return attrs.evolve(prev, problems=tuple(e.problems))
            return Entry(path, None, tuple(e.problems))
        except Exception:                       # a bug of ours: logged whole, and the other schemes still served
            log.exception("loading %s failed", shown)
            problem = Problem("SR106", T("this file could not be loaded because of an internal error of "
                                         "schemerules; the service's log has the details"))
            return attrs.evolve(prev, problems=(problem,)) if prev is not None and prev.scheme is not None \
                else Entry(path, None, (problem,))
        files = frozenset(os.path.realpath(k) for k in scheme._origin[3] if os.path.isabs(k)) | {path}
        log.info("%s: scheme %s compiled (%d inputs, %d rules)", shown, scheme.id, len(scheme.inputs),
                 len(scheme.rules))
        return Entry(path, scheme, (), files, time.time())
