"""No relief plugin reads an option string: one given is an error at its plugin line.

beancount hands a plugin line's second string (`plugin "ledger.plugins.rules" "skip=date_gap"`)
to the plugin and leaves it to the plugin to read. relief's plugins read none, and the string
was ignored without a word: a centre that meant to switch a rule off believed it had. The
error names the main file and the plugin's line (beancount keeps only the name and the
string of a plugin line, so the line is found in the main file, where beancount reads
plugin lines), what was given, and what to do instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from ledger.errors import RuleError, bilingual

Plugin = Callable[..., tuple[Any, list[Any]]]


def unread_option(plugin: str, config: str | None, options_map: Any) -> list[RuleError]:
    """[an error at the plugin line of `plugin`] when it was given `config`; [] when not."""
    if config is None:
        return []
    filename = (options_map or {}).get("filename") or "<books>"
    if plugin == "ledger.plugins.rules":
        still, still_zh = "every rule still runs", "每条规则照常运行"
        instead = ('; to run only some rules, name each rule\'s module on its own plugin line instead '
                   '(plugin "ledger.plugins.aid_case"; docs/books.md, "The rules")')
        instead_zh = ('；如只想运行部分规则，请把每条规则的模块各写一行 plugin'
                      '（plugin "ledger.plugins.aid_case"；docs/books.md，"The rules"）')
    else:
        still, still_zh = "the rule still runs as it always does", "这条规则照常运行"
        instead = instead_zh = ""
    message = bilingual(
        f'plugin "{plugin}" 不接受选项，却给了 "{config}"，这不起任何作用（{still_zh}）。'
        f"请从 plugin 行删去这个选项字符串{instead_zh}",
        f'plugin "{plugin}" takes no options, but was given "{config}", which changes nothing '
        f"({still}). Remove the option string from the plugin line{instead}",
    )
    return [RuleError({"filename": filename, "lineno": _plugin_line(filename, plugin, config)}, message, None)]


def reads_no_options(rule: Plugin) -> Plugin:
    """A rule's plugin function that reports an option string given to it (`unread_option`).

    The bundle calls the rule without one; only books naming the rule's module alone on a
    plugin line can give it a string."""

    @functools.wraps(rule)
    def plugin(entries: Any, options_map: Any, config: str | None = None) -> tuple[Any, list[Any]]:
        entries, errors = rule(entries, options_map)
        if config is None:
            return entries, errors
        return entries, unread_option(rule.__module__, config, options_map) + list(errors)

    return plugin


def _plugin_line(filename: str, plugin: str, config: str) -> int:
    """The line of the main file that names `plugin` with an option string (the first that
    gives `config`, else the first naming `plugin`), or 0 when the file cannot be read."""
    try:
        with open(filename, encoding="utf-8", errors="replace") as main:
            lines = main.read().splitlines()
    except OSError:
        return 0
    naming = re.compile(r'\s*plugin\s+"' + re.escape(plugin) + r'"\s+"(?P<config>(?:[^"\\]|\\.)*)"')
    found = [(number, match) for number, line in enumerate(lines, 1) if (match := naming.match(line))]
    exact = [number for number, match in found if match["config"] == config]
    return (exact or [number for number, _ in found] or [0])[0]
