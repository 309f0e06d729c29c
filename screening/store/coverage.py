"""Coverage counts per area, one level at a time: the city by kecamatan, a kecamatan by
kelurahan, a kelurahan by TPS. Counts only, never answers: KPU follows coverage.

Each level is one statement with GROUP BY. Officers and their JKN / BPJS Ketenagakerjaan status
are counted from the officer table within the area (kecamatan or kelurahan index); screened,
declined and referred officers from their own tables, each joined to its officer by key, so the
few rows they hold are never found by walking every officer.
"""

from sqlite_utils import Database

from screening.journey import DECLINED
from screening.referrals.lifecycle import CLOSED, DIBATALKAN, DIPERIKSA, SELESAI

# The numbers every row carries, in the order the page shows them.
COUNTS = (
    "officers",
    "screened",
    "declined",
    "not_yet",
    "referred",
    "seen",
    "overdue",
    "jkn_aktif",
    "jkn_tidak_aktif",
    "jkn_belum_terdaftar",
    "bpjs_tk_terdaftar",
    "bpjs_tk_belum",
)

CLOSED_SQL = ", ".join(f"'{status}'" for status in sorted(CLOSED))


def _per_area(db: Database, group: str, where: str, params: list, today: str) -> dict:
    """Counts per value of `group` (a column of `officer o`) among officers matching `where`.

    `group` and `where` are our own fixed clauses; values are always parameters. For the whole
    city the few submitted responses, decisions and referrals are read first and their officers
    looked up by key; within one area (`params` given) its officers are read first, from the
    area's index, and their response, decision and referral looked up by officer: a kelurahan
    page never walks the whole city's responses."""
    if params:
        responses = "officer o CROSS JOIN response r ON r.officer_id = o.id"
        consents = "officer o CROSS JOIN consent c ON c.officer_id = o.id"
        referrals = "officer o CROSS JOIN referral rr ON rr.officer_id = o.id"
    else:
        responses = "response r CROSS JOIN officer o ON o.id = r.officer_id"
        consents = "consent c CROSS JOIN officer o ON o.id = c.officer_id"
        # Referrals first: the status test cannot use an index (see officers.py).
        referrals = "referral rr CROSS JOIN officer o ON o.id = rr.officer_id"
    sql = f"""
        WITH base AS (
            SELECT {group} AS area, COUNT(*) AS officers,
                   SUM(o.jkn_status = 'aktif') AS jkn_aktif,
                   SUM(o.jkn_status = 'tidak_aktif') AS jkn_tidak_aktif,
                   SUM(o.jkn_status IS NULL OR o.jkn_status = 'belum_terdaftar')
                       AS jkn_belum_terdaftar,
                   -- Registered with BPJS Ketenagakerjaan: a membership, active or lapsed.
                   SUM(o.bpjs_tk_status IN ('aktif', 'tidak_aktif')) AS bpjs_tk_terdaftar
            FROM officer o WHERE {where} GROUP BY {group}
        ),
        screened AS (
            SELECT {group} AS area, COUNT(*) AS screened
            FROM {responses}
            WHERE r.status = 'submitted' AND {where} GROUP BY {group}
        ),
        declined AS (
            -- The officer's latest decision is a refusal and nothing was submitted.
            SELECT {group} AS area, COUNT(*) AS declined
            FROM {consents}
            WHERE c.decision = ? AND {where}
              AND c.id = (SELECT MAX(c2.id) FROM consent c2 WHERE c2.officer_id = c.officer_id)
              AND NOT EXISTS (SELECT 1 FROM response r2
                              WHERE r2.officer_id = c.officer_id AND r2.status = 'submitted')
            GROUP BY {group}
        ),
        referred AS (
            SELECT {group} AS area, COUNT(*) AS referred,
                   SUM(rr.status IN (?, ?)) AS seen,
                   SUM(rr.deadline < ? AND rr.status NOT IN ({CLOSED_SQL})) AS overdue
            FROM {referrals}
            WHERE rr.status != ? AND {where} GROUP BY {group}
        )
        -- The per-area results are small: SQLite indexes them itself to join them.
        SELECT b.*, COALESCE(sc.screened, 0) AS screened, COALESCE(dc.declined, 0) AS declined,
               COALESCE(rf.referred, 0) AS referred, COALESCE(rf.seen, 0) AS seen,
               COALESCE(rf.overdue, 0) AS overdue
        FROM base b
        LEFT JOIN screened sc ON sc.area = b.area
        LEFT JOIN declined dc ON dc.area = b.area
        LEFT JOIN referred rf ON rf.area = b.area
    """  # noqa: S608
    values = [
        *params,  # base
        *params,  # screened
        DECLINED,
        *params,  # declined
        DIPERIKSA,
        SELESAI,
        today,
        DIBATALKAN,
        *params,  # referred
    ]
    result = {}
    for row in db.query(sql, values):
        row = dict(row)
        row["not_yet"] = row["officers"] - row["screened"] - row["declined"]
        row["bpjs_tk_belum"] = row["officers"] - row["bpjs_tk_terdaftar"]
        result[row["area"]] = row
    return result


