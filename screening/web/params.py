"""Request values read one way everywhere: the page of a list, a return address, and the URL
converter that bounds every `<int:…>` id. Numbers, days, codes and text come from
`screening.values`, which the domain shares.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter, ValidationError

from screening.values import CONTROL, SQLITE_MAX_INTEGER, positive_int

MAX_PAGE = 10_000  # 500,000 rows at 50 a page: more than any list here holds
MAX_NEXT_LENGTH = 2000


def page(args: Mapping, name: str = "halaman") -> int:
    """The page number of a paged list; 1 for anything that is not one."""
    return positive_int(args.get(name), at_most=MAX_PAGE) or 1


def safe_next(target) -> str | None:
    """`target` when it is a path on this site, else None: a "next" or language-switch address
    must not become an open redirect (`//evil.example`, `/\\evil.example`, which browsers read
    as `//`) or a header injection (CR/LF)."""
    if not isinstance(target, str) or not target or len(target) > MAX_NEXT_LENGTH:
        return None
    if CONTROL.search(target) or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` in every route: ASCII digits only (werkzeug's `\\d` also takes "٣") and at most
    SQLite's INTEGER, so `/admin/staf/99999999999999999999/…` is a 404 like any unknown id."""

    regex = r"[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > SQLITE_MAX_INTEGER:
            raise ValidationError()
        return number


def init_app(app) -> None:
    """Register the converter; before any blueprint, since rules bind converters when added."""
    app.url_map.converters["int"] = BoundedIntConverter
