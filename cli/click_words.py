"""click's own words (`Usage:`, `Options:`, `No such option`, `Missing argument`, a value
out of range or not among the choices…) said in Chinese first, then in click's English.

Why: every message relief gives is Chinese first (ledger.errors.bilingual), but a mistyped
option, a missing argument or `--port 70000` was refused in click's English alone, and
`--help`'s `Usage:`, `Options:`, `Commands:` were English.

Why not a gettext catalogue: click (8.x) has no text domain of its own; it calls the
process-wide `gettext.gettext`, whose language comes from the user's locale (LANGUAGE,
LC_ALL, LANG). Under LANG=C or en_US no catalogue would be read, and relief's messages are
in both languages whatever the locale. A catalogue also translates click's sentences piece
by piece (`Invalid value for {param_hint}: {message}`, then the message), so a bilingual
catalogue would put English inside the Chinese half. Instead relief's commands use the
classes click offers for this (a Command class, a Context with its own HelpFormatter), and
a usage error is said again, whole, in Chinese, from a table of click's sentences (WORDS);
its English is click's, unchanged. A sentence the table does not know keeps click's English
after a general Chinese note (tests/cli/test_refusals_chinese_first.py lists the kinds it must know).
"""

from __future__ import annotations

import re
from typing import Any

import click
from click.exceptions import NoArgsIsHelpError

from ledger.errors import bilingual
from ledger.said import halves

CJK = re.compile(r"[\u4e00-\u9fff]")

#: section titles of --help (click's HelpFormatter.section names)
SECTIONS = {"Options": "选项 Options", "Commands": "命令 Commands", "Arguments": "参数 Arguments",
            "Positional arguments": "参数 Positional arguments"}
USAGE = "用法 Usage: "
HELP_OPTION = bilingual("显示此帮助并退出", "Show this message and exit.")
VERSION_OPTION = bilingual("显示版本并退出", "Show the version and exit.")
VERSION_MESSAGE = "%(prog)s 版本 %(version)s (%(prog)s, version %(version)s)"

_KINDS = {"argument": "参数", "option": "选项", "parameter": "参数"}
_NUMBERS = {"integer": "整数", "float": "数", "integer range": "整数", "float range": "数"}
_PATHS = {"Path": "路径", "File": "文件", "Directory": "文件夹"}
_PATH_IS = {"does not exist": "不存在", "is a directory": "是文件夹，不是文件", "is a file": "是文件，不是文件夹",
            "is not readable": "不可读取", "is not writable": "不可写入", "is not executable": "不可执行"}
#: the parameter a message names: click quotes it ('--port', 'BOOKS'); a hint a command gives is as written (PERIOD)
_HINT = r"(?P<hint>'[^']*'(?: / '[^']*')*|[A-Z][A-Z_]*|--[a-z][a-z-]*)"

#: click's sentences (their English as click writes them, a regular expression) and what
#: they say in Chinese; a group named `message` or `extra` is a sentence of its own, said
#: again in turn (a bilingual one, relief's, is parted into its halves)
WORDS: list[tuple[str, Any]] = [
    (r"No such option '(?P<name>[^']*)'\.", "没有选项 {name}"),
    (r"No such option '(?P<name>[^']*)'\. Did you mean (?P<p>'[^']*')\?", "没有选项 {name}；是否要用 {p}？"),
    (r"No such option '(?P<name>[^']*)'\. \(Did you mean one of: (?P<p>.*)\?\)", "没有选项 {name}；是否要用其中之一：{p}？"),
    (r"No such command '(?P<name>[^']*)'\.", "没有命令 {name}（relief --help 列出所有命令）"),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", "多出了参数：{args}"),
    (r"Option '(?P<name>[^']*)' requires an argument\.", "选项 {name} 后面需要一个值"),
    (r"Option '(?P<name>[^']*)' requires (?P<n>\d+) arguments\.", "选项 {name} 后面需要 {n} 个值"),
    (r"Option '(?P<name>[^']*)' does not take a value\.", "选项 {name} 不带值"),
    (r"Argument '(?P<name>[^']*)' takes (?P<n>\d+) values\.", "参数 {name} 需要 {n} 个值"),
    (r"Missing command\.", "缺少命令（relief --help 列出所有命令）"),
    (rf"Missing (?P<kind>argument|option|parameter) {_HINT}\.", lambda g: f"缺少{_KINDS[g['kind']]} {g['hint']}"),
    (rf"Missing (?P<kind>argument|option|parameter) {_HINT}\. (?P<extra>.*)", lambda g: f"缺少{_KINDS[g['kind']]} {g['hint']}。{g['extra']}"),
    (rf"Invalid value for {_HINT}: (?P<message>.*)", "{hint} 的值无效：{message}"),
    (r"Invalid value: (?P<message>.*)", "值无效：{message}"),
    # what click's types say of a value (the message of an invalid value)
    (r"(?P<value>.*) is not in the range (?P<range>.*)\.", "{value} 不在范围 {range} 之内"),
    (r"(?P<value>'.*') is not one of (?P<choices>.*)\.", "{value} 不在可选的值之中：{choices}"),
    (r"(?P<value>'.*') is not (?P<choice>'.*')\.", "{value} 不是可选的值 {choice}"),
    (r"(?P<value>'.*') is not a valid (?P<kind>integer|float|integer range|float range)\.", lambda g: f"{g['value']} 不是{_NUMBERS[g['kind']]}"),
    (r"(?P<value>'.*') is not a valid boolean\. Recognized values: (?P<states>.*)", "{value} 不是是非值；可写：{states}"),
    (r"(?P<value>'.*') is not a valid UUID\.", "{value} 不是有效的 UUID"),
    (r"(?P<value>'.*') does not match the formats? (?P<formats>.*)\.", "{value} 不符合格式 {formats}"),
    (r"(?P<kind>Path|File|Directory) (?P<name>'.*') (?P<what>" + "|".join(_PATH_IS) + r")\.",
     lambda g: f"{_PATHS[g['kind']]} {g['name']} {_PATH_IS[g['what']]}"),
    (r"Could not open file (?P<name>'.*'): (?P<message>.*)", "无法打开文件 {name}：{message}"),
]
_WORDS = [(re.compile(english, re.S), zh) for english, zh in WORDS]
_SENTENCES = ("message", "extra")


