"""Officer pages on a slow phone: weight, external requests, no-JavaScript use, first paint.

An officer is walked through the real app (live on 127.0.0.1, temporary database) in Debian's
Chromium at 360×800, twice:

1. JavaScript off, cache off: sign-in, consent, every step, review and result are reached by
   pressing the buttons (so the journey is usable without JavaScript). On each page the browser's
   own request log gives the bytes it needed: every response of the page load (HTML, CSS, any
   script, font or image) is gzipped as a proxy would send it, and its headers added. Every
   request must go to 127.0.0.1 (data: URIs stay in the page).
2. JavaScript on, cache off, network throttled through CDP to 400 kbit/s down and up with
   400 ms round trip: each page is loaded afresh and its first contentful paint read from
   performance.getEntriesByType('paint').

Targets: ≤ 20 KB compressed per page, ≤ 2 s first contentful paint, no external request.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from bench.officers import add_officers, bench_app, one_officer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
PHONE = {"width": 360, "height": 800}
WEIGHT_TARGET = 20 * 1024
FCP_TARGET_MS = 2000
# 400 kbit/s in bytes per second; the round trip is added by Chromium to every request.
SLOW_NETWORK = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
# Level 1 is nginx's default gzip_comp_level: the pessimistic figure; 6 is a common setting.
GZIP_LEVELS = (1, 6)

# Answers that show every follow-up question (chest pain, blood pressure, blood sugar) and lead
# to an at-risk result with a referral: the longest pages and the fullest result.
ANSWERS = {
    "berat_kg": "78",
    "tinggi_cm": "165",
    "lingkar_perut_cm": "94",
    "aktif_30_menit": "tidak",
    "sayur_buah": "tidak",
    "merokok": "ya",
    "makan_asin": "sering",
    "dx_hipertensi": "tidak",
    "obat_hipertensi": "tidak",
    "gula_tinggi_pernah": "tidak",
    "dx_diabetes": "tidak",
    "dx_jantung": "tidak",
    "dx_stroke": "tidak",
    "gagal_jantung": "tidak",
    "pembuluh_kaki": "tidak",
    "dx_ginjal": "tidak",
    "protein_urin": "tidak",
    "anemia": "tidak",
    "keluarga_diabetes": "dekat",
    "keluarga_hipertensi": "ya",
    "nyeri_dada": "ya",
    "nyeri_dada_hebat": "tidak",
    "dada_menanjak": "ya",
    "dada_jalan_biasa": "tidak",
    "dada_saat_jalan": "berhenti",
    "dada_reda": "reda_10",
    "dada_lokasi": ["tulang_dada"],
    "td_tahu": "ya",
    "td_sistolik": "150",
    "td_diastolik": "95",
    "gd_tahu": "ya",
    "gd_jenis": "sewaktu",
    "gd_hasil": "150",
    "keluhan_sekarang": ["tidak_ada"],
}


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        """No line per request in the benchmark output."""


def serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def answer_visible(page):
    """Answer what the page shows, as a person would: tap options, type numbers."""
    fields = page.locator("form input[name]").evaluate_all(
        "els => els.map(e => [e.name, e.type, e.value])"
    )
    for name, kind, value in fields:
        wanted = ANSWERS.get(name)
        if wanted is None:
            continue
        if (kind == "radio" and value == wanted) or (kind == "checkbox" and value in wanted):
            page.check(f'input[name="{name}"][value="{value}"]')
        elif kind in ("text", "number"):
            page.fill(f'input[name="{name}"]', wanted)


def press(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def walk(page, base: str, link: str, visit) -> list[str]:
    """Sign-in page, then the officer's journey by pressing buttons; `visit(name)` on each page."""
    page.goto(f"{base}/masuk")
    visit("sign-in")
    page.goto(link)
    assert page.url.endswith("/skrining/persetujuan"), page.url
    visit("consent")
    press(page, "Saya setuju dan mulai skrining")
    names = []
    for _ in range(30):
        path = urlparse(page.url).path
        if not path.startswith("/skrining/langkah/"):
            break
        name = f"step {path.rsplit('/', 1)[1]}"
        if name not in names:
            names.append(name)
            visit(name)
        answer_visible(page)
        press(page, "Simpan dan lanjut")
    assert page.url.endswith("/skrining/periksa"), page.url
    visit("review")
    press(page, "Kirim jawaban")
    assert page.url.endswith("/skrining/hasil"), page.url
    visit("result (berisiko, rujukan)")
    return names


