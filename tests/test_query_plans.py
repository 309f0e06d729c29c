"""The queries a large regency pays for on every view use the indexes of migration m010.

Each store function is run with a trace of its statements, and SQLite's plan for each is read
back (EXPLAIN QUERY PLAN): a plan is what makes the coverage counts take 40 ms or 1.2 s at
300,000 officers (docs/benchmarks.md, bench/scale.py), and it changes without any test of the
results noticing.
"""

import re

from screening.store import access, audit, coverage, referrals


def _plans(db, call) -> list[list[str]]:
    """The query plan of every SELECT `call` runs, each as its lines."""
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        call()
    finally:
        db.conn.set_trace_callback(None)
    return [
        [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}")]
        for sql in statements
        if sql.lstrip().upper().startswith("SELECT")
    ]


def _lines(plans) -> list[str]:
    return [line for plan in plans for line in plan]


def test_audit_subject_filter_searches_the_subject_index(db):
    for typed in ("referral:RJ-00042", "RJ-00042"):
        plans = _plans(db, lambda typed=typed: audit.search(db, subject=typed))
        for plan in plans:
            assert any("USING" in line and "idx_audit_log_subject" in line for line in plan), plan
            assert not [line for line in plan if line.startswith("SCAN a")], plan


def test_audit_date_filter_reads_the_at_index_in_order_without_sorting(db):
    plans = _plans(
        db,
        lambda: audit.search(
            db, since="2026-11-20T00:00:00+00:00", until="2026-11-21T00:00:00+00:00"
        ),
    )
    for plan in plans:
        assert any("idx_audit_log_at (at>? AND at<?)" in line for line in plan), plan
        assert not [line for line in plan if "TEMP B-TREE" in line], plan


def test_referrals_of_an_officer_are_found_by_the_officer_index(db):
    lines = _lines(_plans(db, lambda: referrals.referral_for_officer(db, 1)))
    assert any("idx_referral_officer (officer_id=?)" in line for line in lines), lines


def test_audit_subject_filter_finds_a_subject_by_its_start_or_its_number_alone(db, make):
    for subject in ("referral:RJ-00042", "referral:RJ-00420", "officer:42", "roster"):
        audit.record(db, at="2026-11-20T01:00:00+00:00", staff_id=None, role="kpu",
                     action="view", subject=subject)  # fmt: skip

    def found(typed):
        return sorted(row["subject"] for row in audit.search(db, subject=typed)[0])

    assert found("referral:RJ-00") == ["referral:RJ-00042", "referral:RJ-00420"]
    assert found("rj-00042") == ["referral:RJ-00042"]
    assert found("42") == ["officer:42"]
    assert found("ros") == ["roster"]
    assert found("100%") == []


def _statement_plans(db, call) -> list[str]:
    """The plan lines of every statement `call` runs, a WITH statement included."""
    return _lines(_plans_of_every_statement(db, call))


def _plans_of_every_statement(db, call) -> list[list[str]]:
    """The plan of every statement `call` runs, each as its lines, a WITH statement included."""
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        call()
    finally:
        db.conn.set_trace_callback(None)
    return [
        [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}")]
        for sql in statements
        if sql.lstrip().upper().startswith(("SELECT", "WITH"))
    ]


def test_coverage_of_one_area_reads_its_officers_from_the_area_index(db):
    for call, index in (
        # A kecamatan's officers and their statuses from the covering index (m016) alone.
        (
            lambda: coverage.kecamatan_by_kelurahan(db, "337501", today="2029-01-01"),
            "area_statuses",
        ),
        (lambda: coverage.kelurahan_by_tps(db, "3375011002", today="2029-01-01"), "kelurahan"),
    ):
        lines = _statement_plans(db, call)
        assert not [line for line in lines if re.match(r"SCAN (o|r|c|rr)\b", line)], lines
        assert not [line for line in lines if re.search(r"\b(o|r|c|rr) USING AUTOMATIC", line)]
        assert any(
            re.match(rf"SEARCH o USING (COVERING )?INDEX idx_officer_{index}", line)
            for line in lines
        ), lines
        assert any("idx_response_officer_id (officer_id=?)" in line for line in lines), lines
        assert any("idx_referral_officer (officer_id=?" in line for line in lines), lines


