"""The HR portal as a real server (a subprocess on loopback ports) and the variables its
profile reads, for the portal's end-to-end and fixture tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from fixtures.hr.accounts import ACCOUNTS
from fixtures.hr.data import generate
from leakcheck.demo import read_url_lines

REPO = Path(__file__).resolve().parents[2]
PROFILE = REPO / "profiles" / "hr.yaml"


@dataclass
class PortalSite:
    """A running portal (``python -m fixtures.hr``); ``stop`` always ends the process."""

    mode: str = "vulnerable"
    seed: int = 1
    url: str = ""
    third_party_url: str = ""
    _process: subprocess.Popen[str] | None = field(default=None, repr=False)

    def start(self) -> PortalSite:
        command = [sys.executable, "-m", "fixtures.hr", "--port", "0"]
        command += ["--mode", self.mode, "--seed", str(self.seed)]
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        }
        self._process = subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        try:
            urls = read_url_lines(self._process, 2, 30)
        except Exception:
            self.stop()
            raise
        self.url, self.third_party_url = urls["site"], urls["third-party"]
        return self

    def stop(self) -> int | None:
        """Stop the portal (SIGTERM, then SIGKILL after 10 s); return its exit code."""
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

    def profile_env(self) -> dict[str, str]:
        """The variables ``profiles/hr.yaml`` reads: the URL, each role's login and identity."""
        ds = generate(self.seed)
        env = {"HR_URL": self.url}
        for role, account in ACCOUNTS.items():
            person = ds.persons[account["person_id"]]
            prefix = f"HR_{role.upper()}_"
            env[prefix + "USERNAME"] = account["username"]
            env[prefix + "PASSWORD"] = account["password"]
            env[prefix + "EMAIL"] = person.work_email
            env[prefix + "PERSONNUMMER"] = person.personnummer
        return env
