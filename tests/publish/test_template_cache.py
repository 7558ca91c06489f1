"""Compiled templates kept between runs (publish/template_cache.py): used when the source is
the same, compiled again when it changed, and never a failure of their own."""

from __future__ import annotations

import os

import jinja2
import pytest

from publish import template_cache
from publish.environment import make_environment


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "templates"


def compiles(env: jinja2.Environment, monkeypatch) -> list[str]:
    """Names of the templates `env` compiles from source from now on."""
    seen: list[str] = []
    original = env.compile

    def counting(source, name=None, filename=None, raw=False, defer_init=False):
        if not raw:
            seen.append(name)
        return original(source, name, filename, raw, defer_init)

    monkeypatch.setattr(env, "compile", counting)
    return seen


def test_a_second_run_does_not_compile(cache, monkeypatch, tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "hello.html").write_text("你好 {{ name }}", encoding="utf-8")
    first = make_environment(tmp_path / "t")
    assert first.get_template("hello.html").render(name="张") == "你好 张"
    assert list(cache.rglob("*.cache"))
    second = make_environment(tmp_path / "t")
    compiled = compiles(second, monkeypatch)
    assert second.get_template("hello.html").render(name="李") == "你好 李"
    assert compiled == []


def test_a_changed_template_is_compiled_again(cache, monkeypatch, tmp_path):
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "hello.html"
    page.write_text("old {{ name }}", encoding="utf-8")
    make_environment(tmp_path / "t").get_template("hello.html")
    page.write_text("new {{ name }}", encoding="utf-8")
    env = make_environment(tmp_path / "t")
    compiled = compiles(env, monkeypatch)
    assert env.get_template("hello.html").render(name="x") == "new x"
    assert compiled == ["hello.html"]


@pytest.mark.parametrize("damage", [b"", b"j2", b"garbage" * 10])
def test_a_damaged_file_is_only_a_miss(cache, tmp_path, damage):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "hello.html").write_text("hi {{ name }}", encoding="utf-8")
    make_environment(tmp_path / "t").get_template("hello.html")
    files = list(cache.rglob("*.cache"))
    assert files
    for f in files:
        f.write_bytes(damage)
    assert make_environment(tmp_path / "t").get_template("hello.html").render(name="x") == "hi x"


def test_an_unwritable_folder_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(blocker))
    env = make_environment()
    assert env.bytecode_cache is None
    assert env.get_template("default/base.html")


def test_switched_off_with_the_parse_cache(monkeypatch):
    monkeypatch.setenv("RELIEF_PARSE_CACHE", "0")
    assert make_environment().bytecode_cache is None


def test_environments_that_compile_differently_do_not_share(cache, tmp_path):
    """Whitespace options change the compiled code, so they are part of the folder's name."""
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "x.html").write_text("{% if 1 %}\n  a\n{% endif %}\n", encoding="utf-8")
    loader = jinja2.FileSystemLoader(str(tmp_path / "t"))
    plain = template_cache.attach(jinja2.Environment(loader=loader))
    trimmed = template_cache.attach(jinja2.Environment(loader=loader, trim_blocks=True, lstrip_blocks=True))
    assert plain.get_template("x.html").render() == "\n  a\n"
    assert trimmed.get_template("x.html").render() == "  a\n"
    again = template_cache.attach(jinja2.Environment(loader=loader))
    assert again.get_template("x.html").render() == "\n  a\n"
    assert len(os.listdir(cache)) == 2
