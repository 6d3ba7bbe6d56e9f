"""Find a Chromium to drive and the launch options that make it behave on locked-down machines.

Order: ``LEAKCHECK_BROWSER`` (a path to a Chromium binary), then a browser installed by
``playwright install``, then a system Chromium (Debian's ``chromium`` package). Debian's
``/usr/bin/chromium`` is a shell wrapper that misbehaves under Playwright, so the real binary in
``/usr/lib/chromium`` is preferred.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from leakcheck.errors import BrowserNotFoundError

SYSTEM_CHROMIUM_CANDIDATES = (
    "/usr/lib/chromium/chromium",
    "/usr/lib/chromium-browser/chromium-browser",
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
)

# Flags that keep Chromium from phoning Google's hosts: the tool must reach only the target.
QUIET_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-quic",
)

BROWSER_SERVICE_HOSTS = (
    "accounts.google.com",  # the signed-in account list, asked for by every new context
    "update.googleapis.com",  # component updates, asked for despite --disable-component-update
    "content-autofill.googleapis.com",  # field predictions for every form visited, the login's too
)
"""Google hosts Chromium 156 still reaches with the flags above (seen in its net log).

They resolve to nothing, so the scan reaches only the target and what its pages ask for. A
profile that names one of them (a site that signs in with Google) keeps it reachable.
"""


def _playwright_bundled_chromium() -> str | None:
    """Return the executable of a browser installed by ``playwright install``, if any."""
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache/ms-playwright")
    if not root.is_dir():
        return None
    patterns = (
        "chromium-*/chrome-linux*/chrome",
        "chromium_headless_shell-*/chrome-*/headless_shell",
    )
    for pattern in patterns:
        for candidate in sorted(root.glob(pattern), reverse=True):
            if os.access(candidate, os.X_OK):
                return str(candidate)
    return None


BROWSER_ENV = "LEAKCHECK_BROWSER"
_BROWSER_VERSION = re.compile(r"chrom|edge|brave|opera|vivaldi", re.IGNORECASE)
"""What ``--version`` of a Chromium-based browser prints (``Chromium 156.0…``)."""
VERSION_TIMEOUT_S = 20.0


def find_chromium() -> str:
    """Return the path of the Chromium binary to launch, or raise with how to get one."""
    override = os.environ.get(BROWSER_ENV)
    if override:
        path = shutil.which(override) or override
        if not os.path.isfile(path) or not os.access(path, os.X_OK):
            raise BrowserNotFoundError(
                f"{BROWSER_ENV}={override!r} is not an executable file; "
                "point it at a Chromium binary or unset it"
            )
        return path
    bundled = _playwright_bundled_chromium()
    if bundled:
        return bundled
    for candidate in SYSTEM_CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    raise BrowserNotFoundError(
        "no Chromium found: run `playwright install chromium`, or install your system's "
        "chromium package (Debian: apt-get install chromium), or set LEAKCHECK_BROWSER"
    )


def check_browser() -> str:
    """Return the browser to launch, after making sure ``LEAKCHECK_BROWSER`` names a browser.

    Launching a program that is not one fails only after Playwright's launch timeout, or with an
    error about a closed browser; asking it for its version takes a fraction of a second and
    names the mistake. The browser leakcheck finds by itself is trusted as found.
    """
    path = find_chromium()
    if not os.environ.get(BROWSER_ENV):
        return path
    try:
        done = subprocess.run(
            [path, "--version"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=VERSION_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "no answer to --version"
        raise BrowserNotFoundError(
            f"{BROWSER_ENV}={path!r} cannot be used as a browser ({reason}); "
            "point it at a Chromium binary or unset it"
        ) from None
    said = _first_line(done.stdout) or _first_line(done.stderr)
    if done.returncode != 0 or not _BROWSER_VERSION.search(said):
        raise BrowserNotFoundError(
            f"{BROWSER_ENV}={path!r} is not a Chromium-based browser (its --version said "
            f"{said or 'nothing'!r}); point it at a Chromium binary or unset it"
        )
    return path


def _first_line(output: bytes) -> str:
    """The first non-empty line a program printed (Debian's wrapper warns on stderr first)."""
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines()]
    return next((line[:80] for line in lines if line), "")


def launch_options(headless: bool = True, reachable: Iterable[str] = ()) -> dict[str, Any]:
    """Return keyword arguments for ``playwright.chromium.launch``.

    ``reachable``: host names the profile names, never made unreachable.
    """
    args = list(QUIET_ARGS)
    keep = {host.lower() for host in reachable}
    unreachable = [host for host in BROWSER_SERVICE_HOSTS if host not in keep]
    if unreachable:
        rules = ", ".join(f"MAP {host} ~NOTFOUND" for host in unreachable)
        args.append(f"--host-resolver-rules={rules}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox on.
    return {"executable_path": find_chromium(), "headless": headless, "args": args}
