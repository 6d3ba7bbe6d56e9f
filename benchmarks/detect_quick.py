"""Print detect-stage throughput for generated payload exposures and long texts.

Usage: python benchmarks/detect_quick.py [N_EXPOSURES ...]
Figures only; nothing is asserted. Data is generated (seeded), never read from fixtures.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

from leakcheck.detect import Detector
from leakcheck.models import Exposure, Location, Record, Surface

FIRST = "Jens Mette Lars Anne Søren Camilla Niels Ida Peter Sofie Mikkel Emma Anders Freja".split()
LAST = "Hansen Jensen Nielsen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Holm".split()
WORDS = (
    "kunden ønsker fremvisning igen efter kl og har spurgt til finansiering banken vil "
    "gerne se budget sælger er fleksibel på overtagelse mangler energimærke"
).split()
FIELDS = ("id", "name", "email", "phone", "amount", "createdAt", "cpr", "note", "status", "url")


def cpr(rng: random.Random) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(25000))
    d7 = rng.choice("0123") if born.year < 2000 else "4"
    return f"{born:%d%m%y}-{d7}{rng.randrange(1000):03d}"


def record(rng: random.Random, i: int) -> dict[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {
        "id": f"{rng.getrandbits(128):032x}",
        "name": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower()}{rng.randrange(100)}@example.dk".replace("ø", "o"),
        "phone": f"+45 {rng.randrange(20, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} "
        f"{rng.randrange(10, 99)}",
        "amount": str(rng.randrange(1_000_000, 20_000_000, 5000)),
        "createdAt": f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        f"T10:{i % 60:02d}:00Z",
        "cpr": cpr(rng),
        "note": " ".join(rng.choice(WORDS) for _ in range(rng.randrange(4, 14))).capitalize(),
        "status": rng.choice(("ACTIVE", "WITHDRAWN", "ACCEPTED")),
        "url": f"https://estate.example/case/{i}",
    }


def exposures(n: int, seed: int = 7) -> list[Exposure]:
    rng = random.Random(seed)
    out: list[Exposure] = []
    i = 0
    while len(out) < n:
        values = record(rng, i)
        rec = Record("$.data.case.bids[*].bidder", "Person", values)
        for key in FIELDS:
            path = f"$.data.case.bids[*].bidder.{key}"
            out.append(
                Exposure(
                    "buyer",
                    "/case/1",
                    Surface.NETWORK_GRAPHQL,
                    None,
                    Location(path),
                    values[key],
                    key,
                    records=(rec,),
                )
            )
        i += 1
    return out[:n]


def text_blob(size: int, seed: int = 3) -> str:
    """Return dense program text: a name, amount, date, e-mail and phone every ~250 bytes."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        r = record(rng, total)
        chunk = (
            f"function f{total}(e,t){{return e.map(function(n){{return n.id===t}})}};"
            f'var c{total}={{name:"{r["name"]}",amount:{r["amount"]},created:"{r["createdAt"]}"}};'
            f"/* contact {r['email']} tlf {r['phone']} */ "
        )
        parts.append(chunk)
        total += len(chunk)
    return "".join(parts)[:size]


def sparse_bundle(size: int, seed: int = 5) -> str:
    """Return minified-looking program text with a literal worth a look every ~4 KB."""
    rng = random.Random(seed)
    idents = ["e", "t", "n", "r", "o", "i", "a", "s", "u", "c", "l"]
    parts: list[str] = []
    total = 0
    while total < size:
        a, b, c = rng.sample(idents, 3)
        chunk = (
            f"function {a}{total % 97}({b},{c}){{if(!{b})return null;var {a}={b}.length|0;"
            f"for(var i=0;i<{a};i++){{{c}[i]={b}[i]*{rng.randrange(2, 9)}+{rng.randrange(255)}}}"
            f'return {c}.join("-")}};'
        )
        if rng.random() < 0.05:
            r = record(rng, total)
            chunk += rng.choice(
                [
                    f'var cfg={{apiUrl:"https://api.example.dk/v{rng.randrange(1, 4)}",'
                    f"timeout:{rng.randrange(1000, 60000)}}};",
                    f'console.log("created {r["createdAt"]} id {r["id"]}");',
                    f'var support="{r["email"]}";',
                    f"var price={r['amount']};",
                ]
            )
        parts.append(chunk)
        total += len(chunk)
    return "".join(parts)[:size]


def timed(detector: Detector, data: list[Exposure]) -> tuple[float, float, int]:
    """Return wall and CPU seconds for one ``detect`` call, and the number of detections."""
    w0, c0 = time.perf_counter(), time.process_time()
    result = detector.detect(data)
    return time.perf_counter() - w0, time.process_time() - c0, sum(len(r) for r in result)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]
    warm = Detector()
    warm.detect(exposures(50))  # import Presidio once, outside the timings
    print(f"(Presidio import and first use: {time.process_time():.2f} s CPU before timing)")
    for n in sizes:
        data = exposures(n)
        wall, cpu, hits = timed(Detector(canaries=["0101901234"]), data)
        mb = sum(len(e.value) for e in data) / 1e6
        print(
            f"exposures {n:>9,}: wall {wall:6.2f} s  cpu {cpu:6.2f} s  {n / cpu:>8,.0f} exp/s  "
            f"{mb / cpu:5.2f} MB/s  ({hits:,} detections)"
        )
    for label, make in (("dense text", text_blob), ("sparse bundle", sparse_bundle)):
        for size in (1_000_000, 10_000_000):
            blob = make(size)
            exp = Exposure(
                "buyer", "/", Surface.JS_BUNDLE, "https://x/app.js", Location("line 1"), blob
            )
            wall, cpu, hits = timed(Detector(), [exp])
            print(
                f"{label:13s} {size / 1e6:>3.0f} MB: wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                f"{size / 1e6 / cpu:5.2f} MB/s  ({hits:,} detections)"
            )


if __name__ == "__main__":
    main()
