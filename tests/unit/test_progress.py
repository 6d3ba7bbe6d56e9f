"""The progress line: shown on a terminal, silent otherwise, safe from several threads."""

from __future__ import annotations

import io
import threading

from leakcheck.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_counts_pages_and_roles_and_clears_its_line() -> None:
    out = Terminal()
    progress = Progress(2, out)
    threads = [
        threading.Thread(target=progress.page, args=(f"r{n}", f"http://t/p/{n}", 3))
        for n in range(10)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    progress.role_done("r1")
    progress.close()
    text = out.getvalue()
    assert "1/2 roles · 10 pages · 30 artifacts · r1: done" in text
    assert text.endswith("\r\x1b[K")


def test_progress_is_silent_when_not_on_a_terminal() -> None:
    out = io.StringIO()
    progress = Progress(1, out)
    progress.page("r", "http://t/", 4)
    progress.close()
    assert out.getvalue() == ""