def weigh(browser, base, link) -> dict:
    """Pass 1: JavaScript off. Bytes per page, hosts asked, scripts present."""
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    loaded: list = []
    page.on("response", lambda response: loaded.append(response))
    figures = {}

    def visit(name):
        loaded.clear()
        page.reload(wait_until="load")  # a GET of the page alone, after the redirect that led here
        sizes = dict.fromkeys(GZIP_LEVELS, 0)
        parts = []
        for response in loaded:
            if 300 <= response.status < 400:
                raise AssertionError(f"{name}: {response.url} redirects to {response.headers}")
            body = response.body()
            headers = response.request.sizes()["responseHeadersSize"]
            for level in GZIP_LEVELS:
                sizes[level] += headers + len(gzip.compress(body, compresslevel=level))
            parts.append(urlparse(response.url).path)
        figures[name] = {
            "bytes_gzip1": sizes[1],
            "bytes_gzip6": sizes[6],
            "requests": parts,
            "scripts": page.locator("script").count(),
        }

    walk(page, base, link, visit)
    context.close()
    external = sorted(
        {u for u in requested if not u.startswith("data:") and urlparse(u).hostname != "127.0.0.1"}
    )
    return {"pages": figures, "external_requests": external, "requests_seen": len(requested)}


def paint(browser, base, link) -> dict:
    """Pass 2: JavaScript on, slow network, cache off. First contentful paint per page."""
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    figures = {}

    def visit(name):
        page.reload(wait_until="load")
        # The paint entry can be recorded just after the load event: wait for it.
        fcp = page.wait_for_function(
            "performance.getEntriesByType('paint')"
            ".filter(e => e.name === 'first-contentful-paint').map(e => e.startTime)[0]",
            timeout=30_000,
        ).json_value()
        figures[name] = round(fcp)

    walk(page, base, link, visit)
    context.close()
    return figures


def run() -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    try:
        app = bench_app(folder, OFFICER_SIGN_IN_LIMIT="1000 per minute")
        first, second = add_officers(app, [one_officer(), one_officer(sex="L")])
        server, base = serve(app)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                weights = weigh(browser, base, f"{base}/s/{first['token']}")
                paints = paint(browser, base, f"{base}/s/{second['token']}")
                browser.close()
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    pages = {
        name: {
            "kb_gzip1": round(w["bytes_gzip1"] / 1024, 1),
            "kb_gzip6": round(w["bytes_gzip6"] / 1024, 1),
            "fcp_ms": paints.get(name),
            "requests": w["requests"],
            "scripts": w["scripts"],
        }
        for name, w in weights["pages"].items()
    }
    heaviest = max(w["bytes_gzip1"] for w in weights["pages"].values())
    slowest = max(paints.values())
    return {
        "pages": pages,
        "heaviest_kb_gzip1": round(heaviest / 1024, 1),
        "weight_target_kb": WEIGHT_TARGET / 1024,
        "weight_met": heaviest <= WEIGHT_TARGET,
        "slowest_fcp_ms": slowest,
        "fcp_target_ms": FCP_TARGET_MS,
        "fcp_met": slowest <= FCP_TARGET_MS,
        "external_requests": weights["external_requests"],
        "no_external_requests": not weights["external_requests"],
        "usable_without_javascript": True,  # pass 1 walked the whole journey with it off
        "network": "400 kbit/s down and up, 400 ms RTT (CDP), cache disabled",
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2, ensure_ascii=False))
