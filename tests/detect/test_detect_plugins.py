"""Custom recognizers: the ``leakcheck.detectors`` entry points, ``LEAKCHECK_DETECTORS``, and
``Detector(recognizers=...)``."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from leakcheck.detect import Detector
from leakcheck.detect.registry import ENTRY_POINT_GROUP, PluginError
from tests.detect.detect_gen import classes, exposure, spans

PLUGIN = textwrap.dedent(
    '''
    """An installed plugin: employee numbers ``EMP-123456`` and a keyed badge recognizer."""
    import re

    from leakcheck.models import Detection


    class EmployeeNumber:
        name = "acme_employee"
        screen = re.compile(r"EMP-\\d{6}")

        def find(self, text, ctx):
            return [
                Detection("acme.employee_id", 0.9, self.name, m.start(), m.end())
                for m in self.screen.finditer(text)
            ]


    class Badge:
        name = "acme_badge"

        def wants(self, ctx):
            return "badge" in ctx.key_tokens

        def find(self, text, ctx):
            return [Detection("acme.badge", 0.8, self.name)] if text.isalnum() else []


    def recognizers():
        return [EmployeeNumber(), Badge()]


    def broken():
        raise RuntimeError("licence server unreachable")
    '''
)


@pytest.fixture
def plugin_dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Install a plugin distribution (a module and its dist-info) on ``sys.path``."""
    (tmp_path / "acme_leakcheck.py").write_text(PLUGIN, encoding="utf-8")
    info = tmp_path / "acme_leakcheck-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-leakcheck\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nacme = acme_leakcheck:recognizers\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("LEAKCHECK_DETECTORS", raising=False)
    return tmp_path


def test_entry_point_recognizers_are_used(plugin_dist: Path) -> None:
    value = "Badge holder EMP-004211 called; mail jens.hansen@firma.dk"
    detector = Detector()
    found, badge = detector.detect([exposure(value, "message"), exposure("A7F3K9", "badgeId")])
    assert spans(value, found)["acme.employee_id"] == ["EMP-004211"]
    assert "email" in classes(found)  # the built-ins still run
    assert classes(badge) == {"acme.badge"}


def test_plugins_can_be_switched_off(plugin_dist: Path) -> None:
    (found,) = Detector(plugins=False).detect([exposure("EMP-004211", "x")])
    assert "acme.employee_id" not in classes(found)


def test_environment_variable_names_a_callable(
    plugin_dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for dist in plugin_dist.glob("*.dist-info"):
        (dist / "entry_points.txt").unlink()
    monkeypatch.setenv("LEAKCHECK_DETECTORS", "acme_leakcheck:EmployeeNumber")
    (found,) = Detector().detect([exposure("id EMP-123456", "x")])
    assert classes(found) == {"acme.employee_id"}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("acme_leakcheck:broken", "licence server unreachable"),
        ("acme_leakcheck:missing", "missing"),
        ("no_such_module_xyz:thing", "no_such_module_xyz"),
        ("acme_leakcheck", "module:callable"),
    ],
)
def test_a_broken_plugin_names_itself(
    plugin_dist: Path, monkeypatch: pytest.MonkeyPatch, spec: str, message: str
) -> None:
    for dist in plugin_dist.glob("*.dist-info"):
        (dist / "entry_points.txt").unlink()
    monkeypatch.setenv("LEAKCHECK_DETECTORS", spec)
    with pytest.raises(PluginError, match=message):
        Detector()


def test_recognizers_argument_needs_find_and_name() -> None:
    with pytest.raises(PluginError, match="find"):
        Detector(recognizers=[object()], plugins=False)  # type: ignore[list-item]


PROFILE = """version: 1
name: plugins
target: {url: "https://acme.example"}
detectors: [%s]
roles:
  staff:
    pages: [{url: /}]
    entitlements:
      allow: [{location: "$.me.*", reason: the role's own record}]
"""


def _profile_beside_module(tmp_path: Path, spec: str) -> Path:
    """Write the plugin module next to a profile naming ``spec`` (not on ``sys.path``)."""
    (tmp_path / "acme_beside.py").write_text(PLUGIN, encoding="utf-8")
    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE % spec, encoding="utf-8")
    return path


def test_a_profile_names_recognizers_beside_it(tmp_path: Path) -> None:
    import sys

    from leakcheck.capture.session import RoleCapture
    from leakcheck.models import Artifact, ArtifactKind
    from leakcheck.pipeline import analyze
    from leakcheck.profile import load_profile
    from leakcheck.redact import Redactor

    profile = load_profile(_profile_beside_module(tmp_path, "acme_beside:recognizers"))
    assert profile.detectors == ["acme_beside:recognizers"]
    body = '{"me": {"badge": "B1"}, "colleague": {"badge": "B7", "staffNo": "EMP-654321"}}'
    capture = RoleCapture(
        role="staff",
        artifacts=[
            Artifact(
                "staff",
                "https://acme.example/",
                ArtifactKind.RESPONSE,
                "https://acme.example/api/me",
                "application/json",
                body,
                status=200,
            )
        ],
        pages_requested=["https://acme.example/"],
        pages_visited=["https://acme.example/"],
    )
    result = analyze(profile, [capture], Redactor(b"k"))
    found = {(f.location.path, f.data_classes) for f in result.findings}
    assert found == {
        ("$.colleague.badge", ("acme.badge",)),
        ("$.colleague.staffNo", ("acme.employee_id",)),
    }
    assert str(tmp_path) not in sys.path  # imported from beside the profile, then restored


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("acme_beside", "expected module:callable"),
        ("acme_missing_module:recognizers", "No module named 'acme_missing_module'"),
        ("acme_beside:broken", "licence server unreachable"),
    ],
)
def test_validate_names_a_profile_recognizer_that_cannot_load(
    tmp_path: Path, spec: str, expected: str
) -> None:
    from click.testing import CliRunner

    from leakcheck.cli import main

    path = _profile_beside_module(tmp_path, spec)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
