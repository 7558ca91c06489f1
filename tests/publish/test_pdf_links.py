"""The PDFs (the annual report, letters) make links only of http(s) and mailto addresses and
of their own anchors: a centre's narrative or setting with another kind of address (file:,
javascript:, smb:, a path relative to wherever the PDF was made) became a live link a
reader's PDF viewer would follow, and weasyprint embeds the file an attachment link names."""

from __future__ import annotations

import io

import pytest

from publish import pdf
from publish.pdf import pdf_link_allowed

HTML = """<html><body>
<p id="top"><a href="#top">anchor</a></p>
<p><a href="https://example.org/a">https</a> <a href="http://example.org/b">http</a> <a href="mailto:x@example.org">mail</a></p>
<p><a href="javascript:alert(1)">js</a> <a href="file:///etc/passwd">file</a> <a href="smb://host/share">smb</a>
<a href="data:text/html,hi">data</a> <a href="secret.pdf">relative</a> <a rel="attachment" href="file:///etc/hostname">attach</a></p>
</body></html>"""


def _uris(content: bytes) -> list[str]:
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for annot in page.get("/Annots") or ():
            annot = annot.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") == "/FileAttachment":
                out.append("attachment")
            elif action is not None and "/URI" in action:
                out.append(str(action["/URI"]))
    return out


def test_only_http_https_and_mailto_become_links():
    rendered = pdf.PdfRenderer(("body { font-size: 10pt }",), fonts=pdf.run_font_files("x")).render(HTML)
    assert sorted(_uris(rendered.pdf)) == ["http://example.org/b", "https://example.org/a", "mailto:x@example.org"]


def test_the_report_parts_keep_only_those_links_too():
    renderer = pdf.PdfRenderer(("body { font-size: 10pt }",), fonts=pdf.run_font_files("x"))
    with renderer.laid_out(HTML) as (document, _missing):
        content = document.write_pdf()
    assert sorted(_uris(content)) == ["http://example.org/b", "https://example.org/a", "mailto:x@example.org"]


@pytest.mark.parametrize(("kind", "target", "allowed"), [
    ("external", "https://example.org/", True), ("external", "HTTP://EXAMPLE.ORG/", True), ("external", "mailto:a@b.c", True),
    ("internal", "top", True), ("external", "javascript:alert(1)", False), ("external", "file:///etc/passwd", False),
    ("external", "secret.pdf", False), ("attachment", "https://example.org/x.pdf", False), ("external", "https:", False),
])
def test_pdf_link_allowed(kind, target, allowed):
    assert pdf_link_allowed(kind, target) is allowed
