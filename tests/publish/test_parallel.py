"""Publishing with worker processes (publish/parallel.py): same bytes, same safety."""

from __future__ import annotations

import os

import pytest

from publish import pages, parallel
from publish.labels import Label
from publish.run import PublishError

from .test_site import NEW_DONATION


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def few_pages_are_many(monkeypatch):
    """The small books have a handful of acknowledgement pages: let them go to workers."""
    monkeypatch.setattr(parallel, "MIN_PAGES", 2)


def test_workers_make_the_same_site_byte_for_byte(few_pages_are_many, books_copy, tmp_path, publish_to):
    one, two = tmp_path / "one", tmp_path / "two"
    publish_to(one, books_copy, jobs=1)
    result = publish_to(two, books_copy, jobs=3)
    assert _tree(one) == _tree(two)
    acks = [d.ack_path for d in result.model.donations if d.ack_path]
    assert len(acks) >= 3 and set(acks) <= set(result.stats.written)
    assert (tmp_path / ".one.publish-cache").read_text(encoding="utf-8") .split("\n", 1)[1] .count("\n") == \
        (tmp_path / ".two.publish-cache").read_text(encoding="utf-8").split("\n", 1)[1].count("\n")
    again = publish_to(two, books_copy, jobs=3)
    assert again.stats.written == [] and _tree(one) == _tree(two)


def test_after_a_new_donation_workers_rewrite_only_what_changed(few_pages_are_many, books_copy, tmp_path, publish_to):
    out = tmp_path / "site"
    first = publish_to(out, books_copy, jobs=2)
    inodes = {p: (out / p).stat().st_ino for p in first.stats.written}
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(NEW_DONATION)
    second = publish_to(out, books_copy, jobs=2)
    new_acks = {d.ack_path for d in second.model.donations if d.ack_path} - {d.ack_path for d in first.model.donations if d.ack_path}
    assert len(new_acks) == 1 and new_acks <= set(second.stats.written)
    for path in second.stats.unchanged:
        if path in inodes:
            assert (out / path).stat().st_ino == inodes[path], path
    serial = tmp_path / "serial"
    publish_to(serial, books_copy, jobs=1)
    assert _tree(serial) == _tree(out)


def test_an_error_in_a_worker_leaves_the_previous_site(few_pages_are_many, tmp_path, publish_to):
    out = tmp_path / "site"
    first = publish_to(out, jobs=1)
    before = _tree(out)
    last = [d for d in first.model.donations if d.ack_path][-1]  # rendered in a worker
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "ack.html").write_text(
        '{% extends "default/ack.html" %}{% block head %}{% if donation.receipt == "' + last.receipt + '" %}{{ nothing.here }}{% endif %}{% endblock %}',
        encoding="utf-8")
    with pytest.raises(PublishError, match="'nothing' is undefined"):
        publish_to(out, templates=tpl, jobs=2)
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.new-")] == []


def _generator(make):
    def gen(build):
        build.write_cached_in_background("reports/extra.bin", "inputs-1", make)
        build.add_download("reports/extra.bin", Label("附加", "Extra"))
    return gen


def test_a_generator_file_is_made_in_a_worker_and_written(tmp_path, publish_to):
    parent = os.getpid()

    def make():
        return f"made in {'a worker' if os.getpid() != parent else 'the main process'}".encode()

    out = tmp_path / "site"
    publish_to(out, extra_generators=[_generator(make)], jobs=2)
    assert (out / "reports" / "extra.bin").read_bytes() == b"made in a worker"
    manifest = (out / "data" / "manifest.json").read_text(encoding="utf-8")
    assert '"path": "reports/extra.bin"' in manifest
    publish_to(tmp_path / "serial", extra_generators=[_generator(make)], jobs=1)
    assert (tmp_path / "serial" / "reports" / "extra.bin").read_bytes() == b"made in the main process"


def test_a_generator_failing_in_a_worker_stops_the_publish(tmp_path, publish_to):
    out = tmp_path / "site"
    publish_to(out, jobs=1)
    before = _tree(out)

    def broken():
        raise ValueError("the report cannot be drawn")

    # A generator's ValueError is a bug, not the user's mistake: it reaches the crash file
    # (publish.run.raised_in_templates), and the publish still stops with nothing written.
    with pytest.raises(ValueError, match="the report cannot be drawn"):
        publish_to(out, extra_generators=[_generator(broken)], jobs=2)
    assert _tree(out) == before


