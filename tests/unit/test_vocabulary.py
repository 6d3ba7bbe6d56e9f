"""One table per vocabulary: every surface and every data class in use has its row.

Reports, the judge and detection read what a surface or a data class is from
``leakcheck.surfaces`` and ``leakcheck.data_classes``; a class or surface without a row would
fall back to a derived entry (or a KeyError), so these tests list what is in use, from the code
and from the data, and ask for an explicit row for each.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from leakcheck import data_classes
from leakcheck.data_classes import LAST, DataClass, Kind, derived, entries, entry
from leakcheck.detect import registry
from leakcheck.models import Surface
from leakcheck.rules import is_critical_class, is_secret_class
from leakcheck.surfaces import SURFACES, LocationSyntax, traits

ROOT = Path(__file__).resolve().parents[2]


def _declared_names() -> set[str]:
    """Return every class a built-in recognizer says it reports."""
    recognizers = [*registry.pattern_recognizers(), *registry.keyed_recognizers()]
    return {c if isinstance(c, str) else c.name for r in recognizers for c in r.data_classes}


def _corpus_labels() -> set[str]:
    out: set[str] = set()
    with (ROOT / "tests/detect/corpus.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            out.update(item["expect"], item["allow"])
    with (ROOT / "tests/detect/realworld_negatives.jsonl").open(encoding="utf-8") as fh:
        for line in filter(str.strip, fh):
            item = json.loads(line)
            out.update(item.get("expect", []), item.get("not", []))
    return out


def _data_labels() -> set[str]:
    """Return the classes the fixture's ground truth, the profiles and the report data name."""
    out = {
        leak["data_class"]
        for leak in yaml.safe_load(
            (ROOT / "fixtures/estate/leaks.yaml").read_text(encoding="utf-8")
        )["leaks"]
    }
    for profile in (ROOT / "profiles").glob("*.yaml"):
        out.update(re.findall(r"data_class: ([\w.]+)", profile.read_text(encoding="utf-8")))
    report = json.loads((ROOT / "tests/report/data/estate-scan.json").read_text("utf-8"))
    out.update(c for f in report["findings"] for c in f["data_classes"])
    return out


def test_every_surface_has_one_row() -> None:
    assert set(SURFACES) == set(Surface)
    labels = [row.label for row in SURFACES.values()]
    assert len(set(labels)) == len(labels), "two surfaces read the same in reports"


@pytest.mark.parametrize("source", ["recognizers", "corpus", "fixtures, profiles and report data"])
def test_every_class_in_use_has_an_explicit_row(source: str) -> None:
    used = {
        "recognizers": _declared_names,
        "corpus": _corpus_labels,
        "fixtures, profiles and report data": _data_labels,
    }[source]()
    assert used, source
    families = {name.split(".")[0] for name in entries()}
    custom = {c for c in used if "." in c and c.split(".")[0] not in families}
    assert all(derived(c).label for c in custom), "a profile's own class gets a derived row"
    missing = sorted(used - custom - set(entries()))
    assert not missing, f"{source}: no row for {missing}"


def test_every_built_in_recognizer_declares_its_classes() -> None:
    recognizers = [*registry.pattern_recognizers(), *registry.keyed_recognizers()]
    names = [r.name for r in recognizers]
    assert len(set(names)) == len(names)
    for recognizer in recognizers:
        assert recognizer.data_classes, recognizer.name


def test_declared_rows_add_classes_and_never_restate_the_table() -> None:
    declared = registry.declared_data_classes()
    assert all(row.name not in data_classes.TABLE for row in declared)
    assert len({row.name for row in declared}) == len(declared)


def test_rows_are_consistent() -> None:
    for name, row in entries().items():
        assert row.name == name
        assert row.label and row.label[0].isupper(), name
        if row.national_id:
            assert name.startswith("national_id.") and row.critical, name
        if name.startswith("secret."):
            assert row.kind is Kind.SECRET, name
    listed = [row.priority for row in data_classes.TABLE.values() if row.priority != LAST]
    assert len(set(listed)) == len(listed), "ties between listed classes must have a winner"


def test_the_judge_and_reports_read_the_table() -> None:
    critical = {name for name in data_classes.TABLE if is_critical_class(name)}
    assert critical == {
        "canary",
        "secret.private_key",
        "secret.cloud_key",
        "secret.connection_string",
        "health",
        "trade_union",
    } | {name for name in data_classes.TABLE if name.startswith("national_id.")}
    secret = {name for name in data_classes.TABLE if is_secret_class(name)}
    assert secret == {n for n in data_classes.TABLE if n.startswith("secret.")} | {"internal_host"}


def test_reports_list_personal_data_then_canaries_then_secrets() -> None:
    ordered = sorted(
        ["secret.api_key", "canary", "email", "person_name", "internal_host", "acme.badge"],
        key=data_classes.report_order,
    )
    assert ordered == [
        "person_name",
        "email",
        "acme.badge",
        "canary",
        "secret.api_key",
        "internal_host",
    ]


@pytest.mark.parametrize(
    ("name", "label", "kind", "critical", "national_id"),
    [
        ("acme.employee_id", "Acme: employee id", Kind.PERSONAL, False, False),
        ("financial.salary", "Financial: salary", Kind.PERSONAL, False, False),
        ("secret.webhook_url", "Secrets (webhook url)", Kind.SECRET, False, False),
        ("secret.private_key.rsa", "Private keys (rsa)", Kind.SECRET, True, False),
        ("national_id.xx", "National ID numbers (XX)", Kind.PERSONAL, True, True),
    ],
)
def test_unlisted_classes_get_a_derived_row(
    name: str, label: str, kind: Kind, critical: bool, national_id: bool
) -> None:
    row = entry(name)
    assert row == derived(name)
    assert (row.label, row.kind, row.critical, row.national_id) == (
        label,
        kind,
        critical,
        national_id,
    )
    assert row.priority == LAST  # unlisted classes lose every tie, as they always have


def test_a_national_id_row_is_personal_critical_and_competes_by_country() -> None:
    row = data_classes.national_id("zz", "Zedland citizen numbers")
    assert row == DataClass(
        "national_id.zz",
        "Zedland citizen numbers",
        Kind.PERSONAL,
        critical=True,
        national_id=True,
        priority=data_classes.NATIONAL_ID_PRIORITY,
    )


def test_surface_traits_that_stages_rely_on() -> None:
    assert {s for s in Surface if traits(s).sent_out} == {Surface.THIRD_PARTY_REQUEST}
    assert {s for s in Surface if traits(s).program_text} == {
        Surface.JS_BUNDLE,
        Surface.SOURCE_MAP,
    }
    assert all(traits(s).free_text for s in Surface if traits(s).program_text)
    assert traits(Surface.HTML_COMMENT).location is LocationSyntax.COMMENT
