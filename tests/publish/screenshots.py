"""Screenshots the browser tests keep for people to look at.

A screenshot is a by-product, never what a test asserts: Chromium's capture can fail on a
busy machine ("Unable to capture screenshot", seen once in CI on a 6,000 px page that
captured fine everywhere else). So a capture is tried twice and a failure is a warning that
names the file, not a failed layout test.

Kept only when asked for (`RELIEF_SCREENSHOTS=1 make test`, or `make screenshots`): a
full-page capture of a long page costs Chromium about as much as the checks on it, and the
whole suite's browser tests took a third of its time capturing pictures nobody looked at
in CI.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

SHOTS = Path(__file__).parents[1] / "screenshots"


def screenshots_wanted() -> bool:
    """Whether the run was asked to keep screenshots (RELIEF_SCREENSHOTS set, not 0)."""
    return os.environ.get("RELIEF_SCREENSHOTS", "0") not in ("", "0")


def keep_screenshot(page, path: Path | str, *, full_page: bool = True) -> bool:
    """Save a screenshot of `page` at `path` when the run asked for them; True when it was
    saved, False when it was not asked for or failed twice."""
    if not screenshots_wanted():
        return False
    from playwright.sync_api import Error

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for _attempt in (1, 2):
        try:
            page.screenshot(path=str(path), full_page=full_page)
            return True
        except Error as exc:
            reason = str(exc).splitlines()[0]
    warnings.warn(f"screenshot {path.name} not saved (twice): {reason}", stacklevel=2)
    return False
