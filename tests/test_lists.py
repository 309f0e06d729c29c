"""The one list helper: filters and pages read the same way on every staff list."""

import pytest

from screening.web import lists


@pytest.mark.parametrize(
    ("query", "number", "offset"),
    [("", 1, 0), ("?halaman=3", 3, 100), ("?halaman=abc", 1, 0), ("?halaman=-2", 1, 0)],
)
def test_the_page_asked_for_or_the_first(app, query, number, offset):
    with app.test_request_context("/" + query):
        page = lists.current_page()
    assert (page.number, page.offset) == (number, offset)


@pytest.mark.parametrize(("total", "pages"), [(0, 1), (50, 1), (51, 2), (120, 3)])
def test_the_pager_counts_whole_pages_and_never_none(total, pages):
    assert lists.Page(1).pager(total) == {"page": 1, "pages": pages, "total": total}


def test_a_filter_keeps_only_values_the_page_offers(app):
    known = [{"code": "337501"}]
    with app.test_request_context("/?kecamatan=337501&status=hilang"):
        assert lists.kecamatan(known) == "337501"
        assert lists.choice("status", ("baru",)) is None
    with app.test_request_context("/?kecamatan=999"):
        assert lists.kecamatan(known) is None
