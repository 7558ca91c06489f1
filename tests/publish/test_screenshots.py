"""A failed screenshot is a warning, never a failed page test (CI once failed a layout
test on Chromium's "Unable to capture screenshot" alone)."""

from __future__ import annotations

import pytest

from tests.publish.screenshots import keep_screenshot

playwright = pytest.importorskip("playwright.sync_api")


class FlakyPage:
    def __init__(self, failures: int):
        self.failures = failures
        self.calls = 0

    def screenshot(self, path, full_page):
        self.calls += 1
        if self.calls <= self.failures:
            raise playwright.Error("Page.screenshot: Protocol error (Page.captureScreenshot): Unable to capture screenshot")
        open(path, "wb").write(b"png")


@pytest.fixture
def asked(monkeypatch):
    monkeypatch.setenv("RELIEF_SCREENSHOTS", "1")


def test_no_capture_unless_the_run_asks_for_screenshots(tmp_path, monkeypatch):
    monkeypatch.delenv("RELIEF_SCREENSHOTS", raising=False)
    page = FlakyPage(failures=0)
    assert keep_screenshot(page, tmp_path / "c.png") is False
    monkeypatch.setenv("RELIEF_SCREENSHOTS", "0")
    assert keep_screenshot(page, tmp_path / "c.png") is False
    assert page.calls == 0 and not (tmp_path / "c.png").exists()


def test_a_capture_that_fails_once_is_tried_again(tmp_path, asked):
    page = FlakyPage(failures=1)
    assert keep_screenshot(page, tmp_path / "shots" / "a.png") is True
    assert page.calls == 2 and (tmp_path / "shots" / "a.png").read_bytes() == b"png"


def test_a_capture_that_keeps_failing_is_a_warning_naming_the_file(tmp_path, asked):
    page = FlakyPage(failures=5)
    with pytest.warns(UserWarning, match=r"b\.png not saved.*Unable to capture screenshot"):
        assert keep_screenshot(page, tmp_path / "b.png") is False
    assert page.calls == 2 and not (tmp_path / "b.png").exists()
