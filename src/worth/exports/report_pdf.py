"""Reports as PDF: the same HTML document Worth writes, laid out for A4 pages by WeasyPrint.

One document, two renderings: what a team reads in the browser is what senior management gets on
paper, so a figure cannot differ between them. The page's own Content-Security-Policy already forbids
anything but inline styles and data: images; WeasyPrint is given no base URL and a fetcher that
refuses every address, so a report never loads a file or a URL, whatever text it holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from worth.engine.model.analysis import ModelAnalysis
from worth.exports.files import write_whole
from worth.exports.report_model import ReportError, model_report_html

__all__ = ["html_to_pdf", "model_report_pdf", "write_bytes"]


def html_to_pdf(html: str) -> bytes:
    """``html`` (a complete document with its styles inline) as PDF bytes."""
    # Imported here: WeasyPrint loads pango, which most commands never need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NothingFromOutside(URLFetcher):  # type: ignore[misc]
        """Only ``data:`` addresses, which hold their content; files and the network are refused."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"a report loads nothing from outside: {url[:80]!r} refused")

    return bytes(HTML(string=html, url_fetcher=NothingFromOutside()).write_pdf())


def model_report_pdf(analysis: ModelAnalysis, *, source: str | None = None) -> bytes:
    """The value summary report of ``analysis`` as PDF (see :func:`model_report_html`)."""
    return html_to_pdf(model_report_html(analysis, source=source))


def write_bytes(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` in one go (a failure leaves no half-written file).

    Raises
    ------
    ReportError
        When the folder does not exist or cannot be written.
    """
    if not path.parent.is_dir():
        raise ReportError(f"cannot write {str(path)!r}: the folder {str(path.parent)!r} does not exist")
    try:
        write_whole(path, data)
    except OSError as exc:
        raise ReportError(f"cannot write {str(path)!r}: {exc.strerror}") from None
    return path
