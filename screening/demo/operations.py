"""Loading the demo: Kota Pekalongan's regions and FKTPs, its synthetic roster, one staff account
per role, and synthetic screenings. Plain Python over the store (no Flask); `flask demo …` and
the tests call these. Running any of them twice leaves the same data.
"""

from collections.abc import Callable
from datetime import date

from screening.demo import DEMO_PASSWORD
from screening.demo.city import City, Fktp, load_city
from screening.demo.roster import generate_roster
from screening.demo.screenings import SHARE_DECLINED, submit_screenings
from screening.store import officers, regions, write_transaction
from screening.store import staff as staff_store

# How many officers' links `demo accounts` prints (and `demo screenings` leaves unscreened).
DEMO_LINKS = 3


def _slug(name: str) -> str:
    return name.lower().replace(" ", "")


def demo_staff(city: City) -> list[dict]:
    """admin, kpu, an operator of the first kecamatan (`ppk.<kecamatan>`) and of its kelurahan
    Medono (`pps.<kelurahan>`), the health office (`dinkes`), and one clinician
    (`fktp.<name>`) for each FKTP: Puskesmas, klinik pratama and dokter praktik alike, so every
    demo referral with an FKTP has someone to work it."""
    kecamatan = city.kecamatan[0]
    kelurahan = next(
        (k for k in city.kelurahan if k.kecamatan_code == kecamatan.code and k.name == "Medono"),
        next(k for k in city.kelurahan if k.kecamatan_code == kecamatan.code),
    )
    accounts = [
        {
            "username": "admin",
            "full_name": "Rudi Hartono, Dinkes (demo)",
            "role": "admin",
            "fktp_code": None,
        },
        {
            "username": "kpu",
            "full_name": "Dewi Anggraini, KPU Kota (demo)",
            "role": "kpu",
            "fktp_code": None,
        },
        {
            "username": f"ppk.{_slug(kecamatan.name)}",
            "full_name": f"Agus Salim, PPK {kecamatan.name} (demo)",
            "role": "ppk",
            "fktp_code": None,
            "area_code": kecamatan.code,
        },
        {
            "username": f"pps.{_slug(kelurahan.name)}",
            "full_name": f"Nurul Hidayah, PPS {kelurahan.name} (demo)",
            "role": "pps",
            "fktp_code": None,
            "area_code": kelurahan.code,
        },
        {
            "username": "dinkes",
            "full_name": "Sri Wahyuni, Dinkes Kota (demo)",
            "role": "dinkes",
            "fktp_code": None,
        },
    ]
    for fktp in city.fktp:
        accounts.append(
            {
                "username": f"fktp.{_fktp_slug(fktp)}",
                "full_name": _clinician_name(fktp),
                "role": "fktp",
                "fktp_code": fktp.code,
            }
        )
    return accounts


# What an FKTP's name starts with by its kind; the rest names its account (`fktp.bendan`,
# `fktp.sekarjagad`, `fktp.laraskinanti`).
_KIND_PREFIXES = {
    "puskesmas": "puskesmas ",
    "klinik": "klinik pratama ",
    "dokter": "praktik dokter umum dr. ",
}


def _fktp_slug(fktp: Fktp) -> str:
    return _slug(fktp.name.lower().removeprefix(_KIND_PREFIXES[fktp.kind]))


def _clinician_name(fktp: Fktp) -> str:
    """A doctor's own practice is the doctor: "dr. Laras Kinanti", not "Dokter Praktik …"."""
    if fktp.kind == "dokter":
        return f"{fktp.name.removeprefix('Praktik Dokter Umum ')} (demo)"
    return f"Dokter {fktp.name} (demo)"


def demo_fktp_staff(db, city: City) -> dict[str, int]:
    """{FKTP code: id of its demo clinician account} for the accounts `load` created."""
    found = {}
    for account in demo_staff(city):
        if account["role"] != "fktp":
            continue
        staff = staff_store.staff_by_username(db, account["username"])
        if staff is not None and staff["fktp_code"] == account["fktp_code"]:
            found[account["fktp_code"]] = staff["id"]
    return found


def load_regions(db, city: City) -> None:
    """The city's kecamatan, kelurahan and FKTPs, added or brought back."""
    regions.upsert_kecamatan(db, [{"code": k.code, "name": k.name} for k in city.kecamatan])
    regions.upsert_kelurahan(
        db,
        [
            {
                "code": k.code,
                "name": k.name,
                "kecamatan_code": k.kecamatan_code,
                "tps_count": k.tps_count,
            }
            for k in city.kelurahan
        ],
    )
    regions.upsert_fktps(
        db,
        [
            {
                "code": f.code,
                "name": f.name,
                "kind": f.kind,
                "address": f.address,
                "kecamatan_code": f.kecamatan_code,
                "kelurahan_code": f.kelurahan_code,
                "phone": f.phone,
            }
            for f in city.fktp
        ],
    )


def load(db, *, polling_day: date, at: str, hash_password: Callable[[str], str]) -> dict:
    """The city, its roster and the demo staff accounts (with DEMO_PASSWORD, hashed by
    `hash_password`), in one transaction: what was loaded and how many were new."""
    city = load_city()
    roster = generate_roster(city, polling_day=polling_day)
    with write_transaction(db):
        load_regions(db, city)
        counts = officers.upsert_roster(db, roster, now=at, demo=True)
        created = 0
        for account in demo_staff(city):
            # The published password, set past the password rule on purpose (a demo must be
            # tried with known accounts): the one place that does.
            if staff_store.staff_by_username(db, account["username"]) is None:
                staff_store.create_staff(
                    db, **account, password_hash=hash_password(DEMO_PASSWORD), now=at
                )
                created += 1
    return {"city": city, "roster": len(roster), **counts, "staff_created": created}


def screen(
    db,
    questionnaire,
    *,
    polling_day: str,
    at: str,
    share_at_risk: float,
    coverage: float,
    seed: int,
    everyone: bool = False,
    spread_days: int = 0,
    share_declined: float = SHARE_DECLINED,
) -> dict:
    """Synthetic screenings for demo officers who have none yet: only officers of `load`'s
    synthetic roster, never one added through a roster import. Unless `everyone`, the officers
    `demo accounts` prints are left unscreened (counted in `not_screened`), so their links open a
    fresh form."""
    kept_fresh = set() if everyone else {o["id"] for o in officers.demo_sample(db, DEMO_LINKS)}
    counts = submit_screenings(
        db,
        questionnaire,
        [officer for officer in officers.demo_officers(db) if officer["id"] not in kept_fresh],
        polling_day=polling_day,
        now=at,
        share_at_risk=share_at_risk,
        coverage=coverage,
        seed=seed,
        spread_days=spread_days,
        share_declined=share_declined,
    )
    return {**counts, "not_screened": counts["not_screened"] + len(kept_fresh)}
