"""relief's rules on a second core while beancount finishes loading the books.

A full load of large books spends about a sixth of its time in the rules (the plugin
`ledger.plugins.rules`), and as long again in what follows them in beancount's loader (the
pad and balance plugins, validation), which needs nothing the rules compute: the rules
return the entries unchanged and only add errors. Within `beside()` (opened by relief's own
commands around beancount's loader, ledger/load_cache.py), when the rules bundle is reached
on large books it forks: the child runs the rules on the entries exactly as they are at that
point and sends back what they leave (their errors, the errors by rule for
`ledger.plugins.rules._RUNS`, the notes for the load cache, ledger/memo.py); the parent
returns the entries at once with one placeholder error and goes on with the loader. When the
loader returns, `Beside.finish` puts the child's errors where the placeholder stands, which
is where a run in this process would have put them (beancount only appends errors after it),
and records the rest as a run in this process would have.

The errors come back with their references to the books kept: an error naming an entry, its
metadata or one of its postings names that very object of this process (pickled by position
in the entries, not by value), as in a run in this process. An exception in a rule is
reported as beancount's loader reports it (a LoadError whose text is the same traceback).

Nothing changes otherwise: the child only reads, writes nothing but its pipe and leaves with
os._exit. The rules run in this process as before when RELIEF_PARALLEL_RULES=0, outside
`beside()` (bean-check, Fava, tests that call the loader), on books with fewer than
MIN_ENTRIES entries (a fork does not pay), where fork is missing, with one core (CPU
affinity or a container's quota, ledger/cores.py: the child would only take turns with the
parent, and the copied memory pages cost the pair about a second more on 100,000
transactions), while other threads run (a fork copies only the calling thread), and when
the caller is not beancount's loader. If
the child fails in any way (killed, a result that cannot be read), the rules run in this
process after the load, so no error is ever lost; if a rule changed the entries (no rule of
relief does: each returns the list it was given, element for element, which the child
checks), the load is made again without forking (`Redo`).
"""

from __future__ import annotations

import io
import operator
import os
import pickle
import select
import signal
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from beancount.core import data

from ledger import memo
from ledger.cores import default_jobs
from ledger.timings import count, record

ENV = "RELIEF_PARALLEL_RULES"
_OFF = ("0", "off", "no", "false")
#: Books with fewer entries run the rules in this process. Measured on the demo books: the
#: rules take 0.02 s of CPU on 1,300 entries, 0.15 s on 11,000, 0.45 s on 32,000 and 2.8 s on
#: 104,000 (of a 12 s load); the fork and the memory pages it makes both processes copy
#: cost the parent about a tenth of the rules' time, so below this the gain is unnoticeable.
MIN_ENTRIES = 10000
_LOADER_MODULE = "beancount.loader"
_LOADER_FUNCTION = "run_transformations"


class Redo(Exception):
    """The rules changed the entries in the child: the load must be made again without forking."""


def enabled() -> bool:
    """Whether relief's commands may run the rules beside the load (RELIEF_PARALLEL_RULES)."""
    return os.environ.get(ENV, "").strip().lower() not in _OFF and hasattr(os, "fork")


@dataclass(eq=False)
class _Job:
    """A child running the rules: its pid, the pipe it answers on, and what it was given."""

    pid: int
    read_fd: int
    marker: Any
    entries: list  # a copy of the list the rules were given (the objects themselves)
    options_map: dict
    plugin_name: str
    notes: dict | None  # where the rules' notes go (ledger/memo.py), if a load keeps them
    run_rules: Callable  # ledger.plugins.rules.run_rules (not imported here: plugins import this module)
    record_run: Callable
    started: tuple[float, float] = field(default_factory=lambda: (time.perf_counter(), time.process_time()))
    done: bool = False


class Beside:
    """The children forked during one load (normally one), and how to take their results."""

    def __init__(self) -> None:
        self.jobs: list[_Job] = []

    def finish(self, errors: list, loaded: tuple[list, dict] | None = None) -> None:
        """Put each child's errors where its placeholder stands in `errors` (in place), and
        record its errors by rule and notes; a failed child's rules run here instead.
        Raises Redo when a child saw a rule change the entries.

        `loaded`: the loader's entries and options, for the work a caller gave `meanwhile`,
        which runs first when a child is still at work."""
        jobs, self.jobs = self.jobs, []
        work = _MEANWHILE.get()
        if work is not None and loaded is not None and any(_still_running(job) for job in jobs):
            try:
                work(*loaded)
            except Exception:  # noqa: BLE001 (work done ahead only: the caller does it again, and reports what fails)
                count("rules: work meanwhile failed")
        try:
            for job in jobs:
                replacement = _collect(job)
                at = next((i for i, e in enumerate(errors) if e is job.marker), None)
                if at is None:  # a plugin dropped the placeholder: where the errors go is unknown
                    raise Redo("the placeholder of the rules' errors is gone")
                errors[at : at + 1] = replacement
        finally:
            for job in jobs:
                _stop(job)

    def cancel(self) -> None:
        """Stop every child still running (the load failed)."""
        for job in self.jobs:
            _stop(job)
        self.jobs = []


