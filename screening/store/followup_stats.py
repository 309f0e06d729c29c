"""The follow-up loop in numbers, per FKTP (the Dinkes page) or per area (the coverage page):
referred, seen, overdue, seen by the deadline, days from referral to visit, fitness outcomes.
Counts only: never a name, a NIK, an answer or a finding.

Definitions (docs/followup-figures.md says the same for readers):
- referred: referrals not cancelled (`dibatalkan`);
- seen: the referral reached `diperiksa` (and perhaps `selesai`); the moment it was seen is its
  first `referral_event` to `diperiksa` (recording findings passes through it, see
  referrals.lifecycle.followup_path);
- overdue: past its deadline (WIB day) and still expected at the FKTP (not closed);
- decided: seen on or before the deadline, or the deadline has passed: the referrals whose
  "seen by the deadline" is settled. A referral still open before its deadline is not counted
  either way;
- days to visit: whole WIB days from the day the referral was made (`created_at`) to the day it
  was seen; counted as a histogram (days → referrals) so the median needs no row per officer.
All times are stored UTC with their offset; `'+7 hours'` gives the WIB day (fixed UTC+7).
"""

from sqlite_utils import Database

from screening.referrals.lifecycle import CLOSED, DIBATALKAN, DIPERIKSA, SELESAI

FITNESS = ("layak", "layak_dengan_catatan", "tidak_layak_sementara")
COUNTS = ("referred", "seen", "overdue", "seen_by_deadline", "decided", *FITNESS)

_CLOSED = ", ".join(f"'{status}'" for status in sorted(CLOSED))

# The levels a caller may group by: our own fixed expressions, never input.
GROUPS = {
    "fktp": "r.fktp_code",
    "kecamatan": "o.kecamatan_code",
    "kelurahan": "o.kelurahan_code",
    "tps": "o.tps",
}


def _referrals(group: str, where: str) -> str:
    # Per FKTP over the whole city, the officer is not needed: no lookup per referral.
    source = (
        "referral r"
        if group == "fktp" and where == "1 = 1"
        else "referral r JOIN officer o ON o.id = r.officer_id"
    )
    return f"""
        WITH one AS (
            SELECT {GROUPS[group]} AS grp, r.status, r.deadline,
                   date(r.created_at, '+7 hours') AS referred_day,
                   (SELECT date(MIN(e.at), '+7 hours') FROM referral_event e
                    WHERE e.referral_id = r.id AND e.to_status = '{DIPERIKSA}') AS seen_day,
                   (SELECT fu.fitness FROM followup fu WHERE fu.referral_id = r.id
                    ORDER BY fu.version DESC LIMIT 1) AS fitness
            FROM {source}
            WHERE r.status != '{DIBATALKAN}' AND {where}
        )
    """  # noqa: S608 -- fixed clauses; values are parameters


def per_group(
    db: Database,
    group: str,
    *,
    today: str,
    kecamatan: str | None = None,
    kelurahan: str | None = None,
) -> dict:
    """{group value: counts and `days` (a {days to visit: referrals} histogram)} for the referrals
    of the area (the city without one). `today` is the WIB day (ISO) that decides overdue."""
    where, params = _area(kecamatan, kelurahan)
    seen = f"status IN ('{DIPERIKSA}', '{SELESAI}')"
    by_deadline = "(seen_day IS NOT NULL AND seen_day <= deadline)"
    # One pass, grouped by the days to the visit too (NULL when not seen): a few rows per group,
    # added up below, rather than reading every referral twice.
    sql = (
        _referrals(group, where)  # noqa: S608 -- fixed clauses; values are parameters
        + f"""
        SELECT grp, CAST(julianday(seen_day) - julianday(referred_day) AS INTEGER) AS days,
               COUNT(*) AS referred,
               SUM({seen}) AS seen,
               SUM(deadline < ? AND status NOT IN ({_CLOSED})) AS overdue,
               SUM({by_deadline}) AS seen_by_deadline,
               SUM({by_deadline} OR deadline < ?) AS decided,
               SUM(fitness = 'layak') AS layak,
               SUM(fitness = 'layak_dengan_catatan') AS layak_dengan_catatan,
               SUM(fitness = 'tidak_layak_sementara') AS tidak_layak_sementara
        FROM one GROUP BY grp, days
        """  # noqa: S608
    )
    result: dict = {}
    for row in db.query(sql, [*params, today, today]):
        counts = result.setdefault(row["grp"], dict.fromkeys(COUNTS, 0) | {"days": {}})
        for key in COUNTS:
            counts[key] += row[key] or 0
        if row["days"] is not None:
            counts["days"][row["days"]] = row["referred"]
    return result


def _area(kecamatan: str | None, kelurahan: str | None) -> tuple[str, list]:
    if kelurahan:
        return "o.kelurahan_code = ?", [kelurahan]
    if kecamatan:
        return "o.kecamatan_code = ?", [kecamatan]
    return "1 = 1", []


def fktps(db: Database) -> list[dict]:
    """Every FKTP of the city, Puskesmas first, then by name: code, name, kind."""
    sql = """
        SELECT code, name, kind FROM fktp
        ORDER BY kind != 'puskesmas', name, code
    """
    return [dict(row) for row in db.query(sql)]


def messages(db: Database, *, kecamatan: str | None = None, kelurahan: str | None = None) -> dict:
    """Messages of the outbox sent and failed to the area's officers, and its officers who opted
    out of messages: {"sent", "failed", "opted_out"}."""
    where, params = _area(kecamatan, kelurahan)
    sent = db.execute(
        f"""
        SELECT COALESCE(SUM(m.status = 'terkirim'), 0), COALESCE(SUM(m.status = 'gagal'), 0)
        FROM message m JOIN officer o ON o.id = m.officer_id
        WHERE m.status IN ('terkirim', 'gagal') AND {where}
        """,  # noqa: S608 -- a fixed clause; values are parameters
        params,
    ).fetchone()
    opted_out = db.execute(
        f"SELECT COUNT(*) FROM officer o WHERE o.opted_out_at IS NOT NULL AND {where}",  # noqa: S608
        params,
    ).fetchone()[0]
    return {"sent": sent[0], "failed": sent[1], "opted_out": opted_out}
