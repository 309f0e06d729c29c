"""`pytest -m "not browser"` skips every browser test, even one whose file forgets the marker."""


def test_a_browser_test_without_its_own_marker_still_carries_it(request):
    # This file sets no pytestmark: the folder's conftest marks every test in it.
    assert request.node.get_closest_marker("browser") is not None
