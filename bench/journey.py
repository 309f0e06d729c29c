"""64 officers at once through the whole journey: sign-in, consent, every step, submit, result.

Design: officers are put on the roster of a temporary database with a personal link each (nothing
else: no consent, no draft). The app runs under gunicorn with the repository's gunicorn.conf.py
(2 sync workers) on 127.0.0.1, with CSRF and the sign-in rate limit on, as in production. Each
officer is a thread with its own HTTP client and its own loopback address (127.1.x.y, as each
phone has its own), started together behind a barrier, and walks the form as a person without
JavaScript would:

    GET /s/<token>  → GET /skrining/ → GET consent page → POST "setuju" (tapped twice at once)
    → for every step: GET the page, POST the answers (again when an answer revealed a follow-up
      question on the same page) → GET review → POST "Kirim jawaban" (tapped twice at once)
    → GET the result page

with realistic answers (bench.scoring's generator: some "tidak tahu", measured blood pressures,
about 60 % at risk). Every answer must be the one a person expects (a redirect onward or the
page); anything else, a 5xx above all, is an error. Both taps of a double tap must be answered
without error. Afterwards the database is counted: one submitted response per officer, one consent
decision "setuju" per officer (a double tap is one decision), a referral exactly for each at-risk
response.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.load import Gunicorn, gunicorn_workers
from bench.officers import SETTINGS, add_officers, bench_app, realistic_officers
from screening import store
from screening.questionnaire.types import UNKNOWN

OFFICERS = 64  # at once
ROUNDS = 3  # each with its own officers
STEP_LIMIT = 20

FIELD = re.compile(r'name="([A-Za-z0-9_]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class WrongAnswer(Exception):
    """The app answered something a person would not expect at this point."""


class Phone:
    """One officer's phone: its own address, its own session cookie, a new connection a request
    (gunicorn's sync workers close every connection)."""

    def __init__(self, port: int, address: str):
        self.port, self.address = port, address
        self.cookie: str | None = None
        self.requests: list[tuple[str, int, float]] = []  # (what, status, seconds)

    def send(self, method: str, path: str, form: dict | None = None, what: str = ""):
        headers = {"Cookie": f"session={self.cookie}"} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=120, source_address=(self.address, 0)
        )
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        self.requests.append(
            (what or f"{method} {path}", response.status, time.perf_counter() - started)
        )
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            if name == "session":
                self.cookie = rest.split(";", 1)[0] or None
        if response.status >= 500:
            raise WrongAnswer(f"{method} {path}: {response.status}")
        return response.status, response.headers.get("Location", ""), text

    def expect(self, status: int, method: str, path: str, form=None, what="", location=""):
        got, where, text = self.send(method, path, form, what)
        if got != status or location not in where:
            raise WrongAnswer(f"{method} {path}: {got} {where} (expected {status} {location})")
        return where, text

    def double_tap(self, path: str, form: dict, what: str) -> list[tuple[int, str]]:
        """The same POST twice at once, as a thumb pressing twice on a slow phone does."""
        answers: list = [None, None]
        cookie = self.cookie

        def tap(index):
            other = Phone(self.port, self.address)
            other.cookie = cookie
            try:
                status, where, _ = other.send("POST", path, form, what)
                answers[index] = (status, where)
            except (WrongAnswer, OSError) as error:
                answers[index] = (0, str(error))
            self.requests.extend(other.requests)
            if index == 0 and other.cookie:
                self.cookie = other.cookie

        threads = [threading.Thread(target=tap, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for status, where in answers:
            if status != 302:
                raise WrongAnswer(f"double tap on {path}: {status} {where}")
        return answers


def step_form(page: str, answers: dict, csrf: str) -> dict:
    """What a person fills on this page: the answers to the questions it shows, "tidak tahu"
    ticked where they do not know, every unusual number confirmed as right."""
    names = set(FIELD.findall(page))
    form: dict = {"csrf_token": csrf, "aksi": "lanjut"}
    for name in names:
        if name in answers:
            value = answers[name]
            if value == UNKNOWN and f"{name}__tidak_tahu" in names:
                form[f"{name}__tidak_tahu"] = "1"
            else:
                form[name] = value
        if name.endswith("__benar"):
            form[name] = "1"
    return form


def csrf_of(page: str) -> str:
    match = CSRF.search(page)
    if match is None:
        raise WrongAnswer("no CSRF token on the page")
    return match.group(1)


def answer_steps(phone: Phone, path: str, answers: dict) -> None:
    """Answer every step from `path` on until the review page, as a person would."""
    for _ in range(STEP_LIMIT):
        if path.endswith("/skrining/periksa"):
            return
        _, page = phone.expect(200, "GET", path, what="step page")
        for _attempt in range(5):
            status, where, page = phone.send(
                "POST", path, step_form(page, answers, csrf_of(page)), what="step POST"
            )
            if status == 302:
                break
            # 200: an answer revealed a follow-up question on the same page; 422: an unusual
            # number to confirm as right (the box appears with the warning). A person answers
            # and sends again; step_form ticks the box it now finds. Anything else is wrong.
            if status not in (200, 422):
                raise WrongAnswer(f"POST {path}: {status}")
        else:
            raise WrongAnswer(f"POST {path}: the page never let the officer on")
        path = where[where.index("/skrining/") :]
    raise WrongAnswer("never reached the review page")


def walk(phone: Phone, token: str, answers: dict) -> None:
    """One officer's journey from the personal link to the result page."""
    phone.expect(302, "GET", f"/s/{token}", what="sign-in (link)")
    phone.expect(302, "GET", "/skrining/", location="/skrining/persetujuan", what="start")
    _, page = phone.expect(200, "GET", "/skrining/persetujuan", what="consent page")
    phone.double_tap(
        "/skrining/persetujuan",
        {"csrf_token": csrf_of(page), "keputusan": "setuju"},
        what="consent POST",
    )
    where, _ = phone.expect(302, "GET", "/skrining/", location="/skrining/langkah/1", what="start")
    answer_steps(phone, where[where.index("/skrining/") :], answers)
    _, page = phone.expect(200, "GET", "/skrining/periksa", what="review page")
    phone.double_tap("/skrining/periksa", {"csrf_token": csrf_of(page)}, what="submit POST")
    phone.expect(200, "GET", "/skrining/hasil", what="result page")


def run(officers: int = OFFICERS, rounds: int = ROUNDS) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-journey-"))
    try:
        return _run(folder, officers, rounds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(folder: Path, per_round: int, rounds: int) -> dict:
    app = bench_app(folder)
    people, answers = realistic_officers(per_round * rounds, seed=2031)
    people = add_officers(app, people)
    env = {
        "SKRINING_DATABASE": app.config["DATABASE"],
        "SKRINING_SECRET_KEY": SETTINGS["SECRET_KEY"],
        "SKRINING_ACCESS_KEY": SETTINGS["ACCESS_KEY"],
    }
    results = []
    with Gunicorn("app:app", env, folder / "journey.log") as server:
        warm = Phone(server.port, "127.0.0.1")
        for _ in range(4):  # each worker loads the questionnaires on its first request
            warm.send("GET", "/masuk")
        for number in range(rounds):
            batch = list(range(number * per_round, (number + 1) * per_round))
            results.append(_round(server.port, [(people[i], answers[i]) for i in batch], number))
    log = (folder / "journey.log").read_text().splitlines()
    stored = _stored(Path(app.config["DATABASE"]), [p["id"] for p in people])
    requests = [r for result in results for r in result.pop("requests")]
    errors = [e for result in results for e in result["errors"]]
    latency = sorted(seconds for _, _, seconds in requests)
    by_kind: dict[str, list[float]] = {}
    for what, _, seconds in requests:
        by_kind.setdefault(what, []).append(seconds)
    every_one_stored_once = (
        stored["submitted"] == stored["officers_submitted"] == per_round * rounds
        and stored["drafts_left"] == 0
        and stored["officers_without_consent"] == 0
        and stored["consent_decisions"] == per_round * rounds
        and stored["consent_not_agreed"] == 0
        and stored["referrals"] == stored["referred_responses"] == (stored["berisiko"] or 0)
    )
    return {
        "officers_at_once": per_round,
        "rounds": rounds,
        "journeys_completed": sum(r["completed"] for r in results),
        "errors": len(errors),
        "first_errors": errors[:5],
        "server_5xx": sum(1 for _, status, _ in requests if status >= 500),
        "database_locked_in_log": sum("database is locked" in line for line in log),
        "tracebacks_in_log": sum("Traceback" in line for line in log),
        "seconds_per_round": [r["seconds"] for r in results],
        "journeys_per_second": [
            round(r["completed"] / r["seconds"], 2) if r["seconds"] else 0 for r in results
        ],
        "requests": len(requests),
        "requests_per_journey": round(len(requests) / max(1, per_round * rounds), 1),
        "latency_ms": {
            "p50": _ms(_percentile(latency, 50)),
            "p95": _ms(_percentile(latency, 95)),
            "p99": _ms(_percentile(latency, 99)),
            "max": _ms(latency[-1] if latency else 0),
        },
        "latency_p95_ms_by_request": {
            what: _ms(_percentile(sorted(times), 95)) for what, times in sorted(by_kind.items())
        },
        "stored": stored,
        "every_one_stored_once": every_one_stored_once,
        "zero_errors": not errors,
        "gunicorn_workers": gunicorn_workers(),
        "cpus": os.cpu_count(),
    }


def _round(port: int, officers: list[tuple[dict, dict]], number: int) -> dict:
    barrier = threading.Barrier(len(officers) + 1)
    errors: list[str] = []
    completed = []
    phones = []

    def officer(index, person, answers):
        # Each phone its own address: the sign-in limit counts per client, as it should.
        serial = number * len(officers) + index
        phone = Phone(port, f"127.1.{serial // 250}.{serial % 250 + 1}")
        phones.append(phone)
        barrier.wait()
        try:
            walk(phone, person["token"], answers)
            completed.append(person["id"])
        except (WrongAnswer, OSError) as error:
            errors.append(f"officer {person['id']}: {error}")

    threads = [
        threading.Thread(target=officer, args=(i, person, answers))
        for i, (person, answers) in enumerate(officers)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = round(time.perf_counter() - started, 2)
    return {
        "seconds": seconds,
        "completed": len(completed),
        "errors": errors,
        "requests": [r for phone in phones for r in phone.requests],
    }


def _stored(path: Path, officer_ids: list[int]) -> dict:
    db = store.connect(str(path))
    ids = json.dumps(officer_ids)
    try:
        row = next(
            db.query(
                """
                SELECT
                  (SELECT count(*) FROM response WHERE status = 'submitted') AS submitted,
                  (SELECT count(DISTINCT officer_id) FROM response WHERE status = 'submitted')
                    AS officers_submitted,
                  (SELECT count(*) FROM response WHERE status = 'draft') AS drafts_left,
                  (SELECT sum(overall = 'berisiko') FROM response) AS berisiko,
                  (SELECT count(*) FROM referral) AS referrals,
                  (SELECT count(DISTINCT response_id) FROM referral) AS referred_responses,
                  (SELECT count(*) FROM consent) AS consent_decisions,
                  (SELECT count(*) FROM consent WHERE decision != 'setuju') AS consent_not_agreed,
                  (SELECT count(*) FROM json_each(?) j
                   WHERE NOT EXISTS (SELECT 1 FROM consent c WHERE c.officer_id = j.value))
                    AS officers_without_consent
                """,
                [ids],
            )
        )
        return dict(row)
    finally:
        db.close()


def _percentile(values: list[float], p: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
