"""Finding input files, and naming them safely.

- `walk` lists the files under the paths given, lazily and in a stable order (sorted within
  each folder, one folder listing in memory at a time: a tree of a million files is never
  held whole). What cannot be read as a document is reported, never skipped in silence:
  symbolic links that loop or point nowhere, special files (FIFOs, sockets, devices) that
  would block a reader, folders named like documents.
- `shown` turns a path into text that any database and terminal accept: a file name that is
  not valid UTF-8 keeps its bytes as backslash escapes ("\\xff\\xfe.txt").
- `FileRef` carries a file's absolute path, its folders' symbolic links resolved (its
  identity: `key`; the same folder named through a link is the same corpus), the ingest
  root it was found under and its path relative to that root (what records and reports
  show).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


def shown(path: str | os.PathLike[str] | bytes) -> str:
    """A path as storable, printable text: undecodable bytes become backslash escapes."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", "backslashreplace")


def is_escaped(path: str | os.PathLike[str]) -> bool:
    """Whether `shown(path)` differs from the path's own text (a name that is not UTF-8)."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def absolute(path: str | os.PathLike[str]) -> str:
    """The normalised absolute path (symbolic links kept: a link is a path of its own)."""
    return os.path.normpath(os.path.abspath(os.fspath(path)))


@dataclass(frozen=True)
class FileRef:
    """A file to ingest: where it is, and under which root it was found."""

    path: str  # absolute, normalised, as the OS gives it (may hold surrogate escapes)
    root: str  # the ingest root (a folder given on the command line, or a file's folder)
    rel: str  # path relative to the root, as the OS gives it

    @property
    def key(self) -> str:
        """The file's identity in the database: its absolute path, shown safely."""
        return shown(self.path)

    @property
    def name(self) -> str:
        """What reports and records show: the path relative to its root, shown safely."""
        return shown(self.rel)

    @property
    def root_shown(self) -> str:
        return shown(self.root)

    @property
    def walked(self) -> str:
        """The path as it was found under its root, folder links unresolved, shown safely:
        the key of earlier versions, and what prune checks (a link removed is a file gone)."""
        return shown(os.path.join(self.root, self.rel))


@dataclass(frozen=True)
class Problem:
    """A path found while walking that cannot be read as a document."""

    path: str  # absolute
    root: str
    rel: str
    code: str
    reason: str

    @property
    def key(self) -> str:
        return shown(self.path)

    @property
    def name(self) -> str:
        return shown(self.rel)

    @property
    def severity(self) -> str:
        return "warning" if self.code.startswith("W") else "error"


def resolved(path: str) -> str:
    """An absolute path with the symbolic links of its folders resolved, the last name kept:
    a file reached through a linked folder is the same file (one key), while a link to a
    file stays a path of its own."""
    folder, name = os.path.split(path)
    return os.path.join(os.path.realpath(folder), name) if name else os.path.realpath(path)


