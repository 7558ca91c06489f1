"""Starting Fava on relief books the way `relief serve` does: read-only unless asked.

`make_app` builds (and loads) the Fava application without serving it, so it can be tested
and reused; `serve` runs it with cheroot, the WSGI server Fava's own command uses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledger.books import resolve_books
from ledger.errors import ReliefError, bilingual, is_warning
from ledger.parse_cache import guard_every_parse

EXTENSION = "ledger.fava_ext"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000


#: What a change refused on read-only books answers (Fava's page shows it after "HTTP 401 - ").
READ_ONLY_REFUSAL = bilingual(
    "账簿以只读方式打开（relief serve）：不保存、不上传、不导入任何内容；财务人员修改账簿请用 relief serve BOOKS --edit",
    "The books are open read-only (relief serve): nothing is saved, uploaded or imported; "
    "a finance officer who is to change them runs relief serve BOOKS --edit.",
)


class ServeError(ReliefError):
    """Fava cannot be started as asked (message says why and what to do)."""


@dataclass
class FavaApp:
    """Fava's application on the books, with what `relief serve` tells the user before serving."""
    app: Any  # the Flask application
    main: Path
    read_only: bool
    has_extension: bool
    slug: str
    errors: int  # what Fava's Errors page lists (beancount's and the rules'), warnings aside
    warnings: int = 0  # the rules' warnings on that page (relief check counts them apart)
    polling: bool = False  # no file watchers to be had: Fava reads the files' times instead

    def url(self, host: str, port: int) -> str:
        """The address of the auditors' report page (IPv6 hosts in brackets), printed for the user to open;
        Fava's own start page for books that do not load the extension (the report page is a 404 there)."""
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/{self.slug}/" + ("extension/ReliefAudit/" if self.has_extension else "")


def make_app(books: str | os.PathLike[str], *, edit: bool = False) -> FavaApp:
    """Fava's app on BOOKS, loaded now (so a broken file shows before the server starts)."""
    main = resolve_books(books)
    guard_every_parse()  # a FIFO or device among the includes: an error in Fava, never a hang
    from fava.application import create_app  # heavy: only when serving

    polling = not file_watchers_work(main.parent)
    _poll_when_no_watcher()
    app = create_app([str(main)], load=True, read_only=not edit, poll_watcher=polling)
    if not edit:
        _tell_read_only(app)
    ledgers = app.config["LEDGERS"]
    slug, ledger = next(iter(ledgers.items()))
    extension = ledger.extensions.get_extension("ReliefAudit")
    has_extension = extension is not None
    if has_extension:
        with app.app_context():
            extension.compile_page()  # now, with the load, not on the auditor's first page
    warnings = sum(1 for e in ledger.errors if is_warning(e))
    return FavaApp(app, main, not edit, has_extension, slug, len(ledger.errors) - warnings, warnings, polling)


def _tell_read_only(app: Any) -> None:
    """Fava refuses every change on read-only books with a bare 401, which its page showed as
    "HTTP 401" alone (Unauthorized: as if a login were missing). Its page shows the `error` of
    a JSON answer beside the status, so the refusal says why and what to run instead. Fava
    itself answers 401 for nothing else."""
    from flask import jsonify

    def refused(_error: Exception) -> Any:
        return jsonify({"error": READ_ONLY_REFUSAL}), 401

    app.register_error_handler(401, refused)


def file_watchers_work(folder: Path) -> bool:
    """Whether the system gives Fava the two file watchers it starts for the books (inotify
    on Linux), tried with the very function Fava's watcher threads call (without the
    fallback to polling that `_poll_when_no_watcher` wraps it in).

    Why: where they were used up (128 per user by default, shared with editors, sync
    clients, containers), Fava's threads died at start with two tracebacks over the
    terminal, and Fava never noticed a change to the books again: auditors kept seeing them
    as they were when the server started. Then Fava is asked to poll instead."""
    from fava.core import watcher

    probes = []
    try:
        for _ in range(2):
            probe = getattr(watcher.watch, "__wrapped__", watcher.watch)(folder, recursive=False, yield_on_timeout=True, rust_timeout=1, debounce=1)
            next(probe)
            probes.append(probe)
    except Exception:  # noqa: BLE001 - watchfiles' own error types vary (RuntimeError, OSError, its Rust error)
        return False
    finally:
        for probe in probes:
            probe.close()
    return True


def _poll_when_no_watcher() -> None:
    """Have each of Fava's watcher threads poll the files' times when the system refuses it a
    watcher as it starts (watchfiles' own polling, `force_polling`).

    Why: `file_watchers_work` checks a moment before Fava starts its threads; other programs
    (another relief serve started alongside) can take the last watchers in between, and the
    threads died then as before, with two tracebacks over the terminal and no change to the
    books ever seen again. Fava's threads call its module's `watch`, wrapped here once."""
    from fava.core import watcher

    watch = watcher.watch
    if getattr(watch, "relief_polls_without_watcher", False):
        return

    def watch_or_poll(*paths: Any, **kwargs: Any) -> Any:
        try:
            yield from watch(*paths, **kwargs)
        except Exception:  # noqa: BLE001 - watchfiles' own error types vary (RuntimeError, OSError, its Rust error)
            if kwargs.get("force_polling"):
                raise
            yield from watch(*paths, **{**kwargs, "force_polling": True})

    watch_or_poll.relief_polls_without_watcher = True  # type: ignore[attr-defined]
    watch_or_poll.__wrapped__ = watch  # type: ignore[attr-defined]  # what file_watchers_work tries
    watcher.watch = watch_or_poll  # type: ignore[assignment]


def port_free(host: str, port: int) -> bool:
    """Whether `host:port` can be bound now: checked first, so a busy port is a message, not a traceback from the server."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def serve(fava: FavaApp, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve until interrupted (cheroot, as `fava` itself does)."""
    if not port_free(host, port):
        raise ServeError(bilingual(f"{host}:{port} 已被占用或不可用；请用 --port 另选一个",
                                   f"{host}:{port} is already in use or not available; choose another with --port"))
    from cheroot.wsgi import Server

    server = Server((host, port), fava.app)
    try:
        server.start()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
