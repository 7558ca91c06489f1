"""`relief serve` where the system gives no more file watchers (inotify instances: 128 per
user by default, used up by editors, sync clients and containers alike).

Fava's watcher threads died at start with two tracebacks ('Error creating recommended
watcher: Too many open files (os error 24)') printed over the terminal, and Fava never
noticed a change to the books again: the auditors kept seeing the books as they were when
the server started, an import or a correction later. relief serve now finds that out first
and has Fava look for changes by reading the files' times instead, saying so."""

from __future__ import annotations

import os
import threading
import time

import fava.core.watcher

from cli.serve import make_app


def test_serve_without_file_watchers_still_sees_a_change(sample_books, monkeypatch, tmp_path):
    def no_more_watchers(*args, **kwargs):
        raise RuntimeError("Error creating recommended watcher: Too many open files (os error 24)")
        yield  # a generator, as watchfiles.watch is

    monkeypatch.setattr(fava.core.watcher, "watch", no_more_watchers)
    died: list = []
    monkeypatch.setattr(threading, "excepthook", lambda args: died.append(args.exc_value))
    app = make_app(sample_books)
    assert app.polling
    _, ledger = next(iter(app.app.config["LEDGERS"].items()))
    time.sleep(0.5)  # what a watcher thread had to do, it has done
    assert died == []
    main = app.main
    later = time.time() + 5
    os.utime(main, (later, later))
    assert ledger.watcher.check(), "a change to the books went unnoticed"



def test_watchers_used_up_after_the_check_fall_back_to_polling(sample_books, monkeypatch):
    """The check is a moment before Fava starts its watchers: other programs (another relief
    serve started alongside) can take the last ones in between. Then Fava's threads died as
    before, two tracebacks over the terminal and changes never seen; now a watcher that cannot
    be had polls the files' times instead."""
    import watchfiles

    import cli.serve

    real = watchfiles.watch

    def none_left_but_polling(*args, force_polling=None, **kwargs):
        if not force_polling:
            raise RuntimeError("Error creating recommended watcher: Too many open files (os error 24)")
        yield from real(*args, force_polling=True, **kwargs)

    monkeypatch.setattr(cli.serve, "file_watchers_work", lambda folder: True)  # free when checked
    monkeypatch.setattr(fava.core.watcher, "watch", none_left_but_polling)  # gone when started
    died: list = []
    monkeypatch.setattr(threading, "excepthook", lambda args: died.append(args.exc_value))
    app = make_app(sample_books)
    assert not app.polling
    _, ledger = next(iter(app.app.config["LEDGERS"].items()))
    time.sleep(1.5)  # the threads have started, and polled the files once
    assert died == []
    ledger.watcher.check()
    later = time.time() + 5
    os.utime(app.main, (later, later))
    for _ in range(50):
        if ledger.watcher.check():
            break
        time.sleep(0.1)
    else:
        raise AssertionError("a change to the books went unnoticed")