def roots_of(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """What prune looks under: each path named, resolved as the keys are and as named (as
    the files were walked)."""
    out = []
    for raw in paths:
        p = absolute(raw)
        for root in (os.path.realpath(p) if os.path.isdir(p) else resolved(p), p):
            if root not in out:  # resolved, and as named (the paths as they were walked)
                out.append(root)
    return out


def walk(
    paths: Iterable[str | os.PathLike[str]], suffixes: tuple[str, ...]
) -> Iterator[FileRef | Problem]:
    """Files named, and files below folders named, in a stable order; problems reported."""
    for raw in paths:
        p = absolute(raw)
        try:
            st = os.stat(p)
        except OSError as exc:
            parent = os.path.dirname(p)
            yield _problem_of(p, parent, os.path.basename(p), exc)
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(p, p, suffixes, {(st.st_dev, st.st_ino)})
        else:
            parent = os.path.dirname(p)
            item = _file_item(resolved(p), parent, os.path.basename(p), st)
            if item is not None:
                yield item


def _walk_dir(
    root: str, folder: str, suffixes: tuple[str, ...], ancestors: set[tuple[int, int]]
) -> Iterator[FileRef | Problem]:
    try:
        with os.scandir(folder) as it:
            names = sorted(e.name for e in it)
    except OSError as exc:
        yield _problem_of(folder, root, os.path.relpath(folder, root), exc)
        return
    real = os.path.realpath(folder)  # the key of a file: its folder's links resolved
    for name in names:
        path = os.path.join(folder, name)
        rel = os.path.relpath(path, root)
        try:
            st = os.stat(path)  # follows links
        except OSError as exc:
            if name.lower().endswith(suffixes) or os.path.islink(path):
                yield _problem_of(path, root, rel, exc)
            continue
        if stat.S_ISDIR(st.st_mode):
            ident = (st.st_dev, st.st_ino)
            if ident in ancestors:
                yield Problem(
                    path,
                    root,
                    rel,
                    "E108",
                    "a symbolic link to a folder above it (a loop): not followed",
                )
                continue
            if name.lower().endswith(suffixes):
                yield Problem(
                    path,
                    root,
                    rel,
                    "W104",
                    "a folder named like a document: its files are read as a folder's",
                )
            yield from _walk_dir(root, path, suffixes, ancestors | {ident})
        elif name.lower().endswith(suffixes):
            item = _file_item(os.path.join(real, name), root, rel, st)
            if item is not None:
                yield item


def _file_item(path: str, root: str, rel: str, st: os.stat_result) -> FileRef | Problem | None:
    if stat.S_ISREG(st.st_mode):
        return FileRef(path, root, rel)
    kind = (
        "a FIFO"
        if stat.S_ISFIFO(st.st_mode)
        else "a socket"
        if stat.S_ISSOCK(st.st_mode)
        else "a device"
        if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
        else "not a regular file"
    )
    return Problem(path, root, rel, "E109", f"{kind}, not a regular file: not read")


def _problem_of(path: str, root: str, rel: str, exc: OSError) -> Problem:
    import errno

    if exc.errno == errno.ELOOP:
        return Problem(path, root, rel, "E108", "a symbolic link that loops: not followed")
    if exc.errno == errno.ENOENT and os.path.islink(path):
        target = shown(os.readlink(path))
        return Problem(path, root, rel, "E107", f"a symbolic link to nothing ({target})")
    reason = exc.strerror or str(exc)
    return Problem(path, root, rel, "E107", f"unreadable: {reason}")


def exists_key(key: str) -> bool:
    """Whether the file stored under `key` (see `FileRef.key`) is still there. A key holding
    escapes is checked against its folder's listing, byte for byte: never a guess."""
    if "\\" not in key:
        return os.path.lexists(key) and not os.path.isdir(key)  # a folder there now: gone
    folder, _, name = key.rpartition("/")
    if os.path.lexists(key) and "\\x" not in name:
        return not os.path.isdir(key)
    try:
        listing = os.listdir(os.fsencode(folder)) if "\\x" not in folder else None
    except OSError:
        return False
    if listing is None:  # an escaped folder: walk down from the root, comparing shown names
        return _exists_shown(key)
    return any(
        shown(n) == name and not os.path.isdir(os.path.join(os.fsencode(folder), n))
        for n in listing
    )


def _exists_shown(key: str) -> bool:
    parts = key.strip("/").split("/")
    current = b"/"
    for part in parts:
        try:
            names = os.listdir(current)
        except OSError:
            return False
        match = [n for n in names if shown(n) == part]
        if not match:
            return False
        current = os.path.join(current, match[0])
    return not os.path.isdir(current)


def under(key: str, root: str) -> bool:
    """Whether the file key lies under the folder `root` (shown)."""
    root = root.rstrip("/")
    return key == root or key.startswith(root + "/")


def to_path(ref: FileRef) -> Path:
    return Path(ref.path)
