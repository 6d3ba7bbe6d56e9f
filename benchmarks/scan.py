"""Wall time of a full estate scan next to a bare Playwright script visiting the same pages.

    python benchmarks/scan.py [--seed N] [--repeat R] [--page-jobs 1,4]

The bare script logs each role in through the form and opens its pages, waiting for the same
ready selector, and does nothing else: the ratio is leakcheck's overhead (capture, snapshots,
follow-up fetches, extraction, detection, judging). Both run against one estate site in one run.
leakcheck runs with 1 and 3 roles at a time (``--jobs``), each with every ``--page-jobs`` value
(pages of a role loading at the same time).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from leakcheck.capture.browser import launch_options
from leakcheck.demo import EstateSite
from leakcheck.pipeline import ScanOptions, scan
from leakcheck.profile import load_profile
from leakcheck.redact import Redactor

PROFILE = Path(__file__).resolve().parents[1] / "profiles" / "estate.yaml"


def bare(site: EstateSite, profile_env: dict[str, str]) -> float:
    """Log in and visit every role's pages with plain Playwright; return seconds."""
    profile = load_profile(PROFILE, env=profile_env)
    started = time.perf_counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        for role in profile.roles.values():
            context = browser.new_context()
            page = context.new_page()
            form = role.login.form  # type: ignore[union-attr]
            assert form is not None
            page.goto(site.url + form.url)
            page.locator("input[autocomplete=username]").press_sequentially(form.username)
            page.locator("input[type=password]").press_sequentially(form.password)
            page.locator("button[type=submit]").click()
            page.locator("a#logout").wait_for(state="attached")
            for spec in role.pages:
                page.goto(site.url + spec.url, wait_until="load")
                page.wait_for_load_state("networkidle")
                if spec.ready:
                    page.locator(spec.ready).first.wait_for(state="attached")
            context.close()
        browser.close()
    return time.perf_counter() - started


def leakcheck(profile_env: dict[str, str], jobs: int, page_jobs: int) -> tuple[float, int]:
    profile = load_profile(PROFILE, env=profile_env)
    started = time.perf_counter()
    options = ScanOptions(jobs=jobs, page_jobs=page_jobs, quiet=True)
    result = scan(profile, Redactor(b"benchmark"), options, PROFILE)
    return time.perf_counter() - started, len(result.findings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--page-jobs", default="1,4", help="comma-separated pages of a role at a time to compare"
    )
    args = parser.parse_args()
    settings = [
        (jobs, int(pages)) for jobs in (1, 3) for pages in args.page_jobs.split(",") if pages
    ]
    names = [f"jobs={jobs} page-jobs={pages}" for jobs, pages in settings]
    with EstateSite(mode="vulnerable", seed=args.seed) as site:
        env = {**os.environ, **site.credentials_env()}
        bare(site, env)  # warm-up: Chromium's first start reads its files from disk
        runs: dict[str, list[float]] = {name: [] for name in ["bare", *names]}
        findings: set[int] = set()
        for _ in range(args.repeat):
            runs["bare"].append(bare(site, env))
            for name, (jobs, pages) in zip(names, settings, strict=True):
                seconds, found = leakcheck(env, jobs, pages)
                runs[name].append(seconds)
                findings.add(found)
    base = statistics.median(runs["bare"])
    print(f"estate site, 5 roles x 2 pages, seed {args.seed}, median of {args.repeat} runs")
    print(f"{'run':<34}{'seconds':>9}{'ratio':>8}")
    print(f"{'bare Playwright':<34}{base:>9.2f}{1.0:>8.2f}")
    for name in names:
        median = statistics.median(runs[name])
        print(f"{'leakcheck ' + name:<34}{median:>9.2f}{median / base:>8.2f}")
    print(f"findings per leakcheck run: {', '.join(map(str, sorted(findings)))}")


if __name__ == "__main__":
    main()
