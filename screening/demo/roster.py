"""A synthetic roster of election officers for the demo city, shaped like the real one.

Kota Pekalongan had 8,123 officers in 2024: 7,929 KPPS and Linmas, and 194 at the PPS and PPK.
Here every TPS has 7 KPPS and 2 Linmas (881 TPS x 9 = 7,929). The 194 are the ad hoc bodies and
their secretariats: per kelurahan 3 PPS members and 3 Sekretariat PPS staff (27 x 6 = 162), per
kecamatan 5 PPK members and 3 Sekretariat PPK staff (4 x 8 = 32). PPDP, the voter-list updaters,
are left out: their work ends before polling day.

Everything is invented and deterministic: the same city, polling day and seed give the same
roster, byte for byte. No person in it is real. NIK serials start at 9001, far above the serials
Dukcapil hands out in practice (0001 upwards per region and birth date), so a demo NIK is very
unlikely to be someone's real NIK.
"""

import random
from collections.abc import Sequence
from datetime import date

from screening.demo.city import City, Fktp, Kelurahan
from screening.nik import birth_date_range, make_nik

KPPS_PER_TPS = 7
LINMAS_PER_TPS = 2
PPS_PER_KELURAHAN = 3
PPS_SECRETARIAT_PER_KELURAHAN = 3
PPK_PER_KECAMATAN = 5
PPK_SECRETARIAT_PER_KECAMATAN = 3

ROLES = ("KPPS", "Linmas", "PPS", "Sekretariat PPS", "PPK", "Sekretariat PPK")

JKN_STATUSES = (("aktif", 80), ("tidak_aktif", 12), ("belum_terdaftar", 8))
BPJS_TK_STATUSES = (("aktif", 72), ("tidak_aktif", 8), ("belum_terdaftar", 20))
NO_FKTP_SHARE = 0.05  # registered with JKN but no FKTP recorded
OTHER_FKTP_SHARE = 0.03  # registered with a klinik pratama or a doctor instead of a Puskesmas
FIRST_SERIAL = 9001

# Share of men per role: Linmas are mostly men, KPPS less so.
MALE_SHARE = {
    "KPPS": 0.58,
    "Linmas": 0.92,
    "PPS": 0.68,
    "Sekretariat PPS": 0.5,
    "PPK": 0.75,
    "Sekretariat PPK": 0.5,
}
# Age on polling day: (youngest, oldest, weight) bands; most officers are 20 to 45.
_KPPS_AGES = ((17, 19, 3), (20, 29, 30), (30, 39, 30), (40, 49, 27), (50, 55, 10))
_LINMAS_AGES = ((17, 19, 1), (20, 29, 15), (30, 39, 30), (40, 49, 35), (50, 55, 19))
_BODY_AGES = ((21, 29, 20), (30, 39, 35), (40, 49, 35), (50, 55, 10))
AGE_BANDS = {
    "KPPS": _KPPS_AGES,
    "Linmas": _LINMAS_AGES,
    "PPS": _BODY_AGES,
    "Sekretariat PPS": _BODY_AGES,
    "PPK": _BODY_AGES,
    "Sekretariat PPK": _BODY_AGES,
}

# Common given names in Pekalongan and around; combined at random, so no name is a real person's.
MALE_NAMES = (
    "Agus", "Ahmad", "Andi", "Anton", "Arif", "Bambang", "Bayu", "Budi", "Danang", "Dimas",
    "Dwi", "Eko", "Fajar", "Fikri", "Galih", "Gunawan", "Hadi", "Hendra", "Heru", "Ilham",
    "Imam", "Joko", "Khoirul", "Lukman", "Muhammad", "Nur", "Riyan", "Rizki", "Rudi", "Sigit",
    "Slamet", "Sutrisno", "Taufik", "Teguh", "Tri", "Wahyu", "Warsito", "Yusuf", "Zaenal",
)  # fmt: skip
MALE_SURNAMES = (
    "Anwar", "Fauzi", "Firmansyah", "Hakim", "Hermawan", "Hidayat", "Kurniawan", "Maulana",
    "Nugroho", "Prasetyo", "Pratama", "Purnomo", "Rahmat", "Ridwan", "Santoso", "Saputra",
    "Setiawan", "Sulistyo", "Supriyadi", "Susanto", "Syaifudin", "Utomo", "Wibowo", "Wijaya",
)  # fmt: skip
FEMALE_NAMES = (
    "Anisa", "Ayu", "Desi", "Dewi", "Dian", "Dwi", "Eka", "Endang", "Eni", "Fitri", "Indah",
    "Intan", "Kartika", "Laila", "Maya", "Novi", "Nur", "Nurul", "Puji", "Putri", "Rahma",
    "Ratna", "Retno", "Rina", "Siti", "Sri", "Tri", "Tuti", "Umi", "Wulan", "Yuni",
)  # fmt: skip
FEMALE_SURNAMES = (
    "Anggraini", "Astuti", "Fatimah", "Fitriani", "Handayani", "Hidayah", "Khasanah",
    "Kusumawati", "Lestari", "Maharani", "Mardiyah", "Nurhayati", "Puspitasari", "Purwanti",
    "Rahayu", "Rahmawati", "Safitri", "Sholikhah", "Susanti", "Setyaningsih", "Wulandari",
    "Yuliani",
)  # fmt: skip
# Mobile prefixes of the Indonesian operators.
PHONE_PREFIXES = (
    "0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853", "0814", "0815", "0816",
    "0855", "0856", "0857", "0858", "0817", "0818", "0819", "0859", "0877", "0878", "0895",
    "0896", "0897", "0898", "0899", "0881", "0882", "0883", "0887", "0888", "0831", "0832",
    "0838",
)  # fmt: skip