_SESSION: ContextVar[Beside | None] = ContextVar("relief_rules_beside", default=None)
_MEANWHILE: ContextVar[Callable[[list, dict], Any] | None] = ContextVar("relief_rules_meanwhile", default=None)


@contextmanager
def meanwhile(work: Callable[[list, dict], Any]) -> Iterator[None]:
    """Within this block, a load that ends while the rules' child is still at work first runs
    `work(entries, options)` in this process (the loaded entries, final: the rules only add
    errors), instead of only waiting. For work a command does next that needs the entries
    but not the errors (publish's public model, publish/run.py). `work` must not change the
    entries nor raise for anything it cares about: an exception is swallowed, and the caller
    does the work again after the load."""
    token = _MEANWHILE.set(work)
    try:
        yield
    finally:
        _MEANWHILE.reset(token)


def _still_running(job: _Job) -> bool:
    """Whether the child has not answered yet (it writes its whole answer when done)."""
    if job.done:
        return False
    try:
        readable, _w, _x = select.select([job.read_fd], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable
#: True in a child: it never forks again.
_IN_CHILD = False


@contextmanager
def beside() -> Iterator[Beside | None]:
    """Within this block (this thread or task), the rules bundle may run in a forked child;
    the caller must call `finish(errors)` on the loaded errors before leaving it."""
    if not enabled():
        yield None
        return
    session = Beside()
    token = _SESSION.set(session)
    try:
        yield session
    finally:
        _SESSION.reset(token)
        session.cancel()


@contextmanager
def off() -> Iterator[None]:
    """Within this block, the rules run in this process (a load made again after `Redo`)."""
    token = _SESSION.set(None)
    try:
        yield
    finally:
        _SESSION.reset(token)


class Child:
    """What `fork_rules` returns in the child: run the rules, then `done` or `failed` (neither returns)."""

    def __init__(self, write_fd: int, entries: list, options_map: dict) -> None:
        self.write_fd = write_fd
        self.entries = entries
        self.given = list(entries)
        self.options_map = options_map
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def done(self, returned: Any, errors: list, by_rule: list) -> None:
        """Send the rules' errors, errors by rule and notes back, and leave."""
        try:
            if returned is not self.entries or len(returned) != len(self.given) or not all(map(operator.is_, returned, self.given)):
                self._send(("changed",))
            else:
                self._send(("ok", errors, by_rule, _notes_left()))
        finally:
            os._exit(1)  # never back into the loader: the parent goes on with the books

    def failed(self, exc: Exception, loader_frame: types.FrameType) -> None:
        """Send the LoadError beancount's loader makes of a plugin's exception, and leave.

        The loader formats the traceback from its own frame down; the exception was caught
        one frame lower (in the bundle), so the loader's frame is put in front of it."""
        try:
            tb = types.TracebackType(exc.__traceback__, loader_frame, loader_frame.f_lasti, loader_frame.f_lineno)
            formatted = "".join(traceback.format_exception(type(exc), exc, tb)).replace("\n", "\n  ")
            error = _load_error(loader_frame.f_locals.get("plugin_name"), formatted)
            self._send(("raised", [error], _notes_left()))
        finally:
            os._exit(1)

    def abandon(self) -> None:
        """Leave without a result (the parent then runs the rules itself)."""
        os._exit(1)

    def _send(self, payload: tuple) -> None:
        code = 1
        try:
            buf = io.BytesIO()
            _Pickler(buf, self.given, self.options_map).dump((*payload, time.perf_counter() - self.wall, time.process_time() - self.cpu))
            view = memoryview(buf.getbuffer())
            while view:
                view = view[os.write(self.write_fd, view) :]
            code = 0
        finally:
            os._exit(code)


def fork_rules(entries: Any, options_map: dict, run_rules: Callable, record_run: Callable) -> Any:
    """Called by the rules bundle first: None to run the rules in this process as usual; a
    `Child` in the forked child (run them and report); otherwise, in the parent, the
    placeholder error to return in place of the rules' errors. `run_rules` and `record_run`
    (the bundle's) run the rules here if the child fails, and record the child's run."""
    session = _SESSION.get()
    if session is None or _IN_CHILD or not isinstance(entries, list) or len(entries) < MIN_ENTRIES:
        return None
    loader_frame = sys._getframe(2)  # fork_rules <- the bundle <- beancount's loader
    if loader_frame.f_globals.get("__name__") != _LOADER_MODULE or loader_frame.f_code.co_name != _LOADER_FUNCTION:
        return None
    if other_threads() or default_jobs() < 2:
        return None
    plugin_name = str(loader_frame.f_locals.get("plugin_name"))
    notes = memo.notes_kept()
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        count("rules: fork failed, run in this process")
        return None
    if pid == 0:
        try:
            return _become_child(read_fd, write_fd, entries, options_map)
        except BaseException:
            os._exit(1)  # never back into the loader: the parent runs the rules itself
    os.close(write_fd)
    marker = _load_error(plugin_name, f"(the rules' errors, being found in process {pid})")
    session.jobs.append(_Job(pid, read_fd, marker, list(entries), options_map, plugin_name, notes, run_rules, record_run))
    count("rules: run beside the load")
    return marker


def other_threads() -> bool:
    """Whether threads other than this one run (Fava's file watchers, a server): a fork copies
    only the calling thread, and a lock another thread holds would stay locked in the child."""
    return threading.active_count() > 1


def _become_child(read_fd: int, write_fd: int, entries: list, options_map: dict) -> Child:
    global _IN_CHILD
    _IN_CHILD = True
    os.close(read_fd)
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a Ctrl-C ends the child at once; the parent sees to the rest
    return Child(write_fd, entries, options_map)


def _load_error(plugin_name: str | None, text: str) -> Any:
    from beancount.loader import LoadError

    return LoadError(data.new_metadata("<load>", 0), f'Error applying plugin "{plugin_name}": {text}')


def _notes_left() -> dict | None:
    notes = memo.notes_kept()
    return None if notes is None else dict(notes)


# --- sending the errors with their references to the books kept ---------------------------


class _Pickler(pickle.Pickler):
    """Pickles the objects of the books (entries, their metadata, postings and theirs, the
    options map) by position, so that the parent puts its own very objects in their place."""

    def __init__(self, file, entries: list, options_map: dict) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._entries = entries
        self._options_map = options_map
        self._where: dict[int, tuple] | None = None

    def persistent_id(self, obj: Any) -> tuple | None:
        if not isinstance(obj, (tuple, dict)):
            return None
        if self._where is None:
            self._where = _positions(self._entries, self._options_map)
        return self._where.get(id(obj))


def _positions(entries: list, options_map: dict) -> dict[int, tuple]:
    where: dict[int, tuple] = {id(options_map): ("o",)}
    for i, entry in enumerate(entries):
        where[id(entry)] = ("e", i)
        meta = getattr(entry, "meta", None)
        if isinstance(meta, dict):
            where[id(meta)] = ("m", i)
        for j, posting in enumerate(getattr(entry, "postings", None) or ()):
            where[id(posting)] = ("p", i, j)
            if isinstance(posting.meta, dict):
                where[id(posting.meta)] = ("pm", i, j)
    return where


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, entries: list, options_map: dict) -> None:
        super().__init__(file)
        self._entries = entries
        self._options_map = options_map

    def persistent_load(self, pid: tuple) -> Any:
        kind = pid[0]
        if kind == "o":
            return self._options_map
        entry = self._entries[pid[1]]
        if kind == "e":
            return entry
        if kind == "m":
            return entry.meta
        posting = entry.postings[pid[2]]
        return posting if kind == "p" else posting.meta


