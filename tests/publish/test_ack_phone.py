"""The acknowledgement page a donor opens from their letter's QR code, on a phone.

The donor holds the letter beside the phone and matches the receipt number and the
verification code. On a 320 px phone (the small iPhones, many Android phones with the
text made larger) every page drew the receipt number on two lines, "JZ-2026-" under
收据编号 and "01087" below it: the label column took 8rem of the 246 px card and the number
broke at its hyphen. Numbers and codes are now read whole, and the label column gives way
on a narrow screen; at 390 px and wider the page looks as it did.
"""

from __future__ import annotations

import pytest

from tests.publish.screenshots import SHOTS, keep_screenshot

pytestmark = pytest.mark.browser

#: per receipt number and verification code: the lines it is drawn on, and whether it stays
#: inside the card (or section) that holds it, and how far it stands from the figure under it
LOOK = """() => [...document.querySelectorAll('.receipt, .proof .code')].map(e => {
    const r = document.createRange(); r.selectNodeContents(e);
    const rects = [...r.getClientRects()].filter(x => x.width > 0);
    const box = e.closest('article, section').getBoundingClientRect(), pad = parseFloat(getComputedStyle(e.closest('article, section')).paddingRight);
    const below = e.closest('div') && e.closest('div').nextElementSibling;
    return {text: e.textContent, lines: new Set(rects.map(x => Math.round(x.top))).size,
            inside: Math.max(...rects.map(x => x.right)) <= box.right - pad + 1,
            shift: below ? Math.round(e.getBoundingClientRect().left - below.querySelector('dd').getBoundingClientRect().left) : 0};
})"""


@pytest.mark.parametrize("width", [320, 360, 390])
def test_receipt_number_and_code_are_read_whole_on_a_phone(browser, published, width):
    site, result = published
    gift = next(d for d in result.model.donations if d.ack_path)
    context = browser.new_context(viewport={"width": width, "height": 844}, device_scale_factor=2)
    pg = context.new_page()
    try:
        pg.goto((site / gift.ack_path).as_uri())
        found = pg.evaluate(LOOK)
        assert len([f for f in found if f["text"] == gift.receipt]) == 2, found  # the Chinese and the English card
        for f in found:
            assert f["lines"] == 1, f"{width} px: {f['text']} is drawn on {f['lines']} lines"
            assert f["inside"], f"{width} px: {f['text']} runs out of its card"
            assert f["shift"] == 0, f"{width} px: {f['text']} stands {f['shift']} px off the amount under it"
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        keep_screenshot(pg, SHOTS / "ack_phone" / f"ack_{width}.png")
    finally:
        context.close()
