"""PDF extraction: clean paragraphs in reading order from born-digital or scanned PDFs.

``extract_pdf`` is the entry point; PDFium (pypdfium2) is the default word source,
pdfplumber the reference engine and the table finder, Tesseract the OCR.
"""
from __future__ import annotations

from dclit.extract.pdf.engine import ENGINES, extract_pdf

__all__ = ["ENGINES", "extract_pdf"]
