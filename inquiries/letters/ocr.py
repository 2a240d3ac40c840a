"""Text recognition for scans without a text layer (PDF pages rendered by pypdfium2, images),
read by Debian's tesseract-ocr with German through pytesseract. Runs in the limited child
process (see extract.py)."""

from __future__ import annotations

import io
import shutil

from .base import LetterError, _

# Pages of a scan that are read by text recognition (a letter has a few; a scanned file of
# hundreds of pages is not one letter and would take minutes).
MAX_OCR_PAGES = 10


def ocr_available() -> bool:
    """Is text recognition installed (Debian's tesseract-ocr with the German language data)?"""
    if shutil.which("tesseract") is None:
        return False
    try:
        import pytesseract

        return "deu" in pytesseract.get_languages(config="")
    except Exception:  # a broken installation is no installation
        return False


def _scan_without_ocr() -> LetterError:
    return LetterError(
        _(
            "The file is a scan without a text layer, and text recognition (OCR) is not installed on "
            "this server. Please paste the letter's text or upload it as Word or text PDF."
        )
    )


def image(data: bytes):
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 million
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def ocr_pdf(data: bytes) -> str:
    if not ocr_available():
        raise _scan_without_ocr()
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        images = [
            document[index].render(scale=300 / 72).to_pil()
            for index in range(min(len(document), MAX_OCR_PAGES))
        ]
    finally:
        document.close()
    return ocr_images(images)


def ocr_images(images) -> str:
    if not ocr_available():
        raise _scan_without_ocr()
    import pytesseract

    pages = [
        pytesseract.image_to_string(image, lang="deu+eng" if _has_english() else "deu") for image in images
    ]
    text = "\f".join(pages)
    if sum(ch.isalpha() for ch in text) < 20:
        raise LetterError(_("No text could be recognised in the scan."))
    return text


def _has_english() -> bool:
    import pytesseract

    return "eng" in pytesseract.get_languages(config="")
