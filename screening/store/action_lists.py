"""The lists KPU acts on, each for an area: who has not screened yet, who has no active JKN or no
BPJS Ketenagakerjaan, and where each referral stands. Roster data and statuses only: no answers,
results, reasons, findings or notes are selected here, so no export built on these can carry them.
"""

from sqlite_utils import Database

from screening.journey import DECLINED
from screening.store.access import OFFICER_ACCESS_SELECT
from screening.store.officers import area_conditions

NO_JKN = ("tidak_aktif", "belum_terdaftar")


def _where(conditions: list[str]) -> str:
    return "WHERE " + " AND ".join(conditions) if conditions else ""


def _unscreened(kecamatan, kelurahan, tps) -> tuple[list[str], list]:
    """Who the chase list lists (on `officer o` and `response r`): not submitted, not declined."""
    where, params = area_conditions(kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
    where.append("(r.status IS NULL OR r.status != 'submitted')")
    # An officer who declined is not chased: the latest decision counts (one may agree later).
    where.append(
        "COALESCE((SELECT c.decision FROM consent c WHERE c.officer_id = o.id "
        "ORDER BY c.id DESC LIMIT 1), '') != ?"
    )
    params.append(DECLINED)
    return where, params


def unscreened_officers(db: Database, *, kecamatan=None, kelurahan=None, tps=None) -> list[dict]:
    """Officers of an area without a submitted screening who have not declined it, per
    kelurahan and TPS, with their access (for the personal link) and whether they started."""
    where, params = _unscreened(kecamatan, kelurahan, tps)
    sql = f"""
        {OFFICER_ACCESS_SELECT}
        {_where(where)}
        ORDER BY o.kelurahan_code, o.tps IS NULL, o.tps, o.name, o.id
    """
    return [dict(row) for row in db.query(sql, params)]


def count_unscreened(db: Database, *, kecamatan=None, kelurahan=None, tps=None) -> int:
    """How many officers `unscreened_officers` lists, without reading them: whether the chase
    list is small enough to write in the request."""
    where, params = _unscreened(kecamatan, kelurahan, tps)
    sql = f"""
        SELECT COUNT(*) FROM officer o
        LEFT JOIN response r ON r.officer_id = o.id
        {_where(where)}
    """  # noqa: S608 -- only our own column names are interpolated; values are parameters
    return db.execute(sql, params).fetchone()[0]


_REGISTRATION_SELECT = """
    SELECT o.id, o.nik, o.name, o.birth_date, o.sex, o.role, o.tps, o.phone,
           o.jkn_status, o.bpjs_tk_status,
           k.name AS kelurahan_name, c.name AS kecamatan_name
    FROM officer o
    LEFT JOIN kelurahan k ON k.code = o.kelurahan_code
    LEFT JOIN kecamatan c ON c.code = o.kecamatan_code
"""
_REGISTRATION_ORDER = "ORDER BY o.kecamatan_code, o.kelurahan_code, o.tps IS NULL, o.tps, o.name"


def _without_jkn(kecamatan, kelurahan, tps) -> tuple[list[str], list]:
    where, params = area_conditions(kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
    # As the coverage page counts them: no status in the roster is not registered either.
    where.append("(o.jkn_status IS NULL OR o.jkn_status IN (?, ?))")
    return where, [*params, *NO_JKN]


def _without_bpjs_tk(kecamatan, kelurahan, tps) -> tuple[list[str], list]:
    where, params = area_conditions(kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
    # As the coverage page counts them: anything but a membership (active or lapsed).
    where.append("(o.bpjs_tk_status IS NULL OR o.bpjs_tk_status NOT IN ('aktif', 'tidak_aktif'))")
    return where, params


def _count_officers(db: Database, where: list[str], params: list) -> int:
    sql = f"SELECT COUNT(*) FROM officer o {_where(where)}"  # noqa: S608 -- our own conditions
    return db.execute(sql, params).fetchone()[0]


def officers_without_jkn(db: Database, *, kecamatan=None, kelurahan=None, tps=None) -> list[dict]:
    """Officers of an area whose JKN is tidak aktif or belum terdaftar: the Pemda's list to
    register them as PBPU Pemda / UHC."""
    where, params = _without_jkn(kecamatan, kelurahan, tps)
    sql = f"{_REGISTRATION_SELECT} {_where(where)} {_REGISTRATION_ORDER}"
    return [dict(row) for row in db.query(sql, params)]


def count_without_jkn(db: Database, *, kecamatan=None, kelurahan=None, tps=None) -> int:
    """How many officers `officers_without_jkn` lists, without reading them."""
    return _count_officers(db, *_without_jkn(kecamatan, kelurahan, tps))


def officers_without_bpjs_tk(
    db: Database, *, kecamatan=None, kelurahan=None, tps=None
) -> list[dict]:
    """Officers of an area not registered with BPJS Ketenagakerjaan (belum terdaftar, or no
    status in the roster): the list for BPJAMSOSTEK."""
    where, params = _without_bpjs_tk(kecamatan, kelurahan, tps)
    sql = f"{_REGISTRATION_SELECT} {_where(where)} {_REGISTRATION_ORDER}"
    return [dict(row) for row in db.query(sql, params)]


def count_without_bpjs_tk(db: Database, *, kecamatan=None, kelurahan=None, tps=None) -> int:
    """How many officers `officers_without_bpjs_tk` lists, without reading them."""
    return _count_officers(db, *_without_bpjs_tk(kecamatan, kelurahan, tps))


def referrals_in_area(db: Database, *, kecamatan=None, kelurahan=None, tps=None) -> list[dict]:
    """Referrals of an area's officers: number, officer, place, FKTP, status, urgency, deadline
    and the latest fitness for duty. Never the response, the findings or the notes."""
    where, params = area_conditions(kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
    sql = f"""
        SELECT r.id, r.number, r.status, r.urgency, r.deadline,
               o.name AS officer_name, o.role AS officer_role, o.tps,
               k.name AS kelurahan_name, f.name AS fktp_name,
               (SELECT fu.fitness FROM followup fu WHERE fu.referral_id = r.id
                ORDER BY fu.version DESC LIMIT 1) AS fitness
        FROM referral r
        JOIN officer o ON o.id = r.officer_id
        LEFT JOIN kelurahan k ON k.code = o.kelurahan_code
        LEFT JOIN fktp f ON f.code = r.fktp_code
        {_where(where)}
        ORDER BY o.kelurahan_code, o.tps IS NULL, o.tps, r.number
    """  # noqa: S608 -- only our own column names are interpolated; values are parameters
    return [dict(row) for row in db.query(sql, params)]


def count_referrals_in_area(db: Database, *, kecamatan=None, kelurahan=None, tps=None) -> int:
    """How many referrals `referrals_in_area` lists, without reading them."""
    where, params = area_conditions(kecamatan=kecamatan, kelurahan=kelurahan, tps=tps)
    sql = f"""
        SELECT COUNT(*) FROM referral r JOIN officer o ON o.id = r.officer_id {_where(where)}
    """  # noqa: S608 -- only our own column names are interpolated; values are parameters
    return db.execute(sql, params).fetchone()[0]
