"""PDF slips: one slip's server time, bulk slips/s against plain WeasyPrint, peak memory.

Builds its own demo database in a temporary folder (Kota Pekalongan, 8,123 officers) and submits a
synthetic screening for every officer, all of them at risk, so the whole city prints 8,123 slips
(the worst case; a realistic 5.8% share would print about 480). Then:

- one slip through the Flask test client (`/kpu/rujukan/<number>/surat.pdf`), median of 15;
- baseline: plain WeasyPrint rendering the same slip HTML, one document per slip, in a single loop
  (a sample of slips across the city, timed in this run);
- a small print: 15 slips through `printing.render_parts` (what `flask slips print` and the KPU
  print page run), with the default settings (one process below PDF_POOL_MIN) and with the worker
  pool forced, to show what the pool would cost a small print;
- bulk: `flask slips print --out …` for the whole city in a subprocess, slips per second, with the
  resident memory of its whole process tree (the command and its workers) sampled every 0.1 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path

from weasyprint import HTML

from screening.cli.demo import DEMO_PASSWORD
from screening.printing import bulk as printing
from screening.printing.pdf import fetcher, render_html, static_base
from screening.store import printing as print_store
from screening.web.app import create_app
from screening.web.database import get_db

BASELINE_SLIPS = 60
SMALL_PRINT = 15
ROOT = Path(__file__).resolve().parent.parent


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of `pid` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        ppid = int(fields["PPid"])
        children.setdefault(ppid, []).append(int(entry.name))
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def _build(tmp: Path) -> dict:
    config = {
        "DATABASE": str(tmp / "bench.db"),
        "SECRET_KEY": "bench",
        "ACCESS_KEY": "bench-access",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "STAFF_TOTP": "optional",  # the demo's KPU account signs in as in `make run`
    }
    app = create_app(config)
    runner = app.test_cli_runner()
    for args in (
        ["db", "upgrade"],
        ["demo", "load"],
        ["demo", "screenings", "--share", "1", "--everyone"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    return {"app": app, "config": config}


def _one_slip(app) -> float:
    client = app.test_client()
    response = client.post("/staf/masuk", data={"username": "kpu", "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.text
    times = []
    for n in range(1, 16):
        start = time.perf_counter()
        response = client.get(f"/kpu/rujukan/RJ-{n * 97:05d}/surat.pdf")
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
        assert response.data.startswith(b"%PDF")
    return statistics.median(times) * 1000


def _baseline(app) -> float:
    """Slips per second, plain WeasyPrint, one document per slip, one loop, one core."""
    with app.app_context():
        rows = list(print_store.slip_rows(get_db()))
        step = max(len(rows) // BASELINE_SLIPS, 1)
        sample = rows[::step][:BASELINE_SLIPS]
        htmls = [render_html(printing.SLIP_TEMPLATE, **printing.slip_document([r])) for r in sample]

        def plain(html):
            # WeasyPrint as documented, one document per slip (only our fetcher, for the fonts).
            return HTML(string=html, base_url=static_base(), url_fetcher=fetcher()).write_pdf()

        plain(htmls[0])  # warm-up: imports, caches
        start = time.perf_counter()
        for html in htmls:
            plain(html)
        return len(htmls) / (time.perf_counter() - start)


def _small_print(config: dict, tmp: Path, count: int = SMALL_PRINT) -> dict:
    """Seconds to print `count` slips as one PDF: default settings, then the pool forced."""

    def timed(overrides: dict) -> float:
        app = create_app({**config, **overrides})
        with app.app_context():
            rows = list(islice(print_store.slip_rows(get_db()), count))
            size = printing.chunk_size(count)
            chunks = (
                (printing.slip_document(rows[i : i + size]), len(rows[i : i + size]))
                for i in range(0, count, size)
            )
            start = time.perf_counter()
            printing.render_parts(printing.SLIP_TEMPLATE, chunks, tmp / "small.pdf", total=count)
            return time.perf_counter() - start

    timed({})  # warm-up: imports, fonts
    return {
        "one_process_s": timed({}),
        "pool_s": timed({"PDF_POOL_MIN": 0, "PDF_WORKERS": max(os.cpu_count() or 1, 2)}),
    }


def _bulk(config: dict, out: Path) -> dict:
    env = {
        **os.environ,
        "SKRINING_DATABASE": config["DATABASE"],
        "SKRINING_SECRET_KEY": config["SECRET_KEY"],
        "SKRINING_ACCESS_KEY": config["ACCESS_KEY"],
    }
    flask = str(Path(sys.executable).with_name("flask"))
    command = [flask, "--app", "app", "slips", "print", "--out", str(out)]
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    assert code == 0, code
    return {"seconds": seconds, "peak_rss_mb": peak / 2**20}


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        built = _build(Path(tmp))
        app = built["app"]
        with app.app_context():
            slips = print_store.count_slips(get_db())
        one_slip_ms = _one_slip(app)
        baseline = _baseline(app)
        small = _small_print(built["config"], Path(tmp))
        out = Path(tmp) / "kota.pdf"
        bulk = _bulk(built["config"], out)
        rate = slips / bulk["seconds"]
        return {
            "slips": slips,
            "one_slip_median_ms": round(one_slip_ms, 1),
            "small_print_slips": SMALL_PRINT,
            "small_print_seconds": round(small["one_process_s"], 1),
            "small_print_seconds_with_pool_forced": round(small["pool_s"], 1),
            "baseline_weasyprint_slips_per_s": round(baseline, 2),
            "bulk_slips_per_s": round(rate, 2),
            "bulk_ratio": round(rate / baseline, 2),
            "bulk_seconds": round(bulk["seconds"], 1),
            "bulk_peak_rss_mb": round(bulk["peak_rss_mb"], 1),
            "pdf_mb": round(out.stat().st_size / 2**20, 1),
            "cores": os.cpu_count(),
        }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
