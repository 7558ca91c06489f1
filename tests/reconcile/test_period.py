import datetime

import pytest

from ledger.reconcile.period import PeriodError, parse_period


@pytest.mark.parametrize(
    "text, start, end, name",
    [
        ("2024-03", (2024, 3, 1), (2024, 3, 31), "2024-03"),
        ("2024-02", (2024, 2, 1), (2024, 2, 29), "2024-02"),
        ("2023-02", (2023, 2, 1), (2023, 2, 28), "2023-02"),
        ("2024-Q1", (2024, 1, 1), (2024, 3, 31), "2024-Q1"),
        ("2024-q4", (2024, 10, 1), (2024, 12, 31), "2024-Q4"),
        (" 2024 ", (2024, 1, 1), (2024, 12, 31), "2024"),
        ("2024-3", (2024, 3, 1), (2024, 3, 31), "2024-03"),
    ],
)
def test_parse(text, start, end, name):
    p = parse_period(text)
    assert (p.start, p.end, str(p)) == (datetime.date(*start), datetime.date(*end), name)
    assert p.after == p.end + datetime.timedelta(days=1)
    assert len(p.days()) == (p.end - p.start).days + 1


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "2024-Q5", "March", "2024/03", "24-03", "0000", "", "2024-003", "2024-Q0"])
def test_bad_period_says_what_to_write(text):
    with pytest.raises(PeriodError, match="2024-03"):
        parse_period(text)