def test_coverage_of_the_city_reads_responses_from_their_index_and_builds_no_officer_index(db):
    lines = _statement_plans(db, lambda: coverage.city_by_kecamatan(db, today="2029-01-01"))
    assert not [line for line in lines if re.search(r"\b(o|r|c|rr) USING AUTOMATIC", line)]
    assert any("idx_response_status_officer (status=?)" in line for line in lines), lines
    assert "SEARCH o USING INTEGER PRIMARY KEY (rowid=?)" in lines


def _list_plans(db, **filters) -> list[list[str]]:
    """The plans of the officer list's statements: its count, then its page."""
    return _plans_of_every_statement(
        db, lambda: access.officer_list_page(db, today="2029-01-01", limit=25, **filters)
    )


def _page_part(plan: list[str]) -> list[str]:
    """The lines that choose the page's officers (before their statuses are looked up)."""
    return plan[plan.index("CO-ROUTINE page") : plan.index("SCAN page")]


def test_an_officer_list_page_is_read_in_the_order_of_its_index_without_sorting_everyone(db):
    for filters in (
        {},
        {"status": "belum"},
        {"jkn": "aktif"},
        {"kelurahan": "3375011002", "status": "belum"},
        {"kelurahan": "3375011002", "status": "terlambat"},
        {"kelurahan": "3375011002", "tps": 3, "bpjs_tk": "belum"},
    ):
        count, page = _list_plans(db, **filters)
        chosen = _page_part(page)
        assert any("idx_officer_kelurahan_list_order" in line for line in chosen), chosen
        assert not [line for line in chosen if "TEMP B-TREE" in line], (filters, chosen)
        assert not [line for line in count + page if "AUTOMATIC" in line], filters


def test_officer_list_filters_read_the_small_tables_first_or_once(db):
    # The whole city's referred officers: from the referrals, each officer by key.
    count = _list_plans(db, status="dirujuk")[0]
    assert count[0].startswith("SCAN rf"), count
    assert "SEARCH o USING INTEGER PRIMARY KEY (rowid=?)" in count
    # A kecamatan's screened or unscreened officers: the submitted ones read once into a set,
    # not looked up again for each of tens of thousands of officers.
    for status in ("skrining", "belum", "menolak"):
        count = _list_plans(db, kecamatan="337501", status=status)[0]
        assert count[0].startswith("SEARCH o USING COVERING INDEX idx_officer_kecamatan"), count
        assert "LIST SUBQUERY 1" in count, count
        assert not [line for line in count if "idx_response_officer_id" in line], count
    # One kelurahan's: each of its few officers looked up by key.
    count = _list_plans(db, kelurahan="3375011002", status="skrining")[0]
    assert any("idx_response_officer_id (officer_id=?)" in line for line in count), count


def test_the_coverage_counts_of_an_area_are_read_from_an_index_alone(db):
    for sql, params in (
        (
            "SELECT o.kecamatan_code, COUNT(*), SUM(o.jkn_status = 'aktif'), "
            "SUM(o.bpjs_tk_status IN ('aktif', 'tidak_aktif')) FROM officer o "
            "GROUP BY o.kecamatan_code",
            [],
        ),
        (
            "SELECT o.kelurahan_code, COUNT(*), SUM(o.jkn_status = 'aktif'), "
            "SUM(o.bpjs_tk_status IN ('aktif', 'tidak_aktif')) FROM officer o "
            "WHERE o.kecamatan_code = ? GROUP BY o.kelurahan_code",
            ["337501"],
        ),
    ):
        plan = " ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "COVERING INDEX idx_officer_area_statuses" in plan, plan
