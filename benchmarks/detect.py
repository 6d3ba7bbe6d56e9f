"""Throughput of parse + extract + detect on GraphQL payloads, beside Presidio's AnalyzerEngine.

Usage: python benchmarks/detect.py [RECORDS ...]      (default: 1000 10000 100000)
       python benchmarks/detect.py --no-presidio 100000
       python benchmarks/detect.py --profile 10000     (cProfile of the detect stage, top 30)

For each size it generates one GraphQL response of that many bid records (a realistic mix:
ids, amounts, timestamps, statuses, URLs, a bidder with name, e-mail, phone, address and, for
some, a CPR; documents; a free-text note for some; nearly every value unique), then prints the
bytes, the seconds for ``extract_network`` (parse + walk) and ``Detector.detect`` together and
each alone, MB/s, exposures and detections (at the default threshold); sets larger
than 10,000 records come as pages of 10,000 (one response each). Presidio's
``AnalyzerEngine.analyze`` on the raw response text is timed where it finishes within its cap
(one child process per size, killed at the cap), so the ratio comes from one run. Everything is
pinned to one core (``os.sched_setaffinity(0, {0})``); times are CPU seconds of this process.
Data is generated here (seeded), never read from fixtures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import string
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from leakcheck.detect import Detector
from leakcheck.extract.network import extract_network
from leakcheck.gcpause import paused_gc
from leakcheck.models import Artifact, ArtifactKind

FIRST = (
    "Jens Mette Lars Anne Søren Camilla Niels Ida Peter Sofie Mikkel Emma Anders Freja Karin "
    "Lena Johan Astrid Erik Ingrid Olav Sigrid Mikko Aino Juha Helmi James Mary Robert Linda"
).split()
LAST = (
    "Hansen Jensen Nielsen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Holm "
    "Johansson Lindqvist Berg Nilsson Solberg Haugen Virtanen Korhonen Mäkinen Smith Brown"
).split()
STREETS = (
    "Vesterbrogade Nørregade Strandvejen Kongevejen Drottninggatan Storgata Mannerheimintie "
    "Algade Søndergade Parkvej Skolevej Kirkevej Birkevej Engvej"
).split()
CITIES = "København Aarhus Odense Aalborg Roskilde Stockholm Oslo Helsinki Vejle Esbjerg".split()
WORDS = (
    "kunden ønsker fremvisning igen efter kl og har spurgt til finansiering banken vil gerne se "
    "budget sælger er fleksibel på overtagelse mangler energimærke tilstandsrapport ejendommen "
    "har nyt tag køkken badeværelse fra renoveret vinduer skiftet haven vender mod syd"
).split()
STATUSES = ("ACTIVE", "WITHDRAWN", "ACCEPTED", "REJECTED", "EXPIRED")
DOC_TITLES = ("Købsaftale", "Tilstandsrapport", "Salgsopstilling", "Budgetforslag", "Energimærke")
QUERY = """query CaseBids($id: ID!) { case(id: $id) { id title address { street postalCode city }
  bids { id amount currency status createdAt updatedAt conditions isWinning
    bidder { id name email phone cpr avatarUrl address { street postalCode city } }
    documents { id title url sizeBytes } note } } }"""


def _cpr(rng: random.Random) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(25_000))
    d7 = rng.choice("0123") if born.year < 2000 else "4"
    return f"{born:%d%m%y}-{d7}{rng.randrange(1000):03d}"


def _phone(rng: random.Random) -> str:
    a, b, c, d = (rng.randrange(10, 99) for _ in range(4))
    first = rng.choice((2, 3, 4, 5, 6, 7, 9))
    return rng.choice(
        (
            f"+45 {first}{a % 10} {b} {c} {d}",
            f"{first}{a % 10}{b}{c}{d}",
            f"+46 70 {rng.randrange(100, 999)} {b} {c}",
            f"+47 {rng.randrange(400, 999)} {b} {rng.randrange(100, 999)}",
        )
    )


def _ts(rng: random.Random) -> str:
    moment = datetime(2024, 1, 1) + timedelta(seconds=rng.randrange(40_000_000))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z"


def record(rng: random.Random) -> dict[str, Any]:
    """One bid as a GraphQL API would return it (nearly every value unique)."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    local = f"{first}.{last}{rng.randrange(1000)}".lower()
    local = local.translate(str.maketrans("øæåäö", "oeaao"))
    person_id = str(uuid.UUID(int=rng.getrandbits(128)))
    bid: dict[str, Any] = {
        "__typename": "Bid",
        "id": str(uuid.UUID(int=rng.getrandbits(128))),
        "amount": rng.randrange(1_000_000, 20_000_000, 5_000),
        "currency": "DKK",
        "status": rng.choice(STATUSES),
        "createdAt": _ts(rng),
        "updatedAt": _ts(rng),
        "conditions": rng.choice((None, "Forbehold for finansiering", "Forbehold for salg")),
        "isWinning": rng.random() < 0.1,
        "bidder": {
            "__typename": "Person",
            "id": person_id,
            "name": f"{first} {last}",
            "email": f"{local}@{rng.choice(('gmail.com', 'outlook.dk', 'firma.dk', 'mail.se'))}",
            "phone": _phone(rng),
            "cpr": _cpr(rng) if rng.random() < 0.3 else None,
            "avatarUrl": f"https://cdn.estate.example/avatars/{person_id}.png?v={rng.randrange(99)}",
            "address": {
                "__typename": "Address",
                "street": f"{rng.choice(STREETS)} {rng.randrange(1, 200)}",
                "postalCode": str(rng.randrange(1000, 9999)),
                "city": rng.choice(CITIES),
            },
        },
        "documents": [
            {
                "__typename": "Document",
                "id": (doc := "".join(rng.choices(string.hexdigits.lower(), k=24))),
                "title": f"{rng.choice(DOC_TITLES)} {rng.randrange(1, 9999)}.pdf",
                "url": f"https://cdn.estate.example/docs/{doc}.pdf",
                "sizeBytes": rng.randrange(10_000, 5_000_000),
            }
            for _ in range(rng.randrange(0, 3))
        ],
        "note": (
            " ".join(rng.choice(WORDS) for _ in range(rng.randrange(6, 24))).capitalize() + "."
            if rng.random() < 0.4
            else None
        ),
    }
    return bid


