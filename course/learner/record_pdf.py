"""The learning record as PDF: with ``weasyprint`` if installed, otherwise Chromium.

:func:`course.learner.record.write_record` writes the HTML first and asks
:func:`course.learner.record.html_to_pdf` for the PDF, which finds a converter
(:func:`pdf_converter`) and runs it (:func:`convert`); when none is found it says so plainly
(:data:`NO_PDF_MESSAGE`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from course.content import read_content

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PdfUnavailableError(RuntimeError):
    """No PDF converter could be found or it failed; the message says what to do instead."""


def pdf_converter() -> tuple[str, str] | None:
    """The PDF converter available: ``("weasyprint", "")``, ``("chromium", path)`` or ``None``."""
    try:
        import weasyprint  # noqa: F401

        return ("weasyprint", "")
    except Exception:  # not installed, or its system libraries are missing
        pass
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return ("chromium", found)
    if Path("/usr/bin/chromium").exists():
        return ("chromium", "/usr/bin/chromium")
    return None


NO_PDF_MESSAGE: str = read_content(Path(__file__).with_name("record.yml"), "widget_text")["no_pdf"]


def convert(
    html_path: str | os.PathLike,
    pdf_path: str | os.PathLike,
    converter: tuple[str, str] | None,
    timeout: float = 120,
) -> Path:
    """Convert an HTML file to PDF with ``converter`` (as :func:`pdf_converter` gives it).

    Raises
    ------
    PdfUnavailableError
        When there is no converter or it fails (the message says why and what to do).
    """
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    if converter is None:
        raise PdfUnavailableError(NO_PDF_MESSAGE)
    kind, binary = converter
    if kind == "weasyprint":
        import weasyprint

        weasyprint.HTML(filename=str(html_path)).write_pdf(str(pdf_path))
    else:
        pdf_path.unlink(missing_ok=True)
        cmd = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            f"--print-to-pdf={pdf_path}",
            html_path.as_uri(),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailableError(
                f"Chromium could not make the PDF ({exc}). {NO_PDF_MESSAGE}"
            ) from None
        if not pdf_path.exists() or pdf_path.stat().st_size == 0:
            raise PdfUnavailableError(
                f"Chromium did not write {pdf_path}. The HTML record is there; "
                "open it in a browser and use Print → Save as PDF."
            )
    return pdf_path
