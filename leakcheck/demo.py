"""The bundled demo: the estate fixture site, started as a subprocess, and its profile.

In a wheel the site ships as ``leakcheck._fixtures.estate`` (``fixtures`` is someone else's name
on PyPI); in a source checkout it is ``fixtures.estate`` at the repository's top.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

from leakcheck.errors import ConfigError

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = _PACKAGE_DIR.parent


@dataclass(frozen=True)
class FixtureLocation:
    module: str
    """Importable module name of the estate site package."""
    sys_path: Path | None
    """A directory to put on ``sys.path``/``PYTHONPATH`` first (source checkouts)."""
    profile: Path
    """The estate profile."""


def locate() -> FixtureLocation:
    """Find the estate site and its profile in a wheel install or a source checkout."""
    if importlib.util.find_spec("leakcheck._fixtures") is not None:
        return FixtureLocation(
            "leakcheck._fixtures.estate", None, _PACKAGE_DIR / "_profiles" / "estate.yaml"
        )
    if (_REPO_DIR / "fixtures" / "estate" / "__main__.py").is_file():
        return FixtureLocation("fixtures.estate", _REPO_DIR, _REPO_DIR / "profiles" / "estate.yaml")
    raise ConfigError(
        "the bundled demo site is missing from this installation; reinstall leakcheck"
    )


def import_fixture(location: FixtureLocation, submodule: str) -> ModuleType:
    """Import a module of the estate site (e.g. ``accounts``)."""
    if location.sys_path is not None and str(location.sys_path) not in sys.path:
        sys.path.insert(0, str(location.sys_path))
    return importlib.import_module(f"{location.module}.{submodule}")


def read_url_lines(process: subprocess.Popen[str], count: int, timeout_s: float) -> dict[str, str]:
    """Read the ``name: url`` lines a fixture server prints once it listens."""
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    stdout = process.stdout

    def pump() -> None:
        for line in stdout:
            lines.put(line)
        lines.put("")  # the server exited: say so now, not when the start-up timeout ends

    threading.Thread(target=pump, daemon=True).start()
    urls: dict[str, str] = {}
    deadline = time.monotonic() + timeout_s
    while len(urls) < count:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            line = ""
        if not line:
            if process.poll() is None:
                process.kill()
            process.wait()
            stderr = process.stderr.read() if process.stderr else ""
            last = stderr.strip().splitlines()[-1] if stderr.strip() else "no output"
            raise ConfigError(f"the demo site did not start: {last}")
        name, _, url = line.strip().partition(": ")
        urls[name] = url
    return urls


@dataclass
class EstateSite:
    """A running estate site; use as a context manager so the process always stops."""

    mode: str = "vulnerable"
    seed: int = 1
    revision: int = 1
    startup_timeout_s: float = 30.0
    url: str = ""
    third_party_url: str = ""
    location: FixtureLocation = field(default_factory=locate)
    _process: subprocess.Popen[str] | None = None

    def start(self) -> EstateSite:
        env = dict(os.environ)
        if self.location.sys_path is not None:
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(self.location.sys_path), env.get("PYTHONPATH")])
            )
        command = [sys.executable, "-m", self.location.module, "--port", "0"]
        command += ["--mode", self.mode, "--seed", str(self.seed)]
        command += ["--revision", str(self.revision)]
        self._process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        try:
            urls = read_url_lines(self._process, 2, self.startup_timeout_s)
        except ConfigError:
            self.stop()
            raise
        self.url, self.third_party_url = urls["site"], urls["third-party"]
        return self

    def stop(self) -> int | None:
        """Stop the site (SIGTERM, then SIGKILL after 10 s); return its exit code."""
        if self._process is None:
            return None
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        return self._process.returncode

    @property
    def accounts(self) -> dict[str, Any]:
        """The site's accounts (role -> username, password, person id, cases)."""
        accounts: dict[str, Any] = import_fixture(self.location, "accounts").ACCOUNTS
        return accounts

    def credentials_env(self) -> dict[str, str]:
        """Environment variables the estate profile reads (URL and each role's login)."""
        env = {"ESTATE_URL": self.url, "ESTATE_THIRD_PARTY_URL": self.third_party_url}
        for role, account in self.accounts.items():
            env[f"ESTATE_{role.upper()}_USERNAME"] = account["username"]
            env[f"ESTATE_{role.upper()}_PASSWORD"] = account["password"]
        return env

    def __enter__(self) -> EstateSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
