"""Switch each behaviour of the judge off, one at a time, and show which fast tests fail.

Usage: python scripts/judge_mutations.py             (every mutation; prints a Markdown table)
       python scripts/judge_mutations.py --list      (the mutations' names)
       python scripts/judge_mutations.py NAME ...    (only these)

Each mutation is a named source patch of ``leakcheck/judge.py`` or
``leakcheck/extract/rendered.py`` that disables one behaviour. The script copies the package and
the judge's unit tests to a temporary directory, checks that the unpatched copy passes, then for
each mutation writes the patched file into the copy, runs the tests there with this interpreter
and records the tests that fail. The working tree is never modified.

Honesty checks: every patch must match its source exactly once (the script stops when the code
has moved on, rather than report a mutation that changed nothing); the patched module must
compile; the copy's tests must import the copy's package (a ``conftest.py`` in the copy asserts
it); and a mutation counts as caught only when tests fail while all of them were collected, so
a patch that breaks imports is reported as broken, not caught. Exit status 0 when every mutation
is caught, 1 otherwise. One pytest run per mutation: about three minutes of CPU in all.

A change to the judge that moves a patched line makes the script stop and name the mutation;
update its text to the new code, keeping what it switches off.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUDGE = "leakcheck/judge.py"
RENDERED = "leakcheck/extract/rendered.py"
TESTS = (
    "tests/unit/test_judge.py",
    "tests/unit/test_judge_rules.py",
    "tests/unit/test_rendered.py",
)
SHOWN = 3
"""Failing tests named per mutation in the table (the rest are counted)."""
GUARD = '''"""Written by scripts/judge_mutations.py: the tests must import the patched copy."""

import os

import leakcheck

_copy = os.path.realpath(os.environ["JUDGE_MUTATIONS_ROOT"])
assert os.path.realpath(leakcheck.__file__).startswith(_copy + os.sep), leakcheck.__file__
'''


@dataclass(frozen=True)
class Mutation:
    """One behaviour switched off by replacing source text."""

    name: str
    """The behaviour that the patch disables."""
    path: str
    """The patched file, relative to the repository."""
    edits: tuple[tuple[str, str], ...]
    """(old, new) pairs; each ``old`` must occur exactly once."""


def _m(name: str, path: str, *edits: tuple[str, str]) -> Mutation:
    return Mutation(name, path, edits)


MUTATIONS = (
    # Rules and their precedence.
    _m(
        "LC103: canaries",
        JUDGE,
        (
            "if canaries and exposure.role not in self._canary_owners(span, canaries):",
            "if False:",
        ),
    ),
    _m(
        "canary owners named by the detector",
        JUDGE,
        ("if matched and all(m in by_canary for m in matched):", "if False:"),
    ),
    _m("canary owners by the canary's text", JUDGE, ("if canary in folded:", "if False:")),
    _m(
        "LC301: data sent to third parties",
        JUDGE,
        (
            "if personal and not self.context.third_parties.allows(exposure.receiver, personal):",
            "if False:",
        ),
    ),
    _m(
        "third-party allow list",
        JUDGE,
        (
            "if personal and not self.context.third_parties.allows(exposure.receiver, personal):",
            "if personal:",
        ),
    ),
    _m(
        "third party before the role's own rules",
        JUDGE,
        (
            "            if exposure.surface in SENT_OUT:\n"
            '                personal = [c for c in classes if c != "canary"]',
            "            if exposure.surface in SENT_OUT and False:\n"
            '                personal = [c for c in classes if c != "canary"]',
        ),
    ),
    _m(
        "LC201: secrets",
        JUDGE,
        ("if secrets and rules.allowed(exposure, secrets) is None:", "if False:"),
    ),
    _m(
        "allow rules naming a secret's class",
        JUDGE,
        ("if secrets and rules.allowed(exposure, secrets) is None:", "if secrets:"),
    ),
    _m(
        "LC101: denied fields",
        JUDGE,
        ("if deny is not None and span == exposure.value:", "if False:"),
    ),
    _m(
        "a denied field with no detection is still judged",
        JUDGE,
        (
            "if deny is not None and exposure.value not in spans:",
            "if False:",
        ),
    ),
    _m(
        "own rows override deny rules",
        JUDGE,
        (
            "deny = None if own_row else rules.denied(exposure)",
            "deny = rules.denied(exposure)",
        ),
    ),
    _m(
        "own rows",
        JUDGE,
        (
            "rules.in_own_row(exposure) or _entitled_document(exposure, entitled)",
            "_entitled_document(exposure, entitled)",
        ),
    ),
    _m(
        "LC102: unentitled personal data",
        JUDGE,
        (
            "                if rules.allowed(exposure, personal) is None:\n"
            '                    yield self._finding("LC102"',
            '                if False:\n                    yield self._finding("LC102"',
        ),
    ),
    _m(
        "allow rules",
        JUDGE,
        (
            "                if rules.allowed(exposure, personal) is None:\n"
            '                    yield self._finding("LC102"',
            '                if True:\n                    yield self._finding("LC102"',
        ),
    ),
    _m(
        "roles with entitlements are not judged zero-config",
        JUDGE,
        ("            if rules.configured:\n", "            if False:\n"),
    ),
    _m("LC104: hidden over-fetch", JUDGE, ("if rendered is Rendered.NO:", "if False:")),
    # What the role is entitled to.
    _m(
        "entitled text (values and runs of them)",
        JUDGE,
        ("if is_entitled_text(span, entitled.get(exposure.role, set())):", "if False:"),
    ),
    _m(
        "multi-word entitled text",
        JUDGE,
        ("    words = _WORD.findall(span)\n", "    return False\n    words = []\n"),
    ),
    _m(
        "entitled linked documents",
        JUDGE,
        (
            "rules.in_own_row(exposure) or _entitled_document(exposure, entitled)",
            "rules.in_own_row(exposure)",
        ),
    ),
    _m(
        "role attributes are entitled values",
        JUDGE,
        (
            "entitled[role] = {fold(v) for v in role_rules.attributes.values() if v}",
            "entitled[role] = set()",
        ),
    ),
    _m(
        "values of own rows and allowed fields are entitled elsewhere",
        JUDGE,
        (
            "if rules.in_own_row(exposure) or rules.allowed(exposure, classes) is not None:",
            "if False:",
        ),
    ),
    _m(
        "denied values outside own rows entitle nothing",
        JUDGE,
        (
            "if rules.denied(exposure) is not None and not rules.in_own_row(exposure):",
            "if False:",
        ),
    ),
    _m(
        "values sent out entitle nothing",
        JUDGE,
        (
            "if rules is None or exposure.surface in SENT_OUT:",
            "if rules is None:",
        ),
    ),
    # Another user's JWT.
    _m(
        "other user's JWT check",
        JUDGE,
        ("+ self._foreign_tokens(exposure)", "+ []"),
    ),
    _m(
        "the role's own JWT is not flagged",
        JUDGE,
        ("if not claims or claims & own:", "if not claims:"),
    ),
    _m(
        "no JWT verdict without the role's attributes",
        JUDGE,
        ("if rules is None or not rules.attributes:", "if False:"),
    ),
    # The second pass.
    _m(
        "known-value second pass",
        JUDGE,
        ("            known = tainted.get(exposure.role)\n", "            known = None\n"),
    ),
    _m(
        "second pass follows only personal-data findings",
        JUDGE,
        (
            "if finding.rule in TAINTING_RULES and",
            'if finding.rule in TAINTING_RULES | {"LC103", "LC201", "LC301"} and',
        ),
    ),
    _m(
        "second pass ignores short values",
        JUDGE,
        ("len(fold(span)) >= MIN_KNOWN_VALUE", "True"),
    ),
    _m(
        "second pass skips entitled values",
        JUDGE,
        ("if classes and run not in entitled:", "if classes:"),
    ),
    _m(
        "second pass skips encoded documents",
        JUDGE,
        (
            "if not known or _is_encoded_document(exposure.value):",
            "if not known:",
        ),
    ),
    _m(
        "second pass stays within one role",
        JUDGE,
        (
            "tainted.setdefault(exposure.role, {})",
            'tainted.setdefault("", {})',
        ),
        ("known = tainted.get(exposure.role)", 'known = tainted.get("")'),
        ("longest[exposure.role]", 'longest[""]'),
    ),
    # Thresholds, documents, deduplication.
    _m(
        "min_confidence",
        JUDGE,
        ("[d for d in found if d.confidence >= minimum]", "list(found)"),
    ),
    _m(
        "decoded-surface JSON documents not judged twice",
        JUDGE,
        (
            "if exposure.surface in DECODED_SURFACES and _is_json_document(exposure.value)",
            "if False",
        ),
    ),
    _m(
        "JSON documents on other surfaces judged as text",
        JUDGE,
        (
            "if exposure.surface in DECODED_SURFACES and _is_json_document(exposure.value)",
            "if _is_json_document(exposure.value)",
        ),
    ),
    _m(
        "dedup and occurrences",
        JUDGE,
        (
            "replace(previous, occurrences=previous.occurrences + 1) if previous else finding",
            "finding",
        ),
    ),
    # Severity, fingerprints, evidence.
    _m(
        "critical classes raise severity",
        JUDGE,
        ("if any(is_critical_class(c) for c in classes):", "if False:"),
    ),
    _m(
        "rendered lowers LC102 to medium",
        JUDGE,
        ('elif code in ("LC102", "LC104") and rendered is Rendered.YES:', "elif False:"),
    ),
    _m(
        "a deny rule's severity",
        JUDGE,
        ("all_classes, deny.severity", "all_classes, None"),
    ),
    _m(
        "fingerprints keep only the page's path",
        JUDGE,
        ("            page_key(exposure.page),\n", "            exposure.page,\n"),
    ),
    _m(
        "fingerprints hold the value's digest",
        JUDGE,
        (
            "            exposure.location.path,\n            value_digest,\n",
            "            exposure.location.path,\n",
        ),
    ),
    _m(
        "evidence is redacted",
        JUDGE,
        ("evidence=self.redactor.preview(span, primary)", "evidence=span"),
    ),
    # Rendered.
    _m(
        "an exposure's own rendering (DOM) is kept",
        JUDGE,
        (
            "        if exposure.rendered is not Rendered.UNKNOWN:\n"
            "            return exposure.rendered\n",
            "",
        ),
    ),
    _m(
        "no snapshot of the page: rendering unknown",
        JUDGE,
        (
            "        if (exposure.role, exposure.page) not in self.context.visible:\n"
            "            return Rendered.UNKNOWN\n",
            "",
        ),
    ),
    _m(
        'role-wide "rendered"',
        JUDGE,
        (
            "        return role_visible.rendered(span)\n",
            "        return self.context.visible[(exposure.role, exposure.page)].rendered(span)\n",
        ),
    ),
    _m(
        "one index per role",
        JUDGE,
        (
            "role_visible = self._role_visible.get(exposure.role)",
            "role_visible = None",
        ),
    ),
    _m(
        "word-bounded rendered check",
        RENDERED,
        (
            "        if len(key) < PREFIX:\n",
            "        return key in self.folded  # a substring of the folded text\n"
            "        if len(key) < PREFIX:\n",
        ),
    ),
    _m(
        "values longer than the index prefix",
        RENDERED,
        ("        if len(key) < PREFIX:\n", "        if True:\n"),
    ),
    _m(
        "shared prefixes refined (a footer on every page)",
        RENDERED,
        (
            "        if len(positions) <= FEW:\n"
            "            return self.starts_any(key, positions)\n",
            "        if True:\n            return self.starts_any(key, positions)\n",
        ),
    ),
    _m("pages kept apart", RENDERED, ('_PAGE_BREAK = "\\n"', '_PAGE_BREAK = ""')),
    _m(
        "composed and decomposed letters compare equal",
        RENDERED,
        (
            '    if not unicodedata.is_normalized("NFC", text):\n'
            '        text = unicodedata.normalize("NFC", text)\n',
            "",
        ),
    ),
    _m(
        "thousands groups are one word",
        RENDERED,
        (
            "            | (?:(?<=(?<!\\w)\\d) | (?<=(?<!\\w)\\d\\d) | (?<=(?<!\\w)\\d\\d\\d))\n"
            "              [ ] (?=\\d{3}(?!\\w)(?![.,]\\d{3}))",
            "            | (?!)",
        ),
    ),
    _m(
        "invisible characters do not split words",
        RENDERED,
        ('    return _INVISIBLE.sub("", text)\n', "    return text\n"),
    ),
    _m(
        "what surrounds a value's words is dropped",
        RENDERED,
        ('return _EDGES.sub("", fold(', "return (fold("),
    ),
)


def _patched(source: str, mutation: Mutation) -> str:
    for old, new in mutation.edits:
        count = source.count(old)
        if count != 1:
            raise SystemExit(
                f"mutation {mutation.name!r}: {old!r} occurs {count} times in {mutation.path}; "
                "update the mutation to the current code"
            )
        source = source.replace(old, new)
    compile(source, mutation.path, "exec")
    return source


def _prepare(copy: Path) -> None:
    shutil.copytree(
        ROOT / "leakcheck", copy / "leakcheck", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy2(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for test in TESTS:
        (copy / test).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / test, copy / test)
    (copy / "tests" / "conftest.py").write_text(GUARD)


def _run_tests(copy: Path) -> tuple[int, list[str], str]:
    """Run the judge's tests in ``copy``; return (collected, failed test ids, pytest's tail)."""
    report = copy / "report.xml"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "JUDGE_MUTATIONS_ROOT": str(copy)}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *TESTS,
            "-q",
            "--tb=no",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            f"--junitxml={report}",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    tail = (done.stdout + done.stderr).strip().splitlines()[-1:] or [""]
    if not report.exists():
        return 0, [], tail[0]
    suite = ElementTree.parse(report).getroot()
    collected = 0
    failed = []
    for case in suite.iter("testcase"):
        collected += 1
        if case.find("failure") is not None or case.find("error") is not None:
            module = case.get("classname", "").rsplit(".", 1)[-1]
            failed.append(f"{module}::{case.get('name')}")
    report.unlink()
    return collected, failed, tail[0]


def main() -> int:
    # Stopped by a signal, still remove the temporary copy.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("names", nargs="*", help="run only these mutations")
    parser.add_argument("--list", action="store_true", help="print the mutations' names")
    args = parser.parse_args()
    if args.list:
        print("\n".join(m.name for m in MUTATIONS))
        return 0
    unknown = set(args.names) - {m.name for m in MUTATIONS}
    if unknown:
        raise SystemExit(f"unknown mutations: {', '.join(sorted(unknown))} (see --list)")
    chosen = [m for m in MUTATIONS if not args.names or m.name in args.names]
    originals = {path: (ROOT / path).read_text() for path in {m.path for m in chosen}}
    patched = {m.name: _patched(originals[m.path], m) for m in chosen}  # all apply, or stop
    with tempfile.TemporaryDirectory(prefix="judge-mutations-") as tmp:
        copy = Path(tmp)
        _prepare(copy)
        baseline, failed, tail = _run_tests(copy)
        if not baseline or failed:
            print(f"the unpatched copy does not pass: {tail}; failing: {failed}", file=sys.stderr)
            return 1
        print(f"{baseline} tests in {', '.join(TESTS)}; each mutation below made these fail.\n")
        print("| behaviour switched off | file | failing tests |")
        print("|---|---|---|")
        missed = []
        for mutation in chosen:
            target = copy / mutation.path
            target.write_text(patched[mutation.name])
            collected, failed, tail = _run_tests(copy)
            target.write_text(originals[mutation.path])
            if collected != baseline:
                verdict = f"BROKEN (collected {collected} of {baseline}: {tail})"
                missed.append(mutation.name)
            elif not failed:
                verdict = "NOT CAUGHT"
                missed.append(mutation.name)
            else:
                shown = ", ".join(f"`{name}`" for name in failed[:SHOWN])
                more = f" and {len(failed) - SHOWN} more" if len(failed) > SHOWN else ""
                verdict = f"{len(failed)}: {shown}{more}"
            print(f"| {mutation.name} | `{mutation.path}` | {verdict} |", flush=True)
    if missed:
        print(f"\nnot caught or broken: {', '.join(missed)}", file=sys.stderr)
        return 1
    print(f"\nall {len(chosen)} mutations caught")
    return 0


if __name__ == "__main__":
    sys.exit(main())
