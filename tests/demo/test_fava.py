"""Auditors open the demo books in Fava: the pages load and Fava reports no errors."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from fava.application import create_app


@pytest.fixture(scope="module")
def client(small_demo):
    app = create_app([small_demo], load=True)
    app.testing = True
    return app.test_client()


@pytest.fixture(scope="module")
def slug(client) -> str:
    """The books' address in Fava (from the redirect of /)."""
    response = client.get("/")
    assert response.status_code == 302
    return urlsplit(response.headers["Location"]).path.strip("/").split("/")[0]


def test_fava_reports_no_errors(client, slug):
    response = client.get(f"/{slug}/api/errors")
    assert response.status_code == 200
    assert response.get_json()["data"] == []


@pytest.mark.parametrize("page", ["income_statement", "balance_sheet", "journal", "documents", "commodities", "errors"])
def test_pages_load(client, slug, page):
    response = client.get(f"/{slug}/{page}/")
    assert response.status_code == 200
    assert "江临市总工会困难职工帮扶中心" in response.get_data(as_text=True)

