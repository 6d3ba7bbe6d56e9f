"""A one-line progress display on stderr for long scans: off when stderr is not a terminal."""

from __future__ import annotations

import sys
import threading
from typing import TextIO
from urllib.parse import urlsplit


class Progress:
    """Counts pages and artifacts as roles are captured (thread-safe: roles run in parallel)."""

    def __init__(self, roles: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.roles, self.roles_done, self.pages, self.artifacts = roles, 0, 0, 0
        self._lock = threading.Lock()

    def page(self, role: str, url: str, artifacts: int) -> None:
        """A page was captured with this many artifacts so far for its role."""
        with self._lock:
            self.pages += 1
            self.artifacts += artifacts
            self._show(f"{role}: {urlsplit(url).path or '/'}")

    def role_done(self, role: str) -> None:
        with self._lock:
            self.roles_done += 1
            self._show(f"{role}: done")

    def _show(self, now: str) -> None:
        if not self.enabled:
            return
        line = (
            f"[leakcheck] {self.roles_done}/{self.roles} roles · {self.pages} pages · "
            f"{self.artifacts} artifacts · {now}"
        )
        self.stream.write("\r\x1b[K" + line[:160])
        self.stream.flush()

    def close(self) -> None:
        """Clear the line so the report starts on a clean line."""
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
