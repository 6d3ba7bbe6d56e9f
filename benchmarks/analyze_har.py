"""`leakcheck analyze` on a HAR holding one large GraphQL response: does it scale like detect?

Usage: python benchmarks/analyze_har.py [RECORDS ...]     (default: 1000 10000 50000)
       python benchmarks/analyze_har.py --keep DIR 10000   (also keep the HAR files)

For each size it writes a HAR as a browser's developer tools export it (one page, one POST to
``/graphql`` whose response holds that many bid records from ``benchmarks/detect.py``'s
generator, as a single response), then times two things on one core:

* ``analyze_har`` in this process (load the HAR, extract, detect, judge) as a buyer whose
  profile entitles it to the case and its own person only (``PROFILE``), so the judge has real
  work: CPU seconds, MB/s of the response bytes, findings; beside it the detect benchmark's
  stages on the same body (parse + extract + detect: no HAR, no judge);
* the command a user types, ``leakcheck analyze FILE.har --format json --output OUT``, as a
  child process: wall seconds including start-up and writing the report.

The last column is seconds per 1,000 records: flat means linear. 100,000 records in one
response would be 86 MB, over the extract stage's 50 MB body limit (the response would be a
recorded skip), so the largest default size is 50,000 (43 MB). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from detect import QUERY, ours, payloads  # noqa: E402

from leakcheck.pipeline import analyze_har  # noqa: E402
from leakcheck.profile import load_profile  # noqa: E402
from leakcheck.redact import Redactor  # noqa: E402

ORIGIN = "https://estate.example"
PROFILE = f"""version: 1
name: analyze-benchmark
target: {{url: "{ORIGIN}"}}
roles:
  buyer:
    attributes: {{id: 00000000-0000-4000-8000-000000000001}}
    pages: [{{url: /case/4411}}]
    entitlements:
      allow:
        - {{field: "Case.*", reason: public case facts}}
        - {{location: "$.data.case.address.*", reason: the property's address}}
      rows:
        - {{type: Person, where: {{id: me.id}}}}
      deny:
        - {{field: Bid.note, data_class: free_text.note, reason: the agent's notes on bids}}
"""
"""A buyer entitled to the case and its own person only: every other bidder is a finding."""


def devtools_har(body: str) -> dict[str, Any]:
    """Return a HAR as Chrome's developer tools export it: no leakcheck snapshots."""
    request_body = json.dumps({"operationName": "CaseBids", "query": QUERY, "variables": {}})
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [
                {
                    "id": "page_1",
                    "title": f"{ORIGIN}/case/4411",
                    "startedDateTime": "2026-11-22T09:00:00.000Z",
                    "pageTimings": {},
                }
            ],
            "entries": [
                {
                    "pageref": "page_1",
                    "startedDateTime": "2026-11-22T09:00:01.000Z",
                    "time": 120,
                    "request": {
                        "method": "POST",
                        "url": f"{ORIGIN}/graphql",
                        "httpVersion": "HTTP/2",
                        "headers": [{"name": "content-type", "value": "application/json"}],
                        "queryString": [],
                        "cookies": [],
                        "headersSize": -1,
                        "bodySize": len(request_body),
                        "postData": {"mimeType": "application/json", "text": request_body},
                    },
                    "response": {
                        "status": 200,
                        "statusText": "OK",
                        "httpVersion": "HTTP/2",
                        "headers": [{"name": "content-type", "value": "application/json"}],
                        "cookies": [],
                        "content": {
                            "size": len(body.encode()),
                            "mimeType": "application/json",
                            "text": body,
                        },
                        "redirectURL": "",
                        "headersSize": -1,
                        "bodySize": len(body.encode()),
                    },
                    "cache": {},
                    "timings": {"send": 0, "wait": 100, "receive": 20},
                }
            ],
        }
    }


def one_response(n: int) -> str:
    """Return one GraphQL response of ``n`` bids (``payloads`` pages them; merge the pages)."""
    pages = [json.loads(p) for p in payloads(n)]
    merged = pages[0]
    for page in pages[1:]:
        merged["data"]["case"]["bids"].extend(page["data"]["case"]["bids"])
    return json.dumps(merged, ensure_ascii=False, separators=(",", ":"))


def in_process(har: Path, profile: Path) -> tuple[float, int, list[str]]:
    """Return CPU seconds, findings and skips of ``analyze_har`` on ``har`` as the buyer."""
    t0 = time.process_time()
    result = analyze_har(har, Redactor(b"benchmark-key"), load_profile(profile), "buyer", profile)
    seconds = time.process_time() - t0
    return seconds, len(result.findings), [s.reason for s in result.skips]


def command(har: Path, profile: Path, out: Path) -> tuple[float, int]:
    """Return wall seconds and exit code of ``leakcheck analyze`` as a user runs it."""
    cmd = [sys.executable, "-m", "leakcheck", "analyze", str(har), "--profile", str(profile)]
    cmd += ["--role", "buyer", "--format", "json", "--output", str(out)]
    env = {**os.environ, "LEAKCHECK_KEY": "benchmark-key"}
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, check=False)
    seconds = time.perf_counter() - t0
    if done.returncode not in (0, 1):
        sys.exit(f"leakcheck analyze exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return seconds, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("records", nargs="*", type=int, default=[1_000, 10_000, 50_000])
    parser.add_argument("--keep", type=Path, help="write the HAR files here and keep them")
    args = parser.parse_args()
    os.sched_setaffinity(0, {0})
    print(f"python {sys.version.split()[0]}, one core (affinity {sorted(os.sched_getaffinity(0))})")
    print(
        f"{'records':>8} {'body bytes':>12} | {'analyze s':>9} {'MB/s':>5} {'findings':>8} "
        f"{'s/1k rec':>8} | {'stages s':>8} {'MB/s':>5} | {'command s':>9} {'exit':>4}"
    )
    directory = args.keep or Path(tempfile.mkdtemp(prefix="leakcheck-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    profile = directory / "profile.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    in_process(_write(directory / "warm.har", one_response(50)), profile)  # imports, first uses
    for n in args.records:
        body = one_response(n)
        size = len(body.encode())
        har = _write(directory / f"bids-{n}.har", body)
        seconds, findings, skips = in_process(har, profile)
        if skips:
            print(f"{n:>8,} skipped: {'; '.join(skips)}")
            continue
        extract_s, detect_s, _, _ = ours([body])
        stages = extract_s + detect_s
        wall, code = command(har, profile, directory / f"bids-{n}.json")
        print(
            f"{n:>8,} {size:>12,} | {seconds:>9.2f} {size / 1e6 / seconds:>5.1f} {findings:>8,} "
            f"{seconds / n * 1000:>8.3f} | {stages:>8.2f} {size / 1e6 / stages:>5.1f} | "
            f"{wall:>9.2f} {code:>4}",
            flush=True,
        )
        if not args.keep:
            har.unlink()
            (directory / f"bids-{n}.json").unlink(missing_ok=True)


def _write(path: Path, body: str) -> Path:
    path.write_text(json.dumps(devtools_har(body), ensure_ascii=False), encoding="utf-8")
    return path


if __name__ == "__main__":
    main()