def in_chinese(english: str) -> tuple[str, str] | None:
    """(Chinese, English) of one of click's sentences; None when WORDS does not know it. A
    sentence inside it that is relief's own, already bilingual, gives each half its half."""
    for pattern, zh in _WORDS:
        m = pattern.fullmatch(english)
        if m is None:
            continue
        groups, en = dict(m.groupdict()), english
        for name in _SENTENCES:
            inner = groups.get(name)
            if not inner:
                continue
            inner_zh, inner_en = _halves_of(inner)
            groups[name] = inner_zh
            start, end = m.span(name)
            en = en[:start] + inner_en + en[end:]
        return (zh(groups) if callable(zh) else zh.format(**groups)), en
    return None


def _halves_of(text: str) -> tuple[str, str]:
    """The halves of a sentence: relief's bilingual text parted, click's said again; an
    unknown sentence stands in both (the Chinese half then holds its English)."""
    if CJK.search(text):
        return halves(text)
    return in_chinese(text) or (text, text)


def said_both(english: str) -> str:
    """A usage error's message as relief says a message: Chinese first, then English."""
    found = in_chinese(english)
    if found is not None:
        return bilingual(*found)
    if CJK.search(english):
        return english  # relief's own, already Chinese first
    return bilingual("命令的用法有误（英文原文如下）", english)


class BilingualUsageError(click.UsageError):
    """A usage error said Chinese first: the usage line, the hint and the message. Exit status 2, as click's."""

    def show(self, file: Any = None) -> None:
        """Like click's UsageError.show, each line in both languages."""
        color = None
        if self.ctx is not None:
            color = self.ctx.color
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                option = max(self.ctx.command.get_help_option_names(self.ctx), key=len)
                typed = f"{self.ctx.command_path} {option}"
                hint = bilingual(f"用 '{typed}' 查看帮助", f"Try '{typed}' for help.") + "\n"
            click.echo(f"{self.ctx.get_usage()}\n{hint}", file=file, err=True, color=color)
        click.echo(f"Error: {self.format_message()}", file=file, err=True, color=color)


def bilingual_usage(exc: click.UsageError, ctx: click.Context | None) -> click.UsageError:
    """`exc` said in both languages (the context it lacks given: click's parser raises some without one)."""
    if isinstance(exc, (BilingualUsageError, NoArgsIsHelpError)):
        return exc
    said = BilingualUsageError(said_both(exc.format_message()), exc.ctx or ctx)
    return said


class ReliefHelpFormatter(click.HelpFormatter):
    """click's HelpFormatter with its titles and notes in both languages."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """`用法 Usage: relief check [OPTIONS] BOOKS`."""
        super().write_usage(prog, args, USAGE if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        """`选项 Options:`, `命令 Commands:`; relief's own headings as they are."""
        super().write_heading(SECTIONS.get(heading, heading))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        """An option's `[default: 5000]` and `[required]` in both languages."""
        rows = [(term, _extras(text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def _extras(text: str) -> str:
    text = re.sub(r"\[default: ", "[默认 default: ", text)
    text = re.sub(r"\[required\]", "[必填 required]", text)
    text = re.sub(r"; required\]", "; 必填 required]", text)
    return re.sub(r"\[env var: ", "[环境变量 env var: ", text)


class ReliefContext(click.Context):
    """A context whose --help is written by ReliefHelpFormatter."""

    formatter_class = ReliefHelpFormatter


class BilingualClick:
    """What relief's root group and every command share: --help in both languages, and a
    usage error (a mistyped option, a missing argument, a refused value) said Chinese first."""

    context_class = ReliefContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """The --help option, its help in both languages."""
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION
        return option

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse as click does; a usage error is said in both languages."""
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as exc:
            raise bilingual_usage(exc, ctx) from None


class ReliefCommand(BilingualClick, click.Command):
    """Every relief command's class (`@click.command(cls=ReliefCommand)`; tests/cli/test_refusals_chinese_first.py checks each)."""
