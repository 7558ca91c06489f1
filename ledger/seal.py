"""The centre's own seal image (relief-option `seal`): where it may be and what it may be.

Letters carry a seal only when the centre supplies the image itself: a file inside the
books' folder, named relative to it. `seal_problem` says in one sentence what is wrong
with the setting (the settings rule reports it with the option's file and line, so
bean-check, Fava and `relief check` show it); `read_seal` returns the image for a letter.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ledger.errors import bilingual
from ledger.source_files import read_regular

MIME_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".gif": "image/gif"}
MAX_SEAL_BYTES = 5 * 1024 * 1024
_SIGNATURES = {"image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8", "image/gif": b"GIF8"}


def _inspect(seal: str, root: Path) -> tuple[tuple[str, str] | None, tuple[str, bytes] | None]:
    """((zh, en) of what is wrong, None) or (None, (MIME type, bytes))."""
    prefix = f'relief-option "seal" {seal!r}'
    rel = PurePosixPath(seal.replace("\\", "/"))
    if rel.is_absolute() or Path(seal).is_absolute() or ".." in rel.parts:
        return (f'{prefix}：请写相对于账簿文件夹、在其中的图片路径（例如 "documents/seal.png"）',
                f"{prefix}: name the image relative to the books' folder, inside it "
                '(e.g. "documents/seal.png")'), None
    mime = MIME_TYPES.get(rel.suffix.lower())
    if mime is None:
        return (f"{prefix}：请用 PNG、JPEG、GIF 或 SVG 图片（{', '.join(MIME_TYPES)}）",
                f"{prefix}: use a PNG, JPEG, GIF or SVG image ({', '.join(MIME_TYPES)})"), None
    path = root / rel
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = False
    if not inside:
        return (f"{prefix}：图片必须在账簿文件夹 {root} 之内（有链接指向了外面）",
                f"{prefix}: the image must be inside the books' folder {root} "
                "(a link leads out of it)"), None
    try:
        content = read_regular(path, MAX_SEAL_BYTES + 1)  # a named pipe there hung every load
    except FileNotFoundError:
        return (f"{prefix}：没有文件 {path}；请把中心的印章图片放在那里，或改正路径（相对于账簿文件夹）",
                f"{prefix}: no such file {path}; put the centre's seal image there "
                "or fix the path (relative to the books' folder)"), None
    except OSError as exc:
        why = exc.strerror or exc
        return (f"{prefix}：无法读取 {path}（{why}）", f"{prefix}: cannot read {path} ({why})"), None
    if len(content) > MAX_SEAL_BYTES:
        megabytes = MAX_SEAL_BYTES // (1024 * 1024)
        return (f"{prefix}：{path} 超过 {megabytes} MB；请用小于 5 MB 的图片（600x600 的 PNG 足够）",
                f"{prefix}: {path} is over {megabytes} MB; "
                "use an image under 5 MB (a 600x600 PNG is plenty)"), None
    head = _SIGNATURES.get(mime)
    if (head and not content.startswith(head)) or (mime == "image/svg+xml" and b"<svg" not in content[:4096]):
        kind = rel.suffix.lstrip(".").upper()
        return (f"{prefix}：{path} 不是 {kind} 图片（内容与文件名不符）",
                f"{prefix}: {path} is not a {kind} image "
                "(the content does not match the name)"), None
    return None, (mime, content)


def seal_problem(seal: str, root: Path) -> str | None:
    """What is wrong with the seal setting (in both languages, as the rules say it), or None
    when the image can be used."""
    problem = _inspect(seal, root)[0]
    return bilingual(*problem) if problem else None


def read_seal(seal: str, root: Path) -> tuple[str, bytes]:
    """(MIME type, bytes) of the seal image; ValueError with the problem when it cannot be used."""
    problem, found = _inspect(seal, root)
    if found is None:
        raise ValueError(bilingual(*problem) if problem else "")
    return found


def sample_mark_svg() -> str:
    """A grey rectangular mark reading 样章 / SAMPLE / 演示数据 demo only: plainly not a seal."""
    grey = "#6b6b6b"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="150" viewBox="0 0 240 150">'
        f'<rect x="4" y="4" width="232" height="142" rx="6" fill="none" stroke="{grey}" stroke-width="4" stroke-dasharray="14 7"/>'
        f'<text x="120" y="62" font-family="Relief Sans, Noto Sans CJK SC, sans-serif" font-weight="bold" font-size="44" '
        f'fill="{grey}" text-anchor="middle">样章</text>'
        f'<text x="120" y="100" font-family="Relief Sans, Noto Sans CJK SC, sans-serif" font-weight="bold" font-size="28" '
        f'fill="{grey}" text-anchor="middle" letter-spacing="4">SAMPLE</text>'
        f'<text x="120" y="130" font-family="Relief Sans, Noto Sans CJK SC, sans-serif" font-weight="bold" font-size="16" '
        f'fill="{grey}" text-anchor="middle">演示数据 · demo only</text>'
        "</svg>\n"
    )
