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