def test_a_worker_that_dies_is_reported(tmp_path, publish_to):
    out = tmp_path / "site"
    publish_to(out, jobs=1)
    before = _tree(out)

    def dies():
        os._exit(3)

    with pytest.raises(PublishError, match="stopped without a result.*exit code 3.*--jobs 1"):
        publish_to(out, extra_generators=[_generator(dies)], jobs=2)
    assert _tree(out) == before


def test_timings_show_each_worker(few_pages_are_many, tmp_path, publish_to, monkeypatch):
    import time as _time

    from ledger.timings import collecting

    class SlowPage(pages.PageInfo):
        """Each page takes a moment, so the first worker cannot take every share before the
        second starts (a worker is only started while shares are left)."""

        def __init__(self, *args):
            _time.sleep(0.05)
            super().__init__(*args)

    monkeypatch.setattr(pages, "PageInfo", SlowPage)
    with collecting() as t:
        publish_to(tmp_path / "site", jobs=2)
    names = [name.strip() for name, *_ in t.phases]
    workers = [n for n in names if n.startswith("worker ")]
    assert workers == ["worker 1 (pages)", "worker 2 (pages)"] or workers == ["worker 2 (pages)", "worker 1 (pages)"]
    assert all(names.index(w) > names.index("acknowledgement pages") for w in workers)


def test_pages_wait_for_a_core_while_a_file_is_made(few_pages_are_many, tmp_path, publish_to):
    """--jobs 2 with a report being made: one worker renders the pages, not two (no more
    processes at work than --jobs)."""
    import time as _time

    from ledger.timings import collecting

    def slow():
        # Long enough for the one page worker to take every share even on a loaded
        # machine (1.5 s was not: under a load of 15 on 2 cores the pages outlasted it, and
        # a second worker rightly started once the file was done).
        _time.sleep(5)
        return b"slow file"

    with collecting() as t:
        publish_to(tmp_path / "site", extra_generators=[_generator(slow)], jobs=2)
    names = [name.strip() for name, *_ in t.phases]
    assert [n for n in names if n.startswith("worker ")] == ["worker 1 (pages)"]
    assert "made in a worker: reports/extra.bin" in names
    assert (tmp_path / "site" / "reports" / "extra.bin").read_bytes() == b"slow file"


def test_more_files_than_cores_wait_their_turn(few_pages_are_many, tmp_path, publish_to):
    def gen(build):
        for n in range(4):
            build.write_cached_in_background(f"reports/extra-{n}.bin", f"inputs-{n}", lambda n=n: f"file {n}".encode())
    parallel = publish_to(tmp_path / "parallel", extra_generators=[gen], jobs=2)
    serial = publish_to(tmp_path / "serial", extra_generators=[gen], jobs=1)
    assert _tree(tmp_path / "parallel") == _tree(tmp_path / "serial")
    assert {f"reports/extra-{n}.bin" for n in range(4)} <= set(parallel.stats.written) & set(serial.stats.written)


@pytest.mark.parametrize("files, quota", [
    ({"cpu.max": "150000 100000\n"}, 1.5),
    ({"cpu.max": "max 100000\n"}, None),
    ({"cpu/cpu.cfs_quota_us": "200000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 2.0),
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
    ({"cpu.max": "garbage\n"}, None),
    ({}, None),
])
def test_a_containers_cpu_quota_is_read(tmp_path, files, quota):
    from publish.parallel import cpu_quota

    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="ascii")
    assert cpu_quota(str(tmp_path)) == quota


def test_default_jobs_keeps_within_the_quota(tmp_path, monkeypatch):
    import os

    from publish import parallel

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert parallel.default_jobs(str(tmp_path)) == 8  # no cgroup files: every CPU
    (tmp_path / "cpu.max").write_text("150000 100000\n", encoding="ascii")
    assert parallel.default_jobs(str(tmp_path)) == 2
    (tmp_path / "cpu.max").write_text("50000 100000\n", encoding="ascii")
    assert parallel.default_jobs(str(tmp_path)) == 1


def test_the_proofs_trees_are_built_before_the_workers_fork(few_pages_are_many, tmp_path, publish_to, monkeypatch):
    """Each forked worker would otherwise build, and throw away, every tree its pages need."""
    from publish.verification import Transparency

    asked: list[list[str]] = []
    real = Transparency.build_trees
    monkeypatch.setattr(Transparency, "build_trees", lambda self, receipts: asked.append(list(receipts)) or real(self, receipts))
    result = publish_to(tmp_path / "site", jobs=2)
    receipts = sorted(d.receipt for d in result.model.donations if d.ack_path)
    assert len(asked) == 1 and sorted(asked[0]) == receipts
    asked.clear()
    publish_to(tmp_path / "serial", jobs=1)  # no workers: trees are built as the pages need them
    assert asked == []
