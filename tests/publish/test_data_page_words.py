"""What the open-data page says of the CSV files' amounts is what the files hold.

The Chinese said 小数点后两位 (two decimal places); the English said "with a decimal point",
which tells a reader nothing they could check. Both now say two decimal places, and every
amount column of the CSV files has exactly two."""

from __future__ import annotations

import csv
import re

from .sitecheck import visible_text

AMOUNTS = {"amount", "opening", "raised", "spent", "transfers", "balance", "Amount Awarded"}


def test_the_data_page_says_two_decimal_places_in_both_languages(published):
    out, _ = published
    zh = visible_text(out / "data" / "index.html")
    en = re.sub(r"\s+", " ", visible_text(out / "en" / "data" / "index.html"))
    assert "小数点后两位" in zh
    assert re.search(r"amounts are in [A-Z]{3}, to two decimal places\.", en), en


def test_every_amount_in_the_csv_files_has_two_decimal_places(published):
    out, _ = published
    seen = 0
    for path in sorted((out / "data").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                for column in AMOUNTS & row.keys():
                    if row[column]:
                        assert re.fullmatch(r"-?\d+\.\d\d", row[column]), (path.name, column, row[column])
                        seen += 1
    assert seen > 0
