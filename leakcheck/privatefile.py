"""The one writer for evidence files: reports, saved HARs, baselines and the redaction key.

Evidence says where personal data leaks (a saved HAR holds the leaked values themselves), so
every such file is readable by its owner only. A file is written to a temporary file in the
same directory (created 0600), flushed to disk and renamed over the target: the target is never
half-written, and an existing file of any mode is replaced by a new 0600 one instead of keeping
its old mode. Targets that are not regular files (``/dev/stdout``, a named pipe, a symlink) are
written through in place, as a shell redirection would: renaming over them would replace the
link or device itself.

``check_output_file`` and ``check_output_dir`` answer, before a scan starts, whether a later
write can succeed, so that a typo in a path costs nothing.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from leakcheck.errors import ConfigError

PRIVATE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def _writes_in_place(path: Path) -> bool:
    """Return whether ``path`` exists as something a rename must not replace."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:  # absent, or under something that is not a directory
        return False
    return stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _fsync_directory(directory: Path) -> None:
    """Make a rename durable; some file systems cannot open a directory, which is fine."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def open_private(path: Path, what: str, errors: str = "strict") -> Iterator[TextIO]:
    """Yield a UTF-8 text handle whose content replaces ``path`` (mode 0600) when the block ends.

    ``what`` names the file in errors (``"the report"``). If the block raises, ``path`` is left
    as it was. Errors writing become ``ConfigError`` naming the file and the reason.
    """
    if _writes_in_place(path):
        try:
            with open(path, "w", encoding="utf-8", errors=errors) as handle:
                if stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    os.fchmod(handle.fileno(), PRIVATE_MODE)
                yield handle
        except OSError as exc:
            raise ConfigError(f"cannot write {what} to {path}: {exc.strerror}") from None
        return
    directory = path.parent
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ConfigError(f"cannot write {what} to {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors=errors) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        _remove(temporary)
        raise ConfigError(f"cannot write {what} to {path}: {exc.strerror}") from None
    except BaseException:
        _remove(temporary)
        raise
    _fsync_directory(directory)


def write_private(path: Path, text: str, what: str, errors: str = "strict") -> None:
    """Write ``text`` to ``path`` atomically, readable by its owner only."""
    with open_private(path, what, errors) as handle:
        handle.write(text)


def create_private(path: Path, data: bytes, what: str) -> bool:
    """Create ``path`` (0600, its directory 0700) holding ``data`` unless it exists.

    Returns False when another process created it first: its content is then the one to use.
    The file appears complete or not at all (written beside it, then hard-linked into place).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ConfigError(f"cannot create {what} {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError as exc:
        raise ConfigError(f"cannot create {what} {path}: {exc.strerror}") from None
    finally:
        _remove(temporary)
    _fsync_directory(path.parent)
    return True


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _nearest_existing(path: Path) -> Path:
    """Return ``path`` or its closest ancestor that exists (the directory a mkdir starts in)."""
    absolute = Path(os.path.abspath(path))
    for candidate in (absolute, *absolute.parents):
        if os.path.lexists(candidate):
            return candidate
    return Path(absolute.anchor)


def _writable_directory(directory: Path) -> str | None:
    """Return why files cannot be created in ``directory``, or None when they can."""
    if not directory.exists():
        return "no such directory"
    if not directory.is_dir():
        return "not a directory"
    if not os.access(directory, os.W_OK | os.X_OK):
        return "directory not writable"
    return None


def check_output_file(path: Path, option: str, create_parents: bool = False) -> None:
    """Raise ``ConfigError`` unless a private file can later be written at ``path``.

    ``option`` names where the path came from (``-o``, ``--save-har``). With
    ``create_parents``, missing directories will be created, so the nearest existing ancestor
    must be a writable directory.
    """
    if path.is_dir():
        raise ConfigError(f"{option} {path}: is a directory; give a file name")
    if _writes_in_place(path):
        if not os.access(path, os.W_OK):
            raise ConfigError(f"{option} {path}: not writable")
        return
    parent = Path(os.path.abspath(path)).parent
    if create_parents and not parent.exists():
        parent = _nearest_existing(parent)
    problem = _writable_directory(parent)
    if problem:
        raise ConfigError(f"{option} {path}: {problem} {parent}")


def check_output_dir(directory: Path, option: str) -> None:
    """Raise ``ConfigError`` unless ``directory`` exists writable or can be created."""
    if directory.exists():
        problem = _writable_directory(directory)
        if problem:
            raise ConfigError(f"{option} {directory}: {problem}")
        return
    start = _nearest_existing(directory)
    problem = _writable_directory(start)
    if problem:
        raise ConfigError(f"{option} {directory}: cannot be created ({problem}: {start})")


def same_file(first: Path, second: Path) -> bool:
    """Return whether two paths name one regular file (devices such as /dev/null may repeat)."""
    try:
        if os.path.exists(first) and os.path.exists(second):
            return stat.S_ISREG(os.stat(first).st_mode) and os.path.samefile(first, second)
    except OSError:
        return False
    return os.path.realpath(first) == os.path.realpath(second)
