"""Compiled templates kept between runs (Jinja's bytecode cache), beside the parse cache.

Compiling the site's templates costs about half a second of every publish (twenty-odd
templates, each parsed and turned into Python code, then compiled), although they change
only with an upgrade or when a centre edits its own. Jinja can keep the compiled code: a
file per template, named by the template's name and path, holding the checksum of the
source it was compiled from; a template whose source changed is compiled again.

What Jinja's key leaves out is added to the folder's name: the Jinja and Python versions
(the code is Python bytecode) and the environment's options that change the generated
code (whitespace control, autoescaping, undefined handling), so two environments never
share a compiled file unless they compile alike. A damaged or unreadable file is only a
miss; a folder that cannot be written leaves compiling as it was. The folder follows the
parse cache (ledger/parse_cache.py: `RELIEF_PARSE_CACHE`), `0` switches both off.
"""

from __future__ import annotations

import hashlib
import os
import sys

import jinja2
from jinja2.bccache import Bucket

from ledger import parse_cache

#: the Environment options that change the code Jinja generates for a template
_CODE_OPTIONS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
    "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
    "autoescape", "undefined", "extensions", "is_async", "enable_async", "finalize",
)


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, where any failure to read or write is only a miss."""

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill `bucket` from its file, or leave it empty (compiled again) when the file is
        missing, foreign or damaged."""
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged cache file is a miss, never an error
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the compiled code if the folder can be written; otherwise go on without."""
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _options_digest(env: jinja2.Environment) -> str:
    h = hashlib.sha256()
    for name in _CODE_OPTIONS:
        value = getattr(env, name, None)
        if callable(value) and not isinstance(value, type):
            value = f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)!r}"
        elif isinstance(value, type):
            value = f"{value.__module__}.{value.__qualname__}"
        elif isinstance(value, dict):
            value = sorted(value)
        h.update(f"{name}={value!r}\0".encode())
    return h.hexdigest()[:16]


def attach(env: jinja2.Environment) -> jinja2.Environment:
    """Give `env` a bytecode cache in the user's cache folder (unless caches are off); returns env."""
    folder = parse_cache.cache_folder()
    if folder is None:
        return env
    name = f"jinja-{jinja2.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}-{_options_digest(env)}"
    path = folder / "templates" / name
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
    except OSError:
        return env
    env.bytecode_cache = _QuietCache(str(path))
    return env
