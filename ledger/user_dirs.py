"""The user's own folders (cache, config), or None when there is no home folder to find.

A process may have no home: HOME unset and a user the system does not list (a container
run under an arbitrary uid, a job started with `env -i`). Path.home() then raises
RuntimeError ("Could not determine home directory"), which stopped `relief check` with an
internal error, and os.path.expanduser leaves `~` as it is: the site secret would have been
made in a folder named `~` under the current folder, often the books'. Callers say what to
do instead (give the key) or do without (a cache).
"""

from __future__ import annotations

import os
from pathlib import Path


def home_folder() -> Path | None:
    """The user's home folder, or None when it cannot be found."""
    try:
        home = Path.home()
    except RuntimeError:
        return None
    return home if home.is_absolute() else None


def user_folder(variable: str, under_home: str) -> Path | None:
    """$variable (XDG_CACHE_HOME, XDG_CONFIG_HOME) when set, else HOME/under_home, else None."""
    value = os.environ.get(variable)
    if value:
        return Path(value)
    home = home_folder()
    return home / under_home if home is not None else None
