"""Scans made in the tests: PDF pages rendered with pdfium, turned, blurred, speckled and saved image-only.

What a flatbed scanner or a photocopier does to a printed plan: the page is a greyscale picture
turned by up to a degree, a little soft, with dust specks; nothing of the text layer survives.
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Optional

import numpy as np
from PIL import Image, ImageFilter

MAX_TURN = 1.0  # degrees either way
BLUR = 0.7  # Gaussian radius in pixels
SPECK = 0.0008  # share of pixels turned black or white


def scan_page(page, dpi: int, rng: random.Random) -> Image.Image:
    """Given a pdfium page, return it as a scanner would: grey, turned, soft and specked."""
    image = page.render(scale=dpi / 72).to_pil().convert("L")
    image = image.rotate(rng.uniform(-MAX_TURN, MAX_TURN), resample=Image.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(BLUR))
    pixels = np.array(image)
    noise = np.random.default_rng(rng.randrange(1 << 30)).random(pixels.shape)
    pixels[noise < SPECK / 2] = 0
    pixels[noise > 1 - SPECK / 2] = 255
    return Image.fromarray(pixels)


def images_to_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """Given page images, return an image-only PDF of them (Pillow's PDF writer)."""
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buf.getvalue()


def make_scan(src: Path, dst: Path, dpi: int = 200, pages: Optional[list[int]] = None, seed: int = 17) -> Path:
    """Given a PDF, write a scan of it: every page an image (``pages``: only those 1-based pages are scanned,
    the others keep their text layer, which makes a mixed plan)."""
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    doc = pdfium.PdfDocument(str(src))
    try:
        chosen = list(range(1, len(doc) + 1)) if pages is None else sorted(pages)
        images = [scan_page(doc[n - 1], dpi, rng) for n in chosen]
        scans = pdfium.PdfDocument(images_to_pdf(images, dpi))
        if pages is None:
            dst.write_bytes(images_to_pdf(images, dpi))
            return dst
        for k, n in enumerate(chosen):
            doc.del_page(n - 1)
            doc.import_pages(scans, [k], index=n - 1)
        with open(dst, "wb") as fh:
            doc.save(fh)
        scans.close()
    finally:
        doc.close()
    return dst
