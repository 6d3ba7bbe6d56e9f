"""Detections on real web content that holds (almost) no personal data: a false-positive watch.

Usage: python benchmarks/realworld.py [--dom] [--scale K] [--show CLASS] [DIR ...]

Takes a seeded sample of the HTML, JavaScript and JSON files under the given directories
(default: the documentation and packages on this project's machine: rustdoc pages and search
JS, npm's modules, the Google Cloud SDK, /usr/share/javascript), runs each file through
``leakcheck.extract.extract`` as a response a page received (``--dom``: HTML also as a DOM
snapshot, so its visible text is judged as in a live scan) and ``Detector.detect``, and prints
the detections per data class and per group of files. Documentation does carry some real
personal data (package authors' e-mail addresses, credited names, example IPs), so the counts
are read, not asserted: a class that grows after a change is where to look (``--show CLASS``
prints its locations and files, never more of a value than the detected span). The sample and
the counts of the last measurement are in the README's Performance section.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import time
from pathlib import Path

from leakcheck.detect import Detector
from leakcheck.extract import extract
from leakcheck.models import Artifact, ArtifactKind
from leakcheck.scope import Scope

DEFAULT_DIRS = (
    "/root/.rustup/toolchains",
    "/usr/lib/node_modules/npm/node_modules",
    "/usr/lib/google-cloud-sdk",
    "/usr/share/javascript",
)
TYPES = {".html": "text/html", ".js": "application/javascript", ".json": "application/json"}
PER_GROUP = {".html": 300, ".js": 150, ".json": 120}
"""Files sampled per directory and kind, times ``--scale``."""
MAX_BYTES = 3_000_000
PAGE = "https://site.example/"


def sample(dirs: list[str], scale: int, seed: int) -> list[tuple[str, Path, str]]:
    """Return ``(group, file, content type)`` for a seeded sample of each directory's files."""
    rng = random.Random(seed)
    out: list[tuple[str, Path, str]] = []
    for root in dirs:
        by_kind: dict[str, list[Path]] = collections.defaultdict(list)
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                path = Path(dirpath, name)
                if path.suffix in TYPES and 0 < path.stat().st_size <= MAX_BYTES:
                    by_kind[path.suffix].append(path)
        for suffix, paths in sorted(by_kind.items()):
            paths.sort()
            chosen = rng.sample(paths, min(len(paths), PER_GROUP[suffix] * scale))
            group = f"{Path(root).name}{suffix}"
            out.extend((group, p, TYPES[suffix]) for p in sorted(chosen))
    return out


def artifacts_of(path: Path, root_url: str, content_type: str, dom: bool) -> list[Artifact]:
    body = path.read_text(encoding="utf-8", errors="replace")
    url = root_url + path.name
    found = [Artifact("visitor", PAGE, ArtifactKind.RESPONSE, url, content_type, body, status=200)]
    if dom and content_type == "text/html":
        found.append(Artifact("visitor", PAGE, ArtifactKind.DOM_SNAPSHOT, None, "text/html", body))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("dirs", nargs="*", default=[d for d in DEFAULT_DIRS if Path(d).is_dir()])
    parser.add_argument("--dom", action="store_true", help="HTML also as DOM snapshots")
    parser.add_argument("--scale", type=int, default=4, help="sample size multiplier")
    parser.add_argument("--seed", type=int, default=20241122)
    parser.add_argument("--show", help="print the locations of this class's detections")
    args = parser.parse_args()
    files = sample(args.dirs, args.scale, args.seed)
    per_group = collections.Counter(group for group, _, _ in files)
    print(f"{len(files):,} files: " + ", ".join(f"{g} {n}" for g, n in sorted(per_group.items())))
    detector = Detector()
    by_class: collections.Counter[str] = collections.Counter()
    by_group: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    shown: list[tuple[str, str, str]] = []
    exposures_total = 0
    started = time.perf_counter()
    for group, path, content_type in files:
        extraction = extract(artifacts_of(path, PAGE, content_type, args.dom), Scope.of([PAGE]))
        exposures_total += len(extraction.exposures)
        for exposure, detections in zip(
            extraction.exposures, detector.detect(extraction.exposures), strict=True
        ):
            for d in detections:
                by_class[d.data_class] += 1
                by_group[group][d.data_class] += 1
                if d.data_class == args.show:
                    shown.append((str(path), exposure.location.path, d.span(exposure.value)))
    elapsed = time.perf_counter() - started
    print(f"{exposures_total:,} exposures, {sum(by_class.values()):,} detections, {elapsed:.1f} s")
    print(f"{'class':<28} {'detections':>10}")
    for data_class, n in by_class.most_common():
        print(f"{data_class:<28} {n:>10}")
    print("per group:")
    for group, counts in sorted(by_group.items()):
        print(f"  {group:<24} " + ", ".join(f"{c} {n}" for c, n in counts.most_common()))
    for file, location, span in shown:
        print(f"{args.show}: {span[:60]!r} at {location} in {file}")


if __name__ == "__main__":
    main()