PAGE = 10_000
"""Records per response: a client pages through larger sets (and one 86 MB response would be
over the extract stage's 50 MB body limit)."""


def payloads(n: int, seed: int = 11) -> list[str]:
    """Return the JSON texts of the GraphQL responses holding ``n`` bids (pages of ``PAGE``)."""
    rng = random.Random(seed)
    out = []
    for first in range(0, n, PAGE):
        case = {
            "__typename": "Case",
            "id": "case-4411",
            "title": "Villa med udsigt",
            "address": {
                "__typename": "Address",
                "street": "Bakkevej 3",
                "postalCode": "8000",
                "city": "Aarhus",
            },
            "bids": [record(rng) for _ in range(min(PAGE, n - first))],
        }
        out.append(json.dumps({"data": {"case": case}}, ensure_ascii=False, separators=(",", ":")))
    return out


def artifact(body: str) -> Artifact:
    return Artifact(
        role="buyer",
        page="https://estate.example/case/4411",
        kind=ArtifactKind.RESPONSE,
        url="https://estate.example/graphql",
        content_type="application/json",
        body=body,
        status=200,
        request_body=json.dumps({"query": QUERY, "operationName": "CaseBids"}),
        method="POST",
    )


def ours(bodies: list[str]) -> tuple[float, float, int, int]:
    """Return CPU seconds for extract and detect, exposures and detections."""
    detector = Detector(canaries=["kanarie.fugl@estate-canary.test"])
    with paused_gc():  # as leakcheck.pipeline.analyze runs the stages
        t0 = time.process_time()
        exposures = []
        for body in bodies:
            page, skips = extract_network(artifact(body))
            assert not skips, skips
            exposures.extend(page)
        t1 = time.process_time()
        found = detector.detect(exposures)
        t2 = time.process_time()
    return t1 - t0, t2 - t1, len(exposures), sum(len(f) for f in found)