def _rows(areas: list[dict], counts: dict) -> list[dict]:
    """Every area of the level, in order, with its counts (zeros for an area with no officer)."""
    empty = dict.fromkeys(COUNTS, 0)
    return [
        {"code": area["code"], "name": area["name"], **empty, **_numbers(counts.get(area["code"]))}
        for area in areas
    ]


def _numbers(row: dict | None) -> dict:
    return {key: row[key] or 0 for key in COUNTS} if row else {}


def city_by_kecamatan(db: Database, *, today: str) -> list[dict]:
    """Each kecamatan of the city with its counts; `today` (ISO, WIB) decides what is overdue."""
    counts = _per_area(db, "o.kecamatan_code", "1 = 1", [], today)
    areas = [dict(r) for r in db.query("SELECT code, name FROM kecamatan ORDER BY code")]
    return _rows(areas, counts)


def kecamatan_by_kelurahan(db: Database, kecamatan_code: str, *, today: str) -> list[dict]:
    """Each kelurahan of one kecamatan with its counts."""
    counts = _per_area(db, "o.kelurahan_code", "o.kecamatan_code = ?", [kecamatan_code], today)
    areas = [
        dict(r)
        for r in db.query(
            "SELECT code, name FROM kelurahan WHERE kecamatan_code = ? ORDER BY code",
            [kecamatan_code],
        )
    ]
    return _rows(areas, counts)


def kelurahan_by_tps(db: Database, kelurahan_code: str, *, today: str) -> list[dict]:
    """Each TPS of one kelurahan that has officers, with its counts, by TPS number."""
    counts = _per_area(db, "o.tps", "o.kelurahan_code = ?", [kelurahan_code], today)
    order = sorted(counts, key=lambda tps: (tps is None, tps or 0))
    areas = [{"code": tps, "name": "" if tps is None else str(tps)} for tps in order]
    return _rows(areas, counts)


def city_summary(db: Database, *, today: str) -> dict:
    """The whole city's officers, screened, referred, seen and overdue: the staff home's counts,
    by the same definitions as `city_by_kecamatan` but without grouping, each from its own
    table's index (the home is every KPU operator's landing page)."""
    sql = f"""
        SELECT (SELECT COUNT(*) FROM officer) AS officers,
               (SELECT COUNT(*) FROM response WHERE status = 'submitted') AS screened,
               COUNT(rr.id) AS referred,
               COALESCE(SUM(rr.status IN (?, ?)), 0) AS seen,
               COALESCE(SUM(rr.deadline < ? AND rr.status NOT IN ({CLOSED_SQL})), 0) AS overdue
        FROM referral rr WHERE rr.status != ?
    """  # noqa: S608 -- our own constants; values are parameters
    return dict(next(iter(db.query(sql, [DIPERIKSA, SELESAI, today, DIBATALKAN]))))


def total(rows: list[dict]) -> dict:
    """The level's own row: the sum of its areas."""
    return {key: sum(row[key] for row in rows) for key in COUNTS}


