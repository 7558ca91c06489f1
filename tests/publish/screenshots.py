"""Screenshots the browser tests keep for people to look at.

A screenshot is a by-product, never what a test asserts: Chromium's capture can fail on a
busy machine ("Unable to capture screenshot", seen once in CI on a 6,000 px page that
captured fine everywhere else). So a capture is tried twice and a failure is a warning that
names the file, not a failed layout test.
"""

from __future__ import annotations

import warnings
from pathlib import Path

SHOTS = Path(__file__).parents[1] / "screenshots"


def keep_screenshot(page, path: Path | str, *, full_page: bool = True) -> bool:
    """Save a screenshot of `page` at `path`; True when it was saved."""
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
