"""bench/scale.py's table of pages names routes the app has, as the role that may see them."""

from urllib.parse import urlsplit

import pytest

from bench import scale

PLACES = {
    "kecamatan": "337501",
    "kelurahan": "3375011001",
    "subject": "referral:RJ-0000001",
    "day": "2029-01-01",
    "fktp": "fktp",
}


@pytest.mark.parametrize("page", scale.PAGES, ids=lambda page: page.name)
def test_every_benched_page_is_a_route_of_the_app(app, page):
    url = urlsplit(page.path.format(**PLACES))
    adapter = app.url_map.bind("localhost")
    endpoint, _ = adapter.match(url.path, method="POST" if page.form else "GET")
    assert endpoint


def test_bench_page_names_are_unique():
    names = [page.name for page in scale.PAGES] + [name for name, _ in scale.TASKS]
    assert len(names) == len(set(names))