# The officer list's filters. Each one selects exactly the officers that one count of
# `_per_area` counts, by the same definitions (tests/test_officer_list.py checks every count
# of every coverage row against the list it links to).
STATUS_FILTERS = ("belum", "menolak", "skrining", "dirujuk", "diperiksa", "terlambat")
JKN_FILTERS = ("aktif", "tidak_aktif", "belum_terdaftar")
BPJS_TK_FILTERS = ("terdaftar", "belum")

# The officer list's filter that lists the officers of each count.
COUNT_FILTERS = {
    "officers": {},
    "screened": {"status": "skrining"},
    "declined": {"status": "menolak"},
    "not_yet": {"status": "belum"},
    "referred": {"status": "dirujuk"},
    "seen": {"status": "diperiksa"},
    "overdue": {"status": "terlambat"},
    "jkn_aktif": {"jkn": "aktif"},
    "jkn_tidak_aktif": {"jkn": "tidak_aktif"},
    "jkn_belum_terdaftar": {"jkn": "belum_terdaftar"},
    "bpjs_tk_terdaftar": {"bpjs_tk": "terdaftar"},
    "bpjs_tk_belum": {"bpjs_tk": "belum"},
}

# Officers whose latest consent decision is a refusal: few, read once per query.
_DECLINED = (
    "SELECT c.officer_id FROM consent c WHERE c.decision = ? "
    "AND c.id = (SELECT MAX(c2.id) FROM consent c2 WHERE c2.officer_id = c.officer_id)"
)
_SUBMITTED = "SELECT s.officer_id FROM response s WHERE s.status = 'submitted'"
_LATEST_DECISION = (
    "(SELECT c.decision FROM consent c WHERE c.officer_id = o.id ORDER BY c.id DESC LIMIT 1)"
)
_REGISTERED_TK = "o.bpjs_tk_status IN ('aktif', 'tidak_aktif')"


def officer_filter(
    *, status=None, jkn=None, bpjs_tk=None, today: str, one_kelurahan: bool
) -> tuple[str, list[str], list]:
    """The officer list's filters as SQL: the tables (`officer o`, with its referral `rf` when
    the filter is about referrals), conditions and parameters; a filter left empty adds nothing.
    `today` (ISO, WIB) decides what is overdue.

    Within one kelurahan (a few thousand officers at most) its officers are read first, from
    its index, and each one's response, decision and referral looked up by officer. For a
    kecamatan or the whole city (measured at 100,000 officers: half the time) the submitted and
    the declined officers are each read once into a set, and the few referrals are read first
    with their officers looked up by key."""
    tables, where, params = "officer o", [], []
    if status in ("skrining", "menolak", "belum"):
        if one_kelurahan:
            submitted = f"EXISTS ({_SUBMITTED} AND s.officer_id = o.id)"
            declined = f"COALESCE({_LATEST_DECISION}, '') = ?"
        else:
            submitted, declined = f"o.id IN ({_SUBMITTED})", f"o.id IN ({_DECLINED})"
        if status == "skrining":
            where.append(submitted)
        else:
            refused = declined if status == "menolak" else f"NOT ({declined})"
            where.append(f"NOT {submitted} AND {refused}")
            params.append(DECLINED)
    elif status in ("dirujuk", "diperiksa", "terlambat"):
        if one_kelurahan:
            tables = "officer o CROSS JOIN referral rf ON rf.officer_id = o.id"
        else:
            tables = "referral rf CROSS JOIN officer o ON o.id = rf.officer_id"
        where.append("rf.status != ?")
        params.append(DIBATALKAN)
        if status == "diperiksa":
            where.append("rf.status IN (?, ?)")
            params += [DIPERIKSA, SELESAI]
        elif status == "terlambat":
            where.append(f"rf.deadline < ? AND rf.status NOT IN ({CLOSED_SQL})")
            params.append(today)
    if jkn == "belum_terdaftar":
        where.append("(o.jkn_status IS NULL OR o.jkn_status = 'belum_terdaftar')")
    elif jkn in JKN_FILTERS:
        where.append("o.jkn_status = ?")
        params.append(jkn)
    if bpjs_tk == "terdaftar":
        where.append(_REGISTERED_TK)
    elif bpjs_tk == "belum":
        where.append(f"(o.bpjs_tk_status IS NULL OR NOT {_REGISTERED_TK})")
    return tables, where, params
