"""A file the importers refuse, told on Fava's import page as the message `relief import` gives.

Fava calls an importer's `extract` inside its own `try` and turns whatever it raises into
"Error calling method on importer:" followed by the whole Python traceback, which is what a
finance officer saw on Fava's import page for a bill cut short or a statement in another
currency: forty lines of frames, the one useful line at the bottom. The importers raise a
`ReliefError` (ImportProblem and its kin) whose message already names the file, the row and
what to do; this shows that message alone. Anything else an importer raises is a bug, and
keeps Fava's traceback for the report.
"""

from __future__ import annotations

from typing import Any

from fava.core.ingest import ImporterExtractError
from fava.helpers import FavaAPIError

from ledger.errors import ReliefError

_WRAPPED = "_relief_refusals_told"


class ImportRefused(FavaAPIError):
    """The importers refused the file; the message is theirs, without Python's frames."""


def refusal(exc: BaseException) -> ReliefError | None:
    """The importer's own refusal behind Fava's wrapping error, if that is what it is."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, ReliefError):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


def tell_refusals_plainly(ledger: Any) -> None:
    """Wrap the ledger's `ingest.extract` (once) so a refusal reaches the page as its message."""
    ingest = getattr(ledger, "ingest", None)
    if ingest is None or getattr(ingest, _WRAPPED, False):
        return
    extract = ingest.extract

    def extract_telling_refusals(filename: str, importer_name: str) -> Any:
        try:
            return extract(filename, importer_name)
        except ImporterExtractError as exc:
            refused = refusal(exc)
            if refused is None:
                raise
            raise ImportRefused(f"无法导入 Not imported: {refused}") from None

    ingest.extract = extract_telling_refusals
    setattr(ingest, _WRAPPED, True)