# --- taking a child's result --------------------------------------------------------------


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _collect(job: _Job) -> list:
    """The errors to put in place of the job's placeholder (from the child, else from the rules run here)."""
    wall, cpu = time.perf_counter(), time.process_time()
    record("the load beside the rules (this process)", wall - job.started[0], cpu - job.started[1])
    try:
        raw = _read_all(job.read_fd)
        record("waiting for the rules", time.perf_counter() - wall, time.process_time() - cpu)
        _stop(job, kill=False)
        kind, *rest, wall, cpu = _Unpickler(io.BytesIO(raw), job.entries, job.options_map).load()
        if kind not in ("ok", "raised", "changed"):
            raise ValueError(kind)
    except Exception:  # the child died or sent something unreadable: the rules run here
        count("rules: child failed, run in this process")
        return _run_here(job)
    record("rules (in a forked child, beside the load)", wall, cpu)
    if kind == "changed":
        raise Redo("a rule changed the entries")
    if kind == "ok":
        errors, by_rule, notes = rest
        job.record_run(job.options_map, by_rule)
    else:  # "raised": the rules' exception as beancount's loader reports it
        errors, notes = rest
    if job.notes is not None and notes:
        job.notes.update(notes)
    return errors


def _run_here(job: _Job) -> list:
    """The rules run in this process on the entries the child was given (its notes go where
    the child's would have), with a rule's exception reported as the loader reports it."""
    try:  # within the load's notes (ledger/memo.py), still open around the loader
        returned, errors, by_rule = job.run_rules(job.entries, job.options_map)
    except Exception:
        return [_load_error(job.plugin_name, traceback.format_exc().replace("\n", "\n  "))]
    if returned is not job.entries or len(returned) != len(job.entries):
        raise Redo("a rule changed the entries")
    job.record_run(job.options_map, by_rule)
    return errors


def _stop(job: _Job, kill: bool = True) -> None:
    """Close the pipe and reap the child (killed first unless it has answered: it is leaving)."""
    if job.done:
        return
    job.done = True
    try:
        os.close(job.read_fd)
    except OSError:
        pass
    try:
        if kill:
            os.kill(job.pid, signal.SIGKILL)
        os.waitpid(job.pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass
