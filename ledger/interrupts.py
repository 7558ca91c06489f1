"""Ctrl-C and SIGTERM held back while beancount's parser runs, then acted on.

beancount's parser is C code that calls Python for each piece of an entry, and turns any
exception raised there into a parse error: KeyboardInterrupt too. An interrupt that came
in while a file was parsed was swallowed: the load went on without the entry, the command
reported errors that are not in the books, and the load cache kept that load for the next
commands. While `interrupts_held()` is active, SIGINT and SIGTERM are only noted; when the
block ends, the first one noted is raised again, so the handler that was in place (a
KeyboardInterrupt, relief's SIGTERM, or the end of the process) acts on it then. A parse
of the largest books file takes a fraction of a second, so the delay is not felt.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

HELD = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for the block, then raise the first one that came.

    Only in the main thread (the only one signal handlers may be set in, and the only one
    Python runs them in); a signal ignored (SIG_IGN) or handled outside Python stays so."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    previous = {}
    for signum in HELD:
        handler = signal.getsignal(signum)
        if handler is signal.SIG_IGN or handler is None:
            continue
        previous[signum] = handler
        signal.signal(signum, lambda number, _frame: came.append(number))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if came:
        signal.raise_signal(came[0])  # the handler put back acts on it now
