"""Given a record and the pages read through OCR, say so in the record: which pages, how confidently, and
which values were read from low-confidence words.

A value is only as sure as its least sure word, so each provenance fragment on an OCR page gets the
lowest confidence of the OCR words inside its box, and ``low_confidence`` when that is below the
threshold: an analyst filters on it, or checks those values on ``<stem>.ocr.pdf``.
"""

from __future__ import annotations

from typing import Iterator

from pydantic import BaseModel

from pipeline.models import Fragment, OcrInfo, OcrPageInfo, Record

PAD = 1.0  # pt: a word belongs to a box when its centre lies in the box grown by this


def iter_models(obj) -> Iterator[BaseModel]:
    """Given a model (or a list of them), yield it and every model nested in it, depth first."""
    if isinstance(obj, BaseModel):
        yield obj
        for name in type(obj).model_fields:
            yield from iter_models(getattr(obj, name))
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            if isinstance(item, (BaseModel, list, tuple)):
                yield from iter_models(item)


def _has_low(model: BaseModel) -> bool:
    return any(f.low_confidence for f in getattr(model, "provenance", None) or [] if isinstance(f, Fragment))


def mark_ocr(record: Record, ocr_pages: dict, threshold: float, engine: str, language: str, dpi: int) -> Record:
    """Given a record and its ``OcrPage``s by page number, set fragment confidences and ``record.ocr``."""
    if not ocr_pages:
        return record
    for model in iter_models(record):
        if not isinstance(model, Fragment) or model.page not in ocr_pages:
            continue
        page = ocr_pages[model.page]
        x0, top, x1, bottom = model.bbox
        confs = [c for w, c in zip(page.words, page.confidences)
                 if x0 - PAD <= (w.x0 + w.x1) / 2 <= x1 + PAD and top - PAD <= (w.top + w.bottom) / 2 <= bottom + PAD]
        if confs:
            model.confidence = min(confs)
            model.low_confidence = model.confidence < threshold
    low_values = sum(1 for m in iter_models(record) if not isinstance(m, Fragment) and _has_low(m))
    pages = [OcrPageInfo(page=n, words=len(p.words), mean_confidence=p.mean_confidence,
                         low_confidence_words=sum(1 for c in p.confidences if c < threshold), skew=round(p.angle, 2))
             for n, p in sorted(ocr_pages.items())]
    confs = [c for p in ocr_pages.values() for c in p.confidences]
    record.ocr = OcrInfo(engine=engine, language=language, dpi=dpi, threshold=threshold,
                         mean_confidence=round(sum(confs) / len(confs), 1) if confs else 0.0,
                         pages=pages, low_confidence_values=low_values)
    return record
