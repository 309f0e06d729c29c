"""Demo data: the city of Kota Pekalongan and a synthetic roster of its election officers."""

from screening.demo.city import City, Fktp, Kecamatan, Kelurahan, load_city
from screening.demo.roster import generate_roster

__all__ = ["City", "Fktp", "Kecamatan", "Kelurahan", "generate_roster", "load_city"]
