"""The judge on one role's many pages: does "is this value shown anywhere?" stay linear?

Usage: python benchmarks/judge_rendered.py [PAGES ...]          (default: 25 200)
       python benchmarks/judge_rendered.py --values-per-page 40 --repeat 3 25 200

For each size it generates one role's pages (seeded, no browser): each page's visible text, as
``innerText`` gives it (navigation, a case's address and price, a description, a table of bids
with amounts and dates, the agent's name, e-mail and phone, a footer: about 3 KB), and the
payload values the page fetched: per page ``--values-per-page`` values the page never shows
(other bidders' names, e-mail addresses, phone numbers and CPR numbers) and 10 it does show.
The role has no entitlements, so it is judged zero-config: every hidden value is an ``LC104``
whose "rendered" check searches the role's whole visible text, and every shown value is not a
finding. ``Judge.judge`` is timed alone (CPU seconds, one core, the garbage collector paused as
the pipeline pauses it), median of ``--repeat`` runs.

The last columns are milliseconds per page and microseconds per value (flat means linear) and a
SHA-256 over the sorted findings (rule, fingerprint, severity, rendered, occurrences) under a
fixed key, for comparing two versions of the judge on the same input: run this file with
``PYTHONPATH`` pointing at another checkout's package to time that one, and ``--rows DIR`` to
write those sorted findings to ``DIR/findings-PAGES.txt`` for ``diff``. Nothing is asserted.

    mkdir -p /tmp/before && git archive bd2bfad leakcheck | tar -x -C /tmp/before
    PYTHONPATH=/tmp/before python benchmarks/judge_rendered.py --rows /tmp/before 25 200
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import time
from pathlib import Path

from leakcheck.extract.rendered import VisibleText
from leakcheck.gcpause import paused_gc
from leakcheck.judge import Judge, JudgeInput
from leakcheck.models import Detection, Exposure, Finding, Location, Record, Surface
from leakcheck.redact import Redactor

ROLE = "buyer"
ORIGIN = "https://estate.example"
FIRST = (
    "Jens Mette Lars Anne Søren Camilla Niels Ida Peter Sofie Mikkel Emma Anders Freja Karin "
    "Lena Johan Astrid Erik Ingrid Olav Sigrid Mikko Aino Juha Helmi James Mary Robert Linda"
).split()
SYLLABLES = "hol berg dahl gaard lund strup vig skov bæk sen rup by toft holm kjær lev".split()
STREETS = "Nørregade Vestergade Søndergade Østergade Algade Bredgade Skolegade Kirkevej".split()
TOWNS = ("8000 Aarhus C", "2100 København Ø", "5000 Odense C", "9000 Aalborg", "7100 Vejle")
WORDS = (
    "lys og venlig villa med stor have tæt på skole indkøb og offentlig transport huset er "
    "løbende vedligeholdt med nyt tag i og nye vinduer køkkenet har udgang til terrassen der er "
    "carport og udhus energimærke beliggenhed rolig vej børnevenligt kvarter"
).split()
NAV = "Forside Boliger til salg Solgte boliger Find mægler Log ud Mine bud Favoritter Hjælp"
FOOTER = "Estate A/S · CVR 12345678 · Kontakt os · Privatlivspolitik · Cookies · © 2026"
SHOWN_PER_PAGE = 10


def surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randrange(2, 4))).capitalize()


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {surname(rng)}"


def phone(rng: random.Random) -> str:
    return "+45 " + " ".join(f"{rng.randrange(10, 100)}" for _ in range(4))


def cpr(rng: random.Random) -> str:
    return f"{rng.randrange(1, 29):02d}{rng.randrange(1, 13):02d}{rng.randrange(40, 100)}-" + (
        f"{rng.randrange(10000):04d}"
    )


def email(name: str, rng: random.Random) -> str:
    local = name.lower().replace(" ", ".").replace("ø", "o").replace("æ", "ae")
    return f"{local}{rng.randrange(100)}@mail.example"


def amount(rng: random.Random) -> str:
    return f"{rng.randrange(1_000, 20_000) * 1000:,}".replace(",", ".")


def page_text(rng: random.Random, case: int, shown: list[str]) -> str:
    """Return one page's visible text (about 3 KB) holding the ``shown`` values."""
    lines = [NAV, f"Villa, {rng.choice(STREETS)} {rng.randrange(1, 200)}, {rng.choice(TOWNS)}"]
    lines.append(f"Sag {case} · Pris: {amount(rng)} kr. · Udbetaling {amount(rng)} kr.")
    lines.append(" ".join(rng.choice(WORDS) for _ in range(rng.randrange(300, 450))).capitalize())
    lines.append("Bud\tBeløb\tDato")
    lines.extend(
        f"Bud {k}\t{amount(rng)} kr.\t{rng.randrange(1, 29):02d}-{rng.randrange(1, 13):02d}-2026"
        for k in range(1, rng.randrange(10, 30))
    )
    lines.append("Mægler: " + " · ".join(shown))
    lines.append(FOOTER)
    return "\n".join(lines)


