"""Kecamatan, kelurahan and FKTPs: the map the roster hangs on."""

from sqlite_utils import Database


def upsert_kecamatan(db: Database, rows: list[dict]) -> None:
    db["kecamatan"].upsert_all(rows, pk="code")


def upsert_kelurahan(db: Database, rows: list[dict]) -> None:
    db["kelurahan"].upsert_all(rows, pk="code")


def upsert_fktps(db: Database, rows: list[dict]) -> None:
    db["fktp"].upsert_all(rows, pk="code")


def all_kecamatan(db: Database) -> list[dict]:
    return list(db["kecamatan"].rows_where(order_by="code"))


def all_kelurahan(db: Database) -> list[dict]:
    return list(db["kelurahan"].rows_where(order_by="code"))


def all_fktps(db: Database) -> list[dict]:
    return list(db["fktp"].rows_where(order_by="kind, name"))


def fktps_in_kecamatan(db: Database, kecamatan_code: str) -> list[dict]:
    """The FKTPs of one kecamatan by name: where an officer with no FKTP on the roster goes."""
    return list(db["fktp"].rows_where("kecamatan_code = ?", [kecamatan_code], order_by="name"))


def fktp_by_code(db: Database, code: str) -> dict | None:
    rows = list(db["fktp"].rows_where("code = ?", [code], limit=1))
    return rows[0] if rows else None


def kelurahan_by_name(db: Database) -> dict[str, list[dict]]:
    """Every kelurahan under its name, with its kecamatan's code and name, for matching a roster.

    A list per name: two kecamatan may each have a kelurahan of the same name.
    """
    sql = """
        SELECT l.code, l.name, l.kecamatan_code, k.name AS kecamatan_name, l.tps_count
        FROM kelurahan l JOIN kecamatan k ON k.code = l.kecamatan_code
        ORDER BY l.code
    """
    result: dict[str, list[dict]] = {}
    for row in db.query(sql):
        result.setdefault(row["name"], []).append(dict(row))
    return result


def fktp_codes(db: Database) -> set[str]:
    return {row["code"] for row in db.query("SELECT code FROM fktp")}


def kecamatan_by_code(db: Database, code: str) -> dict | None:
    rows = list(db["kecamatan"].rows_where("code = ?", [code], limit=1))
    return rows[0] if rows else None


def kelurahan_by_code(db: Database, code: str) -> dict | None:
    rows = list(db["kelurahan"].rows_where("code = ?", [code], limit=1))
    return rows[0] if rows else None