def generate_roster(city: City, *, polling_day: date, seed: int = 2024) -> list[dict]:
    """Every officer of the city as a dict with `store.officers.ROSTER_FIELDS`, in kecamatan,
    kelurahan and TPS order."""
    # A seeded generator on purpose: the demo must be reproducible, and nothing here is secret.
    rng = random.Random(seed)  # noqa: S311
    return _RosterBuilder(city, polling_day, rng).build()


class _RosterBuilder:
    def __init__(self, city: City, polling_day: date, rng: random.Random) -> None:
        self.city = city
        self.polling_day = polling_day
        self.rng = rng
        self.serials: dict[str, int] = {}
        self.phones: set[str] = set()
        self.jkn_numbers: set[str] = set()
        self.other_fktps = tuple(f for f in city.fktp if f.kind != "puskesmas")

    def build(self) -> list[dict]:
        officers = []
        for kecamatan in self.city.kecamatan:
            kelurahan = self.city.kelurahan_in(kecamatan.code)
            # PPK members work for the whole kecamatan; their kelurahan is where they live.
            for role, count in (
                ("PPK", PPK_PER_KECAMATAN),
                ("Sekretariat PPK", PPK_SECRETARIAT_PER_KECAMATAN),
            ):
                for _ in range(count):
                    officers.append(self.officer(role, self.rng.choice(kelurahan), tps=None))
            for kel in kelurahan:
                for role, count in (
                    ("PPS", PPS_PER_KELURAHAN),
                    ("Sekretariat PPS", PPS_SECRETARIAT_PER_KELURAHAN),
                ):
                    for _ in range(count):
                        officers.append(self.officer(role, kel, tps=None))
                for tps in range(1, kel.tps_count + 1):
                    for role, count in (("KPPS", KPPS_PER_TPS), ("Linmas", LINMAS_PER_TPS)):
                        for _ in range(count):
                            officers.append(self.officer(role, kel, tps=tps))
        return officers

    def officer(self, role: str, kelurahan: Kelurahan, *, tps: int | None) -> dict:
        rng = self.rng
        sex = "L" if rng.random() < MALE_SHARE[role] else "P"
        birth_date = self.birth_date(role)
        jkn_status = weighted(rng, JKN_STATUSES)
        registered = jkn_status != "belum_terdaftar"
        fktp = self.fktp(kelurahan) if registered else None
        return {
            "nik": self.nik(kelurahan.kecamatan_code, birth_date, sex),
            "name": self.name(sex),
            "sex": sex,
            "birth_date": birth_date.isoformat(),
            "role": role,
            "kecamatan_code": kelurahan.kecamatan_code,
            "kelurahan_code": kelurahan.code,
            "tps": tps,
            "phone": self.phone(),
            "jkn_number": self.jkn_number() if registered else None,
            "jkn_status": jkn_status,
            "fktp_code": fktp.code if fktp else None,
            "bpjs_tk_status": weighted(rng, BPJS_TK_STATUSES),
        }

    def birth_date(self, role: str) -> date:
        youngest, oldest, _ = self.rng.choices(
            AGE_BANDS[role], weights=[w for _, _, w in AGE_BANDS[role]]
        )[0]
        age = self.rng.randint(youngest, oldest)
        earliest, latest = birth_date_range(self.polling_day, age)
        return date.fromordinal(self.rng.randint(earliest.toordinal(), latest.toordinal()))

    def nik(self, region6: str, birth_date: date, sex: str) -> str:
        # Serials count up per region, birth date and sex, as Dukcapil's do, so NIKs are unique.
        key = make_nik(region6, birth_date, sex, 1)[:12]
        serial = self.serials.get(key, FIRST_SERIAL)
        self.serials[key] = serial + 1
        return make_nik(region6, birth_date, sex, serial)

    def name(self, sex: str) -> str:
        given, surnames = (
            (MALE_NAMES, MALE_SURNAMES) if sex == "L" else (FEMALE_NAMES, FEMALE_SURNAMES)
        )
        shape = self.rng.random()
        if shape < 0.12:  # one name only, still common among Javanese
            return self.rng.choice(given)
        first, second = self.rng.sample(given, 2)
        if shape < 0.25:
            return f"{first} {second} {self.rng.choice(surnames)}"
        if shape < 0.40:
            return f"{first} {second}"
        return f"{first} {self.rng.choice(surnames)}"

    def phone(self) -> str:
        while True:
            length = self.rng.choices((11, 12, 13), weights=(25, 55, 20))[0]
            digits = "".join(self.rng.choices("0123456789", k=length - 4))
            phone = self.rng.choice(PHONE_PREFIXES) + digits
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def jkn_number(self) -> str:
        while True:
            number = "000" + "".join(self.rng.choices("0123456789", k=10))
            if number not in self.jkn_numbers:
                self.jkn_numbers.add(number)
                return number

    def fktp(self, kelurahan: Kelurahan) -> Fktp | None:
        draw = self.rng.random()
        if draw < NO_FKTP_SHARE:
            return None
        if draw < NO_FKTP_SHARE + OTHER_FKTP_SHARE and self.other_fktps:
            nearby = [f for f in self.other_fktps if f.kecamatan_code == kelurahan.kecamatan_code]
            return self.rng.choice(nearby or self.other_fktps)
        return self.city.puskesmas_for(kelurahan.code)


def weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([value for value, _ in table], weights=[w for _, w in table])[0]
