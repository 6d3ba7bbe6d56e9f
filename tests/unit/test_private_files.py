"""Evidence files are private and whole: 0600 even over an existing 0644 file, never half-written.

The writer is exercised directly and through the places that use it without a browser (``-o``
of ``analyze``, the baseline writer, the HAR writer, the redaction key); the browser tests in
``tests/e2e/test_outputs.py`` cover ``--save-har`` and ``baseline create`` of a real scan.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from leakcheck.capture.harfile import captures_from_har, load_har, write_har
from leakcheck.capture.session import RoleCapture
from leakcheck.cli import main
from leakcheck.errors import ConfigError
from leakcheck.models import Artifact, ArtifactKind
from leakcheck.privatefile import (
    check_output_dir,
    check_output_file,
    create_private,
    open_private,
    write_private,
)
from leakcheck.redact import load_key
from leakcheck.scope import Scope
from leakcheck.suppress import read_baseline, write_baseline


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def readable_file(path: Path, text: str = "old content\n") -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)
    assert mode(path) == 0o644
    return path


def test_replacing_a_0644_file_leaves_a_new_0600_file(tmp_path: Path) -> None:
    target = readable_file(tmp_path / "report.json")
    before = target.stat().st_ino
    write_private(target, "evidence\n", "the report")
    assert target.read_text(encoding="utf-8") == "evidence\n"
    assert mode(target) == 0o600
    assert target.stat().st_ino != before  # renamed into place, not rewritten in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_new_file_is_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o000)
    try:
        write_private(tmp_path / "new.json", "{}", "the report")
    finally:
        os.umask(old)
    assert mode(tmp_path / "new.json") == 0o600


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = readable_file(tmp_path / "scan.har", "the previous scan\n")
    with pytest.raises(RuntimeError), open_private(target, "the HAR") as handle:
        handle.write("half of a new scan")
        raise RuntimeError("the writer failed")
    assert target.read_text(encoding="utf-8") == "the previous scan\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.har"]


def test_a_write_into_a_missing_directory_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot write the report to .*No such file"):
        write_private(tmp_path / "nodir" / "r.json", "{}", "the report")


def test_a_symlink_is_written_through_and_stays_a_symlink(tmp_path: Path) -> None:
    real = readable_file(tmp_path / "real.json")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_private(link, "through the link\n", "the report")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "through the link\n"
    assert mode(real) == 0o600


def test_a_device_is_written_in_place_and_stays_a_device() -> None:
    devnull = Path("/dev/null")
    write_private(devnull, "discarded\n", "the report")
    assert stat.S_ISCHR(os.stat(devnull).st_mode)
    assert mode(devnull) == 0o666


def test_a_device_that_fails_is_a_one_line_config_error() -> None:
    with pytest.raises(ConfigError, match="No space left on device"):
        write_private(Path("/dev/full"), "x" * 100_000, "the HAR")


def test_create_private_never_replaces_what_another_process_created(tmp_path: Path) -> None:
    key = tmp_path / "config" / "leakcheck" / "key"
    results: list[bool] = []

    def create(data: bytes) -> None:
        results.append(create_private(key, data, "the key"))

    threads = [threading.Thread(target=create, args=(bytes([65 + i]) * 8,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    assert len(set(key.read_bytes())) == 1  # one writer's key, whole
    assert mode(key) == 0o600 and mode(key.parent) == 0o700
    assert sorted(p.name for p in key.parent.iterdir()) == ["key"]


def test_the_redaction_key_file_is_created_private_and_an_empty_one_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEAKCHECK_KEY", raising=False)
    key_file = tmp_path / "key"
    key = load_key(key_file)
    assert len(key) == 64 and mode(key_file) == 0o600
    assert load_key(key_file) == key
    key_file.write_text("\n")
    with pytest.raises(ConfigError, match="is empty"):
        load_key(key_file)


def test_the_baseline_writer_replaces_a_0644_file_with_a_0600_one(tmp_path: Path) -> None:
    target = readable_file(tmp_path / "leakcheck-baseline.json")
    write_baseline([], target, "shop")
    assert mode(target) == 0o600
    assert read_baseline(target) == frozenset()


def _capture(frame: str) -> RoleCapture:
    url = "http://127.0.0.1:8000/"
    return RoleCapture(
        role="buyer",
        pages_requested=[url],
        pages_visited=[url],
        artifacts=[
            Artifact("buyer", url, ArtifactKind.RESPONSE, url, "text/html", "<p>hi</p>", 200),
            Artifact(
                "buyer",
                url,
                ArtifactKind.WEBSOCKET_FRAME,
                "ws://127.0.0.1:8000/live",
                "",
                frame,
                meta={"direction": "received"},
            ),
        ],
    )


def test_the_har_writer_keeps_a_lone_surrogate_and_replaces_a_0644_file(tmp_path: Path) -> None:
    """A WebSocket frame is a JavaScript string and may hold half a surrogate pair."""
    target = readable_file(tmp_path / "scan.har")
    frame = '{"note": "half a pair \ud83d here"}'
    write_har([_capture(frame)], "http://127.0.0.1:8000", target)
    assert mode(target) == 0o600
    har = load_har(target)
    captures, _ = captures_from_har(har, Scope.of(["http://127.0.0.1:8000"]))
    bodies = [a.body for c in captures for a in c.artifacts]
    assert frame in bodies


def test_analyze_report_over_a_0644_file_leaves_it_0600(tmp_path: Path) -> None:
    """``-o``: the same writer behind every report format."""
    har = tmp_path / "scan.har"
    write_har([_capture('{"ok": 1}')], "http://127.0.0.1:8000", har)
    reports = [readable_file(tmp_path / name) for name in ("r.json", "r.sarif", "r.txt")]
    result = CliRunner().invoke(
        main,
        ["analyze", str(har), *(arg for r in reports for arg in ("-o", str(r)))],
        env={"LEAKCHECK_KEY": "private-files-test"},
    )
    assert result.exit_code == 0, result.output
    for report in reports:
        assert mode(report) == 0o600 and report.read_text(encoding="utf-8") != "old content\n"
    assert json.loads(reports[0].read_text(encoding="utf-8"))["schema"] == "leakcheck-report"


@pytest.mark.parametrize(
    ("path", "create_parents", "expected"),
    [
        ("missing/r.json", False, "no such directory"),
        ("file.txt/r.json", False, "not a directory"),
        ("file.txt/deeper/r.json", True, "not a directory"),
        ("sub", False, "is a directory"),
    ],
)
def test_output_paths_are_checked_before_anything_runs(
    tmp_path: Path, path: str, create_parents: bool, expected: str
) -> None:
    (tmp_path / "file.txt").write_text("")
    (tmp_path / "sub").mkdir()
    with pytest.raises(ConfigError, match=expected):
        check_output_file(tmp_path / path, "-o", create_parents=create_parents)


def test_output_paths_that_will_work_pass_the_check(tmp_path: Path) -> None:
    check_output_file(tmp_path / "r.json", "-o")
    check_output_file(tmp_path / "a" / "b" / "r.json", "--leakcheck-report", create_parents=True)
    check_output_file(Path("/dev/null"), "--save-har")
    check_output_dir(tmp_path / "reports" / "nested", "--output-dir")
    (tmp_path / "f").write_text("")
    with pytest.raises(ConfigError, match="not a directory"):
        check_output_dir(tmp_path / "f", "--output-dir")
