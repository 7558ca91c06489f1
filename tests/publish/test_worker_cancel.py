"""A failed publish stops a worker that is still sending its result.

Why: a publish whose template failed (tests/publish/test_cli.py's syntax error) cancelled the
annual report's worker, which had made its PDF (251 KB) and was writing it into the pipe
the main process no longer read. `cancel()` sent SIGTERM and waited for the worker; the
worker, which catches SIGTERM through a handler inherited with the fork, did not end, and
went on writing, and the two waited for each other for ever: `.ci/run` hung at 97 % with its
worker in wait4 and the child in write(2). Cancelling now closes the reading end first (the
worker's write fails with a broken pipe), and kills a worker that outlives SIGTERM.
"""

from __future__ import annotations

import signal
import threading
import time

import pytest

from publish import parallel

pytestmark = pytest.mark.skipif(not parallel.fork_available(), reason="needs fork")


def _big_result_with_sigterm_held() -> bytes:
    signal.signal(signal.SIGTERM, lambda *_: None)  # as a held interrupt does: noted, not acted on
    return b"%PDF" + b"x" * 1_000_000  # more than a pipe holds


def test_cancel_returns_while_the_worker_is_blocked_sending():
    job = parallel.Forked(_big_result_with_sigterm_held)
    time.sleep(1.0)  # the worker has made its result and is blocked writing it
    done = threading.Event()
    stopper = threading.Thread(target=lambda: (job.cancel(), done.set()), daemon=True)
    stopper.start()
    assert done.wait(20), "cancel() waited for ever for a worker blocked on its pipe"
    assert not job._process.is_alive()
