"""Running parts of a publish in forked worker processes beside the main one.

A large site is mostly two kinds of work that need nothing from each other: tens of
thousands of acknowledgement pages, and the annual-report PDFs. On a machine with several
cores they run side by side: the main process forks workers after the public model is
built (a fork shares the model and the loaded templates without copying or pickling them),
the workers take shares of the pages in turn (`Counter`) and render them into the same
staging folder, and send back only what the main process must record (paths, hashes, file
stamps, or a PDF's bytes). No more workers run at once than the cores asked for.

Scheduling is here too: `Background` runs the slow files (the report PDFs) beside the
pages, and `share_out` shares the acknowledgement pages among workers, so that no more
processes are at work at once than --jobs.

Workers only ever write inside the staging folder, which is thrown away if anything fails,
so the previous site stays as it was; an error in a worker is raised again in the main
process. Where fork is not available (Windows), everything runs in the main process.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import pickle
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from ledger.cores import cpu_quota, default_jobs  # noqa: F401  (here for publish and letters; in ledger/ for the loader too)
from ledger.said import said
from ledger.timings import record

T = TypeVar("T")
R = TypeVar("R")


def fork_available() -> bool:
    """Whether this platform can fork (not on Windows: everything then runs in this process)."""
    return "fork" in multiprocessing.get_all_start_methods()


class WorkerFailed(Exception):
    """A worker died without a result (killed, out of memory)."""


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling both ways, else its text."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # pickling an arbitrary exception can raise any kind (PicklingError, TypeError, ...)
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _run(fn: Callable[[], Any], conn, own_recv) -> None:
    # The fork copied the pipe's reading end too: closed here, so that when the main process
    # is gone (killed) the send below fails (broken pipe) and this worker ends, instead of
    # waiting for ever for a reader that it is itself.
    own_recv.close()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        result = ("ok", fn())
    except BaseException as exc:  # sent back and raised in the main process
        result = ("error", _portable(exc), traceback.format_exc())
    conn.send((*result, time.perf_counter() - wall, time.process_time() - cpu))
    conn.close()


class Forked:
    """`fn()` running in a forked child; `result()` waits for it and returns its value (or
    raises its exception). `cancel()` stops it. After result(), `seconds` is the child's
    (elapsed, CPU) time in `fn` (for --timings)."""

    seconds: tuple[float, float] = (0.0, 0.0)

    def __init__(self, fn: Callable[[], Any]):
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_run, args=(fn, send, self._recv), daemon=True)
        self._process.start()
        send.close()
        self._done = False

    def result(self) -> Any:
        """Wait for the worker; its value, or its exception raised here with the worker's traceback as a note."""
        try:
            status, *payload, wall, cpu = self._recv.recv()
        except EOFError:
            self._process.join()
            raise WorkerFailed(said(f"一个发布工作进程没有给出结果就停止了（退出码 {self._process.exitcode}）",
                                    f"a publish worker stopped without a result (exit code {self._process.exitcode})")) from None
        finally:
            self._recv.close()
        self._process.join()
        self._done = True
        self.seconds = (wall, cpu)
        if status == "error":
            exc, worker_traceback = payload
            # The child's traceback: for the crash file, and for telling a user's
            # template's error from a bug (publish.run.raised_in_templates).
            exc.add_note(f"raised in a publish worker:\n{worker_traceback}")
            raise exc
        return payload[0]

    def cancel(self) -> None:
        """Stop the worker if it still runs (a failed publish).

        The reading end is closed first: a worker blocked writing its result (a PDF is more
        than a pipe holds) then fails with a broken pipe instead of waiting for a reader.
        The worker catches SIGTERM through handlers inherited with the fork (which may hold it
        back: ledger/interrupts.py), so a worker that outlives it is killed."""
        if not self._done:
            self._recv.close()
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
        self._process.join()
        self._done = True


def wait_any(jobs: list[Forked]) -> list[Forked]:
    """Block until at least one of `jobs` has finished (its result can be taken without
    waiting); returns those that have."""
    by_connection = {job._recv: job for job in jobs}
    return [by_connection[c] for c in multiprocessing.connection.wait(list(by_connection))]


class Counter:
    """A number shared by this process and the workers forked after it was made: `take()`
    returns the next one, so workers can hand out shares of work among themselves."""

    def __init__(self) -> None:
        self._value = multiprocessing.get_context("fork").Value("q", 0)

    def take(self) -> int:
        """The next number (each number is handed out once, across processes)."""
        with self._value.get_lock():
            n = self._value.value
            self._value.value = n + 1
        return n

    def peek(self) -> int:
        """The next number `take` would return, without taking it."""
        return self._value.value


# --------------------------------------------------------------------------- scheduling

#: fewer pages to render than this are not worth a worker process
MIN_PAGES = 2000
#: the pages are cut into about this many shares per job, taken by the workers one by one
SHARES_PER_JOB = 8


