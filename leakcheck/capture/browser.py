"""Find a Chromium to drive and the launch options that make it behave on locked-down machines.

Order: ``LEAKCHECK_BROWSER`` (a path to a Chromium binary), then a browser installed by
``playwright install``, then a system Chromium (Debian's ``chromium`` package). Debian's
``/usr/bin/chromium`` is a shell wrapper that misbehaves under Playwright, so the real binary in
``/usr/lib/chromium`` is preferred.
"""

from __future__ import annotations

import os
import shutil
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


def find_chromium() -> str:
    """Return the path of the Chromium binary to launch, or raise with how to get one."""
    override = os.environ.get("LEAKCHECK_BROWSER")
    if override:
        path = shutil.which(override) or override
        if not os.access(path, os.X_OK):
            raise BrowserNotFoundError(
                f"LEAKCHECK_BROWSER={override!r} is not an executable file; "
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
