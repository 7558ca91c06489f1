"""The mark `relief demo` writes into the demo books' settings.beancount, and the test for it.

Kept apart from ledger/demo (which writes the books) so that the commands that only need to
know whether books are the demo's (`relief demo --force`, which replaces only books it wrote;
the note on entries dated after today, which the demo's whole fictional year would set off)
need not import the demo's story.
"""

from __future__ import annotations

from pathlib import Path

#: The line the demo writes into settings.beancount above its centre's facts: books holding
#: it were written by `relief demo` (a centre's own books never hold it).
DEMO_MARK = ";; The demo centre's public facts (fictional)."


def holds_demo(root: Path) -> bool:
    """Whether the books in the folder `root` are demo books (their settings carry DEMO_MARK)."""
    try:
        with open(Path(root) / "settings.beancount", encoding="utf-8", errors="replace") as fh:
            return any(line.rstrip("\r\n") == DEMO_MARK for line in fh)
    except OSError:
        return False