def presidio_engine() -> Any:
    """Build an AnalyzerEngine offline: a blank spaCy pipeline, the bundled suffix list."""
    import spacy
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tldextract.extract = offline  # Presidio's e-mail validation calls the module function

    class BlankSpacy(SpacyNlpEngine):  # type: ignore[misc]
        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}

    engine = BlankSpacy(models=[{"lang_code": "en", "model_name": "blank"}])
    engine.load()
    return AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])


def _presidio_child(body: str, queue: Any) -> None:
    os.sched_setaffinity(0, {0})
    engine = presidio_engine()
    engine.analyze("warm up jens@firma.dk +45 41 22 33 44", language="en")
    t0 = time.process_time()
    results = engine.analyze(body, language="en")
    queue.put((time.process_time() - t0, len(results)))


def presidio(body: str, cap: float) -> tuple[float, int] | None:
    """Return Presidio's CPU seconds and result count, or None past ``cap`` seconds."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_presidio_child, args=(body, queue))
    child.start()
    child.join(cap + 15)  # engine set-up is outside the timing
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return queue.get() if not queue.empty() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("records", nargs="*", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--no-presidio", action="store_true")
    parser.add_argument("--presidio-max-records", type=int, default=1_000)
    parser.add_argument("--presidio-cap", type=float, default=120.0)
    parser.add_argument("--profile", action="store_true", help="profile detect for the sizes")
    args = parser.parse_args()
    os.sched_setaffinity(0, {0})
    Detector().detect([])  # import-time work outside the timings
    ours(payloads(20))  # first use of phonenumbers and the suffix list too
    warm = json.dumps({"data": {"note": "PESEL 44051401359, tlf +45 41 22 33 44, a@firma.dk"}})
    Detector().detect(extract_network(artifact(warm))[0])  # Presidio's first use
    if args.profile:
        import cProfile
        import pstats

        for n in args.records:
            exposures = [e for b in payloads(n) for e in extract_network(artifact(b))[0]]
            detector = Detector()
            cProfile.runctx("detector.detect(exposures)", globals(), locals(), "/tmp/detect.prof")
            pstats.Stats("/tmp/detect.prof").sort_stats("tottime").print_stats(30)
        return
    print(f"python {sys.version.split()[0]}, one core (affinity {sorted(os.sched_getaffinity(0))})")
    header = (
        f"{'records':>8} {'bytes':>12} {'exposures':>10} {'extract s':>9} {'detect s':>9} "
        f"{'total s':>8} {'MB/s':>6} {'detect MB/s':>11} {'detections':>10} | "
        f"{'presidio s':>10} {'MB/s':>6} {'results':>8} {'ratio':>6}"
    )
    print(header)
    for n in args.records:
        bodies = payloads(n)
        size = sum(len(b.encode()) for b in bodies)
        extract_s, detect_s, exposures, detections = ours(bodies)
        total = extract_s + detect_s
        line = (
            f"{n:>8,} {size:>12,} {exposures:>10,} {extract_s:>9.2f} {detect_s:>9.2f} "
            f"{total:>8.2f} {size / 1e6 / total:>6.1f} {size / 1e6 / detect_s:>11.1f} "
            f"{detections:>10,} | "
        )
        if args.no_presidio or n > args.presidio_max_records:
            line += f"{'not run':>10}"
        else:
            measured = presidio("\n".join(bodies), args.presidio_cap)
            if measured is None:
                line += f"{'> cap':>10} (capped at {args.presidio_cap:.0f} s)"
            else:
                p_s, p_results = measured
                line += (
                    f"{p_s:>10.2f} {size / 1e6 / p_s:>6.2f} {p_results:>8,} {p_s / total:>5.0f}x"
                )
        print(line, flush=True)


if __name__ == "__main__":
    main()