class Background:
    """Files made in worker processes while the pages are rendered (the annual-report PDFs).

    At most `jobs` - 1 such files are made at once while pages are still to come (one core
    stays for the pages); the others wait for a free core (`queued`). When a worker is done,
    `done(path, cache key, content)` writes what it made, in this process."""

    def __init__(self, jobs: int, done: Callable[[str, str | None, Any], None]):
        self.jobs = jobs
        self.done = done
        #: files being made in workers (path, cache key, Forked), and those waiting for a free core (path, cache key, make)
        self.pending: list[tuple[str, str | None, Forked]] = []
        self.queued: list[tuple[str, str | None, Callable[[], bytes | str]]] = []

    @property
    def available(self) -> bool:
        """Whether files can be made beside the pages at all (several cores, and fork)."""
        return self.jobs > 1 and fork_available()

    def submit(self, path: str, key: str | None, make: Callable[[], bytes | str]) -> None:
        """Have `make()` run in a worker (now, or when a core comes free)."""
        self.queued.append((path, key, make))
        self.start_queued(self.jobs - 1)

    def start_queued(self, cores: int) -> None:
        """Start waiting files while fewer than `cores` are being made."""
        while self.queued and len(self.pending) < cores:
            path, key, make = self.queued.pop(0)
            self.pending.append((path, key, Forked(make)))

    def adopt(self, files: list[tuple[str, str | None]], job: Forked) -> None:
        """Count a worker started elsewhere among the files being made: its result is the
        content of each of `files` (path, cache key), in order.

        For the annual report's head start (publish/annual.py): the worker that laid out the
        report's parts ahead makes the whole PDF too, instead of a second worker doing the
        weasyprint import, font set-up and first layout again."""
        self.pending.append((None, files, job))

    def running(self) -> list[Forked]:
        """The workers making files now."""
        return [job for _path, _key, job in self.pending]

    def collect(self, job: Forked) -> None:
        """Hand the file a finished worker made to `done` (raises the worker's error)."""
        i = next(i for i, entry in enumerate(self.pending) if entry[2] is job)
        path, key, _job = self.pending.pop(i)
        content = job.result()
        if path is None:  # an adopted worker: its files, in order
            record(f"made in a worker: {', '.join(p for p, _k in key)}", *job.seconds)
            for (made, made_key), one in zip(key, content, strict=True):
                self.done(made, made_key, one)
            return
        record(f"made in a worker: {path}", *job.seconds)
        self.done(path, key, content)

    def finish(self) -> None:
        """Make every file still waiting or being made, using every core (raises a worker's error)."""
        self.start_queued(self.jobs)
        while self.pending:
            for job in wait_any(self.running()):
                self.collect(job)
            self.start_queued(self.jobs)

    def cancel(self) -> None:
        """Stop every worker still running (a failed publish)."""
        for _path, _key, job in self.pending:
            job.cancel()
        self.pending.clear()
        self.queued.clear()


def page_workers(pages: int, jobs: int) -> int:
    """How many workers should share `pages` pages with `jobs` cores: 1 means render them
    in this process (too few to be worth a fork, one core, or no fork)."""
    jobs = min(jobs, max(1, pages // (MIN_PAGES // 2)))
    if jobs <= 1 or pages < MIN_PAGES or not fork_available():
        return 1
    return jobs


def share_out(items: list[T], work: Callable[[list[T]], list[R]], done: Callable[[list[R]], None], *,
              jobs: int, background: Background, name: str) -> None:
    """Run `work` over `items` in up to `jobs` forked workers, beside the background files.

    The items are cut into shares that the workers take one after the other (`Counter`), so
    a worker started late (when a core comes free because a report PDF is done) still helps,
    and no more processes work at once than `jobs`: on this kind of machine a process that
    must share a core with another does a third more work for the same pages. `done` gets
    each worker's results in this process; a background file a worker finishes meanwhile is
    collected too. Every worker is stopped if anything fails.

    This process only waits meanwhile: the workers are forks of a process holding the
    loaded books, and every page of that memory this process writes to while they run is
    copied for it first; on 100k transactions its share cost a third more than in a
    worker (measured: 24.8 s of CPU in all instead of 25.9, same elapsed time)."""
    size = max(MIN_PAGES // 4, -(-len(items) // (jobs * SHARES_PER_JOB)))
    shares = [items[i:i + size] for i in range(0, len(items), size)]
    taken = Counter()

    def work_shares() -> list[R]:
        results: list[R] = []
        while (i := taken.take()) < len(shares):
            results += work(shares[i])
        return results

    workers: list[Forked] = []
    running: list[Forked] = []

    def start_workers() -> None:
        while len(running) + len(background.pending) < jobs and taken.peek() < len(shares):
            workers.append(Forked(work_shares))
            running.append(workers[-1])

    start_workers()
    if not running:  # every core is making a file: one worker for the pages all the same
        workers.append(Forked(work_shares))
        running.append(workers[-1])
    try:
        while running:
            for job in wait_any(running + background.running()):
                if job in running:
                    running.remove(job)
                    results = job.result()
                    record(f"worker {workers.index(job) + 1} ({name})", *job.seconds)
                    done(results)
                else:
                    background.collect(job)
            # a core came free: a file waiting to be made first, else another worker for the pages
            background.start_queued(jobs - len(running))
            start_workers()
    finally:
        for worker in workers:
            worker.cancel()
