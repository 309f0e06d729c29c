"""Demo data: the city of Kota Pekalongan and a synthetic roster of its election officers."""

from screening.demo.city import City, Fktp, Kecamatan, Kelurahan, load_city
from screening.demo.roster import generate_roster

# Known passwords are the point of a demo: `make run` prints this one for every demo account, so
# it is public. `demo load` sets it without the password rule (which refuses it for every other
# account, screening/passwords.py); never load demo data into a production database.
DEMO_PASSWORD = "demo-skrining-2029"  # noqa: S105 -- published on purpose, see above

__all__ = [
    "DEMO_PASSWORD",
    "City",
    "Fktp",
    "Kecamatan",
    "Kelurahan",
    "generate_roster",
    "load_city",
]
