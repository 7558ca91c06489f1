"""Every `relief …` command the docs show is one the CLI accepts.

A finance officer types the docs' commands as they stand. So every command line in a code
block of README.md, docs/*.md and the Makefile's demo must name a command that exists, only
options that command has, a value after each option that takes one, every required option,
and as many arguments as the command takes; and every `relief …` in a prose code span must
name a real command and real options. (A renamed option otherwise lives on in the docs.)
Synopsis notation is read as such: `[--seed N]` is optional, `FILE...` repeats, `a|b` is a
choice. A value shown must be one the command takes (a `--template` kind, a number within an
option's range, a period reconcile and close read: `2026-13` is none), and the stand-alone
verifier's command line, which the docs and the site's verify page give every donor, must be
one relief_verify.py's own parser accepts.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: a benchmark's table row ("relief check (+1 donation)   3.51s ..."), not a command
MEASUREMENT = re.compile(r"\d\.\d+\s?s\b")


def _blocks(text: str) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S)


def _command_lines() -> list[tuple[str, str]]:
    """(where, command) for each command line in a docs code block or the Makefile."""
    out = []
    for path in DOCS:
        for block in _blocks(path.read_text(encoding="utf-8")):
            # a synopsis continued on an indented line ("               [--templates MYDIR] ...")
            block = re.sub(r"\n\s+(?=[\[-])", " ", block)
            for line in block.splitlines():
                line = line.strip()
                if re.match(r"(\.venv/bin/)?relief\s", line) and not MEASUREMENT.search(line):
                    out.append((path.name, line.split(" #", 1)[0]))
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("$(BIN)/relief "):
            command = line.strip().replace("$(BIN)/", "").replace("$(DEMO)", "build/demo")
            out.append(("Makefile", re.split(r" [|;] ", command)[0]))
    return out


def _spans() -> list[tuple[str, str]]:
    """(where, text) for each inline `relief …` code span of the docs."""
    out = []
    for path in DOCS:
        text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
        out += [(path.name, span) for span in re.findall(r"`(relief [^`]+)`", text)]
    return out


def _tokens(line: str) -> list[str]:
    line = re.sub(r"^(\.venv/bin/)?relief\s+", "", line).replace("[", " ").replace("]", " ")
    return [t for t in shlex.split(line) if t != "..."]


def _command(name: str) -> click.Command:
    assert name in COMMANDS, f"no command {name!r}"
    return cli.get_command(click.Context(cli), name)


def _options(command: click.Command) -> dict[str, click.Option]:
    return {opt: p for p in command.params if isinstance(p, click.Option) for opt in p.opts}


#: a value that stands for what the reader puts there (`--year Y`, `--jobs N`, `ack/….html`)
PLACEHOLDER = re.compile(r"[A-Z][A-Z_]*|.*….*")


def _check_value(param: click.Parameter, value: str) -> None:
    """A value the docs show must be one the parameter takes: a choice of `--template`
    (`a|b` is a choice of each), a number in an option's range, a period click reads and
    reconcile and close accept (`2026-03`, `2026-Q1`, `2026`). Paths and texts are not judged."""
    from ledger.period import PeriodError, parse_period

    for alternative in value.split("|") if isinstance(param.type, click.Choice) else [value]:
        if PLACEHOLDER.fullmatch(alternative):
            continue
        if param.name == "period_text":
            try:
                parse_period(alternative)
            except PeriodError as exc:
                raise AssertionError(f"{param.human_readable_name} {alternative!r}: {exc}") from None
        elif isinstance(param.type, (click.Choice, click.types.IntParamType)):
            try:
                param.type.convert(alternative, param, None)
            except click.BadParameter as exc:
                raise AssertionError(f"{param.human_readable_name} {alternative!r}: {exc.message}") from None


def _check(command: click.Command, args: list[str], *, whole: bool) -> None:
    """Read `args` as click would; when `whole`, the line is a complete command: required
    options given, as many arguments as the command takes, and each value one it accepts."""
    options = _options(command)
    given, positional = set(), []
    i = 0
    while i < len(args):
        token = args[i]
        if token.startswith("--"):
            name, eq, value = token.partition("=")
            assert name in options or name == "--help", f"no option {name}"
            given.add(name)
            option = options.get(name)
            if option is not None and not option.is_flag and eq:
                _check_value(option, value)
            elif whole and option is not None and not option.is_flag:
                assert i + 1 < len(args) and not args[i + 1].startswith("--"), f"{name} needs a value"
                _check_value(option, args[i + 1])
                i += 1
        else:
            positional.append(token)
        i += 1
    if not whole or "--help" in given:
        return
    if command.name == "import" and "--template" in given:
        return  # a template needs no books (docs/importing.md)
    for option in {id(o): o for o in options.values()}.values():
        if option.required:
            assert set(option.opts) & given, f"{option.opts[0]} is required"
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    least = sum(p.nargs if p.nargs > 0 else 0 for p in arguments if p.required)
    most = None if any(p.nargs < 0 for p in arguments) else sum(p.nargs for p in arguments)
    assert len(positional) >= least, f"{least} argument(s) wanted, got {positional}"
    assert most is None or len(positional) <= most, f"at most {most} argument(s), got {positional}"
    if most is not None:  # each argument takes one value: check those a type can judge
        for argument, value in zip(arguments, positional, strict=False):
            _check_value(argument, value)


COMMAND_LINES = _command_lines()
SPANS = _spans()


def test_the_docs_show_commands_to_check():
    assert len(COMMAND_LINES) > 40 and len(SPANS) > 40
    assert {line.split()[1] for _w, line in COMMAND_LINES if line.startswith("relief")} >= set(COMMANDS) - {"init"}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_shown_with_its_command(name):
    """Each option of `relief NAME --help` appears in some `relief NAME …` of the docs, so the
    docs say it belongs to that command (`relief init`'s --name-zh and --name-en, and witness's
    --out, were in no document)."""
    shown = {t.split("=", 1)[0] for _w, line in COMMAND_LINES + SPANS for tokens in [_tokens(line)]
             if tokens and tokens[0] == name for t in tokens if t.startswith("--")}
    command = _command(name)
    options = {o for p in command.params if isinstance(p, click.Option) for o in p.opts}
    assert options - shown == set()


@pytest.mark.parametrize(("where", "line"), COMMAND_LINES, ids=[f"{w}: {line}" for w, line in COMMAND_LINES])
def test_each_command_line_parses(where, line):
    tokens = _tokens(line)
    if tokens == ["--help"]:
        return
    _check(_command(tokens[0]), tokens[1:], whole=True)


@pytest.mark.parametrize(("where", "span"), SPANS, ids=[f"{w}: {s}" for w, s in SPANS])
def test_each_command_span_names_real_options(where, span):
    tokens = _tokens(span)
    if tokens[0].startswith("-"):  # an option of relief itself (`relief --help`), no command
        ctx = click.Context(cli)
        assert tokens[0] in {*cli.get_help_option_names(ctx), *(o for p in cli.params for o in p.opts)}, span
        return
    _check(_command(tokens[0]), tokens[1:], whole=False)


@pytest.mark.parametrize("line", [
    "relief publish mybooks --site site",  # no such option
    "relief publish mybooks",  # --out is required
    "relief close mybooks",  # PERIOD missing
    "relief reconcile mybooks --period",  # no value
    "relief check a b",  # one BOOKS only
    "relief statements mybooks",  # no such command
    "relief import --template donation --out x.xlsx",  # no such template
    "relief import --template donations|rosters --out x.csv",  # nor this one
    "relief close mybooks 2026-13",  # no such month
    "relief reconcile mybooks --period=2026-Q5",  # no such quarter
    "relief letters mybooks --out letters --year 1890",  # out of range
    "relief publish mybooks --out site --jobs 0",  # out of range
])
def test_a_wrong_command_line_is_caught(line):
    tokens = _tokens(line)
    with pytest.raises(AssertionError):
        _check(_command(tokens[0]), tokens[1:], whole=True)


def _verifier_lines() -> list[tuple[str, str]]:
    """(where, arguments) of each `python3 …/relief_verify.py …` that the docs and the site's
    verify page show: the one command a donor is told to type (the checks above read only
    `relief …` lines)."""
    out = []
    for path in [*DOCS, ROOT / "site_templates" / "verify.html"]:
        text = path.read_text(encoding="utf-8")
        lines = [line for block in _blocks(text) for line in block.splitlines()]
        lines += [re.sub(r"<[^>]+>", "", pre) for pre in re.findall(r"<pre>(.*?)</pre>", text, flags=re.S)]  # the text a reader copies
        prose = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
        lines += [" ".join(span.split()) for span in re.findall(r"`([^`]*relief_verify\.py[^`]*)`", prose)]
        for line in lines:
            for command in re.findall(r"python3? \S*relief_verify\.py[^\n#]*", line):
                out.append((path.name, command.split("relief_verify.py", 1)[1].strip()))
    return out


VERIFIER_LINES = _verifier_lines()


def test_the_docs_and_the_site_show_the_verifier():
    assert {where for where, _args in VERIFIER_LINES} >= {"verification.md", "verify.html"}


@pytest.mark.parametrize(("where", "args"), VERIFIER_LINES, ids=[f"{w}: {a}" for w, a in VERIFIER_LINES])
def test_each_verifier_command_parses(where, args, monkeypatch, capsys):
    """The stand-alone verifier (relief_verify.py, a copy of ledger/transparency/verifier.py)
    accepts each command line shown for it: its arguments as its own parser reads them."""
    from ledger.transparency import verifier

    monkeypatch.setattr(verifier, "verify_site", lambda *a, **k: ([], []))
    monkeypatch.setattr(verifier, "save_checkpoint", lambda *a, **k: None)
    monkeypatch.setattr(verifier, "Site", lambda *a, **k: type("S", (), {"text": lambda self, name: ""})())
    tokens = [t for t in shlex.split(args) if t != "…"]
    try:
        verifier.main(tokens)
    except SystemExit as exc:  # argparse: an unknown option, a missing value or argument
        pytest.fail(f"{where}: relief_verify.py {args}: {capsys.readouterr().err.strip()} (exit {exc.code})")


def test_a_wrong_verifier_line_is_caught(monkeypatch, capsys):
    from ledger.transparency import verifier

    monkeypatch.setattr(verifier, "verify_site", lambda *a, **k: ([], []))
    with pytest.raises(SystemExit):
        verifier.main(["SITE", "--checkpoint", "my-checkpoint.txt"])


def _help_examples() -> list[tuple[str, str]]:
    """(where, command) for each example line of `relief --help` and each command's --help."""
    from click.testing import CliRunner

    out = []
    for name in ["", *sorted(COMMANDS)]:
        args = [name, "--help"] if name else ["--help"]
        text = CliRunner().invoke(cli, args, prog_name="relief", terminal_width=200).output
        out += [(f"relief {name} --help".replace("  ", " "), line.strip()) for line in text.splitlines()
                if re.match(r"\s+relief [a-z]+ ", line)]
    return out


def _repository_folders() -> set[str]:
    """The top folders of the repository's own files (ledger, letters, …), as git lists them."""
    import subprocess

    try:
        files = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return {path.split("/", 1)[0] for path in files.splitlines() if "/" in path}


def test_no_example_writes_into_a_folder_of_the_repository():
    """README has a new user type its commands in the repository's folder (`.venv/bin/relief
    init mybooks`, `tests/importers/golden/…`). `relief --help` and `relief letters --help`
    then said `relief letters mybooks --out letters`: letters/ is the project's own code,
    and the user typing it was refused ("is not empty and holds no letters")."""
    folders = _repository_folders()
    wrong = []
    for where, line in [*_command_lines(), *_help_examples()]:
        tokens = _tokens(line.split("  ", 1)[0] if "--help" in where else line)
        for option, value in zip(tokens, tokens[1:], strict=False):
            if option in ("--out", "--html") and not PLACEHOLDER.fullmatch(value):
                if value.split("/", 1)[0] in folders:
                    wrong.append((where, line))
    assert wrong == []