Site = tuple[list[Exposure], list[tuple[Detection, ...]], dict[tuple[str, str], VisibleText], int]


def site(pages: int, per_page: int, seed: int = 27) -> Site:
    """Generate one role's pages: exposures, detections, visible texts and their characters."""
    rng = random.Random(seed)
    exposures: list[Exposure] = []
    detections: list[tuple[Detection, ...]] = []
    visible: dict[tuple[str, str], VisibleText] = {}
    characters = 0
    for number in range(pages):
        case = 4000 + number
        page = f"{ORIGIN}/case/{case}"
        api = f"{ORIGIN}/api/case/{case}"
        agent = person(rng)
        shown = [agent, email(agent, rng), phone(rng)]
        while len(shown) < SHOWN_PER_PAGE:
            shown.append(person(rng))
        text = page_text(rng, case, shown)
        characters += len(text)
        visible[(ROLE, page)] = VisibleText(text)
        values: list[tuple[str, str, str]] = [(v, "shown", _class_of(v)) for v in shown]
        while len(values) < SHOWN_PER_PAGE + per_page:
            bidder = person(rng)
            for value, data_class in (
                (bidder, "person_name"),
                (email(bidder, rng), "email"),
                (phone(rng), "phone"),
                (cpr(rng), "national_id.dk"),
            ):
                values.append((value, "bids[*].bidder", data_class))
        for index, (value, where, data_class) in enumerate(values[: SHOWN_PER_PAGE + per_page]):
            path = f"$.data.case.{where}.{data_class.split('.')[0]}"
            record = Record(f"$.data.case.{where}", "Person", {"value": value})
            exposures.append(
                Exposure(
                    ROLE,
                    page,
                    Surface.NETWORK_JSON,
                    api,
                    Location(path, detail=f"{path}#{index}"),
                    value,
                    data_class.split(".")[0],
                    records=(record,),
                )
            )
            detections.append((Detection(data_class, 0.9, "benchmark"),))
    return exposures, detections, visible, characters


def _class_of(value: str) -> str:
    if "@" in value:
        return "email"
    if value.startswith("+"):
        return "phone"
    return "person_name"


def finding_rows(findings: list[Finding]) -> list[str]:
    return sorted(
        f"{f.rule}|{f.fingerprint}|{f.severity}|{f.rendered}|{f.occurrences}" for f in findings
    )


def run(pages: int, per_page: int, repeat: int, rows: Path | None) -> dict[str, object]:
    seconds: list[float] = []
    findings: list[Finding] = []
    exposures: list[Exposure] = []
    characters = 0
    for _ in range(repeat):
        # A fresh input each run: the visible text may cache what it has answered.
        exposures, detections, visible, characters = site(pages, per_page)
        judge = Judge(JudgeInput(entitlements={}, visible=visible), Redactor(b"benchmark-key"))
        with paused_gc():
            started = time.process_time()
            findings = judge.judge(exposures, detections)
            seconds.append(time.process_time() - started)
    median = statistics.median(seconds)
    hidden = pages * per_page
    lines = finding_rows(findings)
    if rows is not None:
        (rows / f"findings-{pages}.txt").write_text("".join(f"{line}\n" for line in lines))
    return {
        "pages": pages,
        "hidden": hidden,
        "exposures": len(exposures),
        "text_kb": characters / 1000,
        "findings": len(findings),
        "lc104": sum(f.rule == "LC104" for f in findings),
        "seconds": median,
        "ms_per_page": 1000 * median / pages,
        "us_per_value": 1e6 * median / len(exposures),
        "sha": hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("pages", nargs="*", type=int, default=[25, 200])
    parser.add_argument("--values-per-page", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=Path, help="write each size's sorted findings here")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(
        "| pages | hidden values | exposures | visible KB | findings | LC104 | judge s "
        "| ms per page | µs per value | findings SHA-256 |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for pages in args.pages:
        r = run(pages, args.values_per_page, args.repeat, args.rows)
        print(
            f"| {r['pages']} | {r['hidden']:,} | {r['exposures']:,} | {r['text_kb']:,.0f} "
            f"| {r['findings']:,} | {r['lc104']:,} | {r['seconds']:.2f} "
            f"| {r['ms_per_page']:.2f} | {r['us_per_value']:.1f} | {r['sha']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
