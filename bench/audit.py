"""`python -m bench.audit` (or `make audit`): Lighthouse 12 on the app's first page.

Starts the app as production does (gunicorn, a fresh SQLite database), runs Lighthouse's
default mobile audit (simulated slow 4G, 4× CPU slowdown) on Debian's Chromium against `/`
for a signed-out visitor, prints each category's score and fails if any is under 0.95
(issue 10). Lighthouse 12.2.3 comes from the repository's package.json (`npm ci`).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
THRESHOLD = 0.95
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def lighthouse(url, report_path):
    """Run Lighthouse once; return {category: score} and the report's main metrics."""
    env = os.environ | {"CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report_path}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    subprocess.run(command, check=True, env=env, timeout=300)
    report = json.loads(Path(report_path).read_text())
    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    metrics = {
        key: report["audits"][key]["displayValue"]
        for key in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
        if key in report["audits"]
    }
    failed = {name: [audit_id for audit_id in _failed_audits(report, name)] for name in CATEGORIES}
    return scores, metrics, failed, report["lighthouseVersion"]


def _failed_audits(report, category):
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
            yield f"{ref['id']} ({audit['score']})"


def main():
    from .live import LiveServer
    from .run import SECRET, local_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="audit this running app instead of starting one")
    parser.add_argument("--report", help="keep Lighthouse's JSON report at this path")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make audit` (it runs `npm ci` first).")
    with tempfile.TemporaryDirectory() as tmp:
        report_path = args.report or f"{tmp}/lighthouse.json"
        if args.url:
            result = lighthouse(args.url, report_path)
        else:
            database_url = f"sqlite:///{tmp}/audit.db"
            local_app(database_url, "http://localhost")  # migrates the new database
            with LiveServer(database_url, tmp, SECRET) as server:
                result = lighthouse(server.origin + "/", report_path)
    scores, metrics, failed, version = result
    print(f"Lighthouse {version}, mobile, first page signed out:")
    for name, score in scores.items():
        print(
            f"  {name:<15} {score:.2f}{'' if score >= THRESHOLD else '  (under 0.95)'}"
            + (f"  below 1: {', '.join(failed[name])}" if failed[name] else "")
        )
    print("  " + ", ".join(f"{key} {value}" for key, value in metrics.items()))
    if any(score is None or score < THRESHOLD for score in scores.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
