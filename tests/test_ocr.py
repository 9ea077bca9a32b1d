"""OCR of scanned plans: tesseract words in PDF points, level pages, shapes from pixels, the searchable
copy, the errors without tesseract, and (slow) whole scans made here from corpus PDFs scored with the
shared scorers."""

from __future__ import annotations

import shutil

import pytest
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.errors import OcrNotInstalledError
from pipeline.models.layout import Shape, Word
from pipeline.read.ocr import OcrPage, check_ocr_available, hocr_to_words, invert_dark_fills, mark_bold, snap_sizes
from pipeline.read.ocr_slant import mark_italic, word_slant
from pipeline.read.raster import deskew, image_to_shapes, skew_angle
from pipeline.settings import Settings
from tests.conftest import CORPUS, SHARED, gold_for, run_json_script
from tests.pdfs import image_only_pdf
from tests.scans import make_scan



def _have_tesseract() -> bool:
    try:
        check_ocr_available(Settings())
    except OcrNotInstalledError:
        return False
    return True


needs_tesseract = pytest.mark.skipif(not _have_tesseract(), reason="tesseract-ocr with tesseract-ocr-slv is not installed")

HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body><div class='ocr_page' title='bbox 0 0 2480 3508'>
<span class='ocr_line' id='line_1_1' title="bbox 300 400 1100 450; baseline 0 -10; x_size 50; x_descenders 10; x_ascenders 12">
<span class='ocrx_word' title='bbox 300 402 600 440; x_wconf 96'>Trajanje:</span>
<span class='ocrx_word' title='bbox 630 405 1100 450; x_wconf 41'>januar–junij</span>
</span></div></body></html>"""


def _text_image(lines: list[str], size: int = 40, angle: float = 0.0) -> Image.Image:
    font_path = next((p for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                  "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf") if shutil.os.path.exists(p)), None)
    font = ImageFont.truetype(font_path, size) if font_path else ImageFont.load_default()
    img = Image.new("L", (1600, 200 + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((100, 100 + 80 * i), line, fill=0, font=font)
    return img.rotate(angle, resample=Image.BICUBIC, fillcolor=255) if angle else img


def test_ocr_hocr_to_words_gives_points_line_baseline_and_size():
    words, confs = hocr_to_words(HOCR, page=3, scale=72 / 300)
    assert [w.text for w in words] == ["Trajanje:", "januar–junij"]
    assert confs == [96.0, 41.0]
    k = 72 / 300
    first, second = words
    assert first.page == 3 and first.x0 == pytest.approx(300 * k) and second.x1 == pytest.approx(1100 * k)
    assert first.baseline == pytest.approx(440 * k) == second.baseline  # one line, one baseline
    assert first.top == second.top and first.bottom == second.bottom  # one line box, as a text layer has
    assert first.size == pytest.approx(50 * k)
    assert not first.bold and not first.italic


def _hocr_lines(lines: list[list[tuple[str, tuple[int, int, int, int]]]]) -> str:
    """hOCR of one page whose lines hold the given (text, pixel box) words, each line its own x_size."""
    spans = []
    for i, words in enumerate(lines, start=1):
        x0, y0 = min(b[0] for _, b in words), min(b[1] for _, b in words)
        x1, y1 = max(b[2] for _, b in words), max(b[3] for _, b in words)
        spans.append(f"<span class='ocr_line' id='line_1_{i}' title=\"bbox {x0} {y0} {x1} {y1}; baseline 0 -8; "
                     f"x_size {y1 - y0}; x_descenders 8; x_ascenders 9\">"
                     + "".join(f"<span class='ocrx_word' title='bbox {' '.join(map(str, b))}; x_wconf 90'>{t}</span>"
                               for t, b in words) + "</span>")
    return ("<?xml version='1.0' encoding='UTF-8'?><html xmlns='http://www.w3.org/1999/xhtml'><body>"
            "<div class='ocr_page' title='bbox 0 0 2480 3508'>" + "".join(spans) + "</div></body></html>")


def test_ocr_stroke_read_as_dash_beside_a_number_closes_its_marker():
    # tesseract cut "2)" into "2" and a thin ")" read as "—" on a line of its own; "2026 - 2027" keeps its hyphen
    hocr = _hocr_lines([[("2", (210, 1000, 227, 1040)), ("registriranih", (262, 1000, 600, 1040))],
                        [("—", (233, 1001, 241, 1040))],
                        [("2026", (210, 1100, 320, 1140)), ("-", (340, 1100, 356, 1146)), ("2027", (370, 1100, 480, 1140))]])
    words, confs = hocr_to_words(hocr, page=1, scale=72 / 300)
    assert [w.text for w in words] == ["2)", "registriranih", "2026", "-", "2027"]
    assert len(confs) == len(words) and words[0].x1 == pytest.approx(241 * 72 / 300)


def test_ocr_snap_sizes_gives_one_font_one_size():
    pages = []
    for n, size in enumerate((9.1, 8.8, 9.3, 14.0), start=1):
        w = hocr_to_words(HOCR, page=n, scale=0.24)[0][0]
        w.size = size
        pages.append(OcrPage(number=n, width=595, height=842, words=[w], shapes=[], confidences=[90.0]))
    snap_sizes(pages)
    sizes = [p.words[0].size for p in pages]
    assert sizes[0] == sizes[1] == sizes[2] != sizes[3]


def test_ocr_mark_bold_finds_thick_strokes_and_short_words_follow_their_line():
    words = hocr_to_words(HOCR, page=1, scale=0.24)[0] * 3
    words = [type(w)(**{f: getattr(w, f) for f in w.__slots__}) for w in words]
    for w, text in zip(words, ["Naslov", "je", "krepak", "navadno", "besedilo", "tukaj"]):
        w.text = text
    page = OcrPage(number=1, width=595, height=842, words=words, shapes=[], confidences=[90.0] * 6,
                   strokes=[0.2, 0.1, 0.2, 0.1, 0.1, 0.1])
    mark_bold([page])
    assert [w.bold for w in words] == [True, True, True, False, False, False]


def test_ocr_mark_bold_wants_more_of_one_heavy_word_amid_regular_ones():
    # "Mreže" strokes a little heavier than its regular neighbours (M and ž); a title alone on its line does not
    line = hocr_to_words(HOCR, page=1, scale=0.24)[0]
    words = [type(w)(**{f: getattr(w, f) for f in w.__slots__}) for w in line * 3]
    for i, (w, text) in enumerate(zip(words, ["vloga", "Mreže", "MaMa", "Mladim", "sodeluje", "tukaj"])):
        w.text = text
        w.baseline += 30 * (i == 3)  # the title stands on a line of its own
    page = OcrPage(number=1, width=595, height=842, words=words, shapes=[], confidences=[90.0] * 6,
                   strokes=[0.1, 0.12, 0.1, 0.12, 0.1, 0.1])
    mark_bold([page])
    assert [w.bold for w in words] == [False, False, False, True, False, False]


def _drawn_words(spec: list[tuple[str, str]], px: int = 42) -> tuple[Image.Image, list[Word]]:
    """Draw words (text, DejaVu face file) on one line of a 300 dpi page; return it and their Words in points."""
    scale = 72 / 300
    img = Image.new("L", (2400, 300), 255)
    draw = ImageDraw.Draw(img)
    x, words = 100, []
    for text, face in spec:
        font = ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{face}", px)
        l, t, r, b = draw.textbbox((x, 100), text, font=font)
        draw.text((x, 100), text, fill=0, font=font)
        words.append(Word(text=text, page=1, x0=l * scale, top=(t - 4) * scale, x1=r * scale, bottom=(b + 4) * scale,
                          baseline=(100 + font.getmetrics()[0]) * scale, size=px * scale, fontname="OCR",
                          bold=False, italic=False))
        x = r + px // 2
    return img.filter(ImageFilter.GaussianBlur(1.2)), words


def test_ocr_slant_tells_italic_words_and_short_words_follow_their_neighbour():
    spec = [("Vir", "DejaVuSans-Oblique.ttf"), ("financiranja:", "DejaVuSans-Oblique.ttf"),
            ("lastna", "DejaVuSans.ttf"), ("sredstva", "DejaVuSans.ttf"), ("Mreže", "DejaVuSans.ttf"),
            ("MaMa", "DejaVuSans.ttf"), ("in", "DejaVuSans.ttf"), ("drugih", "DejaVuSans.ttf"),
            ("občin", "DejaVuSans.ttf"), ("Trajanje:", "DejaVuSerif-Italic.ttf"), ("1.", "DejaVuSerif.ttf"),
            ("1.", "DejaVuSerif.ttf"), ("2026", "DejaVuSerif.ttf"), ("in", "DejaVuSerif.ttf"), ("nadalje", "DejaVuSerif.ttf")]
    img, words = _drawn_words(spec)
    grey = np.asarray(img)
    slants = [word_slant(grey, w, 72 / 300) for w in words]
    assert slants[0] is None and slants[6] is None  # too few letters to tell by themselves
    assert slants[10] is None and slants[11] is None  # the "1. 1." after "Trajanje:" follows the value, not the label
    mark_italic(words, slants)
    assert [w.italic for w in words] == [face.endswith(("Oblique.ttf", "Italic.ttf")) for _, face in spec]


def test_ocr_invert_dark_fills_turns_light_on_dark_text_dark_on_light():
    img = Image.new("L", (1200, 400), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle((50, 100, 1150, 220), fill=60)  # a dark heading band with white text
    draw.text((100, 130), "2. ZAGOVORNIŠTVO", fill=255,
              font=ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 60))
    draw.rectangle((50, 300, 400, 350), fill=200)  # a light box keeps its dark text as it is
    k = 72 / 300
    band = Shape(page=1, x0=50 * k, top=100 * k, x1=1151 * k, bottom=221 * k, color=(60 / 255,) * 3)
    light = Shape(page=1, x0=50 * k, top=300 * k, x1=401 * k, bottom=351 * k, color=(200 / 255,) * 3)
    out = np.asarray(invert_dark_fills(img, [band, light], k))
    assert np.median(out[105:215, 55:1145]) > 240 and out[105:215, 55:1145].min() < 60  # white paper, dark ink
    assert (out[300:350, 50:400] == 200).all() and (out[:90] == 255).all()  # the rest is untouched


@pytest.mark.parametrize("angle", [-0.8, 0.4, 1.0])
def test_ocr_skew_angle_levels_turned_text(angle):
    img = _text_image(["Letni delovni načrt mladinskega centra za leto 2027"] * 8, angle=angle)
    found = skew_angle(img)
    assert found == pytest.approx(-angle, abs=0.1)
    assert abs(skew_angle(deskew(img, found))) <= 0.1


def test_ocr_image_to_shapes_finds_filled_boxes_and_cards_on_a_panel():
    scale = 300 / 72
    img = Image.new("RGB", (int(595 * scale), int(842 * scale)), "white")
    draw = ImageDraw.Draw(img)
    box = (100, 100, 250, 115)  # a timeline box, points
    stripe = (300, 80, 340, 300)  # a light column stripe with a darker box on it
    on_stripe = (300, 150, 340, 162)
    panel, card = (50, 400, 400, 560), (70, 430, 200, 470)  # a white card on a shaded panel
    for rect, colour in ((box, (40, 110, 120)), (stripe, (235, 235, 235)), (on_stripe, (200, 90, 60)),
                         (panel, (220, 238, 238)), (card, (255, 255, 255))):
        draw.rectangle([v * scale for v in rect], fill=colour)
    draw.text((110 * scale, 103 * scale), "Analiza potreb", fill="white")
    shapes = image_to_shapes(img, 1, 595, 842)

    def found(rect):
        return any(abs(s.x0 - rect[0]) < 1.5 and abs(s.top - rect[1]) < 1.5 and abs(s.x1 - rect[2]) < 1.5
                   and abs(s.bottom - rect[3]) < 1.5 for s in shapes)

    assert found(box) and found(on_stripe) and found(panel) and found(card)
    assert all(s.fill for s in shapes)


def test_ocr_missing_tesseract_names_the_package():
    with pytest.raises(OcrNotInstalledError) as exc:
        check_ocr_available(Settings(tesseract_cmd="/nonexistent/tesseract"))
    assert "tesseract-ocr" in str(exc.value) and "tesseract-ocr-slv" in str(exc.value)
    assert exc.value.code == "E302"


@needs_tesseract
def test_ocr_missing_language_names_the_package():
    with pytest.raises(OcrNotInstalledError) as exc:
        check_ocr_available(Settings(ocr_lang="qqq"))
    assert "tesseract-ocr-qqq" in str(exc.value)


def test_ocr_run_without_tesseract_fails_the_file_naming_the_package(tmp_path, monkeypatch, plan_pdf):
    from pipeline.batch.runner import run_batch

    scan = make_scan(plan_pdf, tmp_path / "scan.pdf", dpi=100)
    monkeypatch.setenv("PATH", "")
    summary = run_batch([scan], tmp_path / "out", progress=False)
    f = summary.files[0]
    assert (f.status, f.code) == ("failed", "E302")
    assert "apt-get install tesseract-ocr tesseract-ocr-slv" in f.message and str(scan) in f.message
    text = run_batch([plan_pdf], tmp_path / "out2", progress=False)  # a text plan needs no tesseract
    assert text.files[0].status == "ok"


def test_ocr_never_keeps_the_scanned_refusal(tmp_path):
    from pipeline.batch.runner import run_batch

    (tmp_path / "scan.pdf").write_bytes(image_only_pdf(tmp_path))
    summary = run_batch([tmp_path / "scan.pdf"], tmp_path / "out", progress=False, ocr="never")
    f = summary.files[0]
    assert (f.status, f.code) == ("failed", "E105")
    assert "no text layer" in f.message and "--ocr" in f.message


def test_ocr_unknown_mode_is_a_usage_error(tmp_path, plan_pdf):
    from pipeline.batch.runner import run_batch
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="--ocr"):
        run_batch([plan_pdf], tmp_path / "out", progress=False, ocr="sometimes")


@needs_tesseract
def test_ocr_small_scan_reads_like_its_text_pdf_and_writes_a_searchable_copy(tmp_path, plan_pdf):
    """A two-page plan made here, scanned at 200 dpi: the same entries, and a .ocr.pdf whose boxes check."""
    from pipeline.batch.runner import run_batch
    from pipeline.models import load_record

    scan = make_scan(plan_pdf, tmp_path / "plan-scan.pdf", dpi=200)
    run_batch([plan_pdf], tmp_path / "text", progress=False)
    summary = run_batch([scan], tmp_path / "out", progress=False)
    f = summary.files[0]
    assert f.status == "ok", f.message
    assert f.ocr_pages == list(range(1, f.pages + 1))
    want = load_record(tmp_path / "text" / f"{plan_pdf.stem}.json")
    got = load_record(tmp_path / "out" / "plan-scan.json")
    assert got.entries and {e.title for e in want.entries} & {e.title for e in got.entries}
    assert {e.section for e in got.entries} <= {s.key for s in got.sections} | {None}
    assert got.ocr is not None and [p.page for p in got.ocr.pages] == f.ocr_pages
    assert got.ocr.mean_confidence > 80
    assert all(fr.confidence is not None for e in got.entries for fr in e.provenance)
    copy = tmp_path / "out" / "plan-scan.ocr.pdf"
    assert copy.is_file()
    check = run_json_script(SHARED / "eval" / "check_provenance.py", str(copy), str(tmp_path / "out" / "plan-scan.json"))
    assert check["score"] >= 0.95, check["problems"][:5]
    assert "plan-scan.ocr.pdf" not in {p.name for p in (tmp_path / "text").iterdir()}


@needs_tesseract
def test_ocr_small_scan_keeps_entry_titles_apart_from_headings(tmp_path, plan_pdf):
    from pipeline.batch.runner import run_batch
    from pipeline.models import load_record

    scan = make_scan(plan_pdf, tmp_path / "plan-scan.pdf", dpi=200)
    run_batch([plan_pdf], tmp_path / "text", progress=False)
    run_batch([scan], tmp_path / "out", progress=False)
    want = load_record(tmp_path / "text" / f"{plan_pdf.stem}.json")
    got = load_record(tmp_path / "out" / "plan-scan.json")
    assert [e.title for e in got.entries] == [e.title for e in want.entries]


# --- whole scans of corpus plans (slow: about 2.5 s of CPU per page) ---------------------------------

SCANS = {"ldn-2026-reflow-f": 200, "ldn-2025-synthetic": 200}  # two columns; the original one-column design
MIXED = ("ldn-2026-reflow-a", [3, 4, 5])  # three scanned pages among text pages
# Issue 17 asks for 0.90 overall. Measured: reflow-f 0.683 and 2025-synthetic 0.778 with tesseract's line sizes;
# 0.746 and 0.854 with sizes from glyph heights, bold from blur-aware stroke widths and rules read as "|" dropped;
# 0.843 and 0.877 with slant read from the strokes, dark fills inverted and "2)" cut by tesseract joined again;
# 0.900 and 0.896 with heading wraps told by baseline pitch and bullets tesseract dropped found in the ink;
# 0.932 and 0.906 with "o2" on a month axis read as "02" (the timeline charts found again); 0.938 and 0.936 with
# axes lacking a label, empty wide bands re-read, and list numbers tesseract lost read again in their column.
SCORE_FLOORS = {"ldn-2026-reflow-f": 0.90, "ldn-2025-synthetic": 0.90}
PROVENANCE_FLOOR = 0.95
MIXED_TOLERANCE = 0.03


def _corpus(stem: str):
    path = CORPUS / f"{stem}.pdf"
    if not path.exists() or not (SHARED / "eval" / "score.py").exists():
        pytest.skip(f"{path} or the shared scorers are not available")
    return path


@pytest.mark.slow
@pytest.mark.corpus
@needs_tesseract
@pytest.mark.parametrize("stem", sorted(SCANS))
def test_ocr_scanned_corpus_plan_scores_and_its_ocr_pdf_checks(tmp_path, stem):
    from pipeline.batch.runner import run_batch

    src = _corpus(stem)
    scan = make_scan(src, tmp_path / f"{stem}-scan.pdf", dpi=SCANS[stem])
    summary = run_batch([scan], tmp_path / "out", workers=2, progress=False)
    assert summary.files[0].status == "ok", summary.files[0].message
    pred = tmp_path / "out" / f"{stem}-scan.json"
    score = run_json_script(SHARED / "eval" / "score.py", str(gold_for(src)), str(pred))
    check = run_json_script(SHARED / "eval" / "check_provenance.py", str(tmp_path / "out" / f"{stem}-scan.ocr.pdf"), str(pred))
    assert score["overall"] >= SCORE_FLOORS[stem], score["headline"]
    assert check["score"] >= PROVENANCE_FLOOR, check["problems"][:5]


@pytest.mark.slow
@pytest.mark.corpus
@needs_tesseract
def test_ocr_mixed_plan_scores_as_its_text_pdf(tmp_path):
    """Measured 0.946 while OCR words had no colour beside coloured text pages (every scanned line read as a
    title) and "o2" hid the month axes; 0.993 against the text PDF's 1.000 since."""
    from pipeline.batch.runner import run_batch

    stem, pages = MIXED
    src = _corpus(stem)
    mixed = make_scan(src, tmp_path / f"{stem}-mixed.pdf", dpi=200, pages=pages)
    summary = run_batch([src, mixed], tmp_path / "out", workers=2, progress=False)
    assert [f.status for f in summary.files] == ["ok", "ok"], [f.message for f in summary.files]
    assert summary.files[1].ocr_pages == pages and summary.files[0].ocr_pages == []
    text = run_json_script(SHARED / "eval" / "score.py", str(gold_for(src)), str(tmp_path / "out" / f"{stem}.json"))
    got = run_json_script(SHARED / "eval" / "score.py", str(gold_for(src)), str(tmp_path / "out" / f"{stem}-mixed.json"))
    assert got["overall"] >= text["overall"] - MIXED_TOLERANCE, got["headline"]
    check = run_json_script(SHARED / "eval" / "check_provenance.py", str(tmp_path / "out" / f"{stem}-mixed.ocr.pdf"),
                            str(tmp_path / "out" / f"{stem}-mixed.json"))
    assert check["score"] >= PROVENANCE_FLOOR, check["problems"][:5]


@pytest.mark.parametrize("read, confidence, first, expected", [
    ("maja.hostnikOmreza-mama.si", 0, False, "maja.hostnik@mreza-mama.si"),  # "@" read as "O"
    ("info0mladi.si,", 40, False, "info@mladi.si,"),
    ("KROJ.si", 40, False, "KROJ.si"),  # capitals: no address to repair
    ("www.mreza-mama.si", 40, False, "www.mreza-mama.si"),
    ("»«", 35, True, "•"),  # a square bullet tesseract could not name
    ("»«", 35, False, "»«"),  # not first on its line: no bullet
    ("«", 90, True, "«"),  # read with confidence: kept
    ("(", 30, True, "("),  # opens the line's text
    ("o2", 70, False, "02"),  # a month axis label
    ("2O26", 80, False, "2026"),
    ("l5.", 60, False, "15."),
    ("B2", 80, False, "B2"),  # a letter that is no digit's misreading: a code, kept
    ("Il", 50, False, "Il"),  # no digit: a word
])
def test_ocr_repair_word_puts_back_bullets_at_signs_and_digits(read, confidence, first, expected):
    from pipeline.read.ocr_repair import repair_word

    assert repair_word(read, confidence, first) == expected


@pytest.mark.parametrize("mark, expected", [("disc", "•"), ("period", None), ("none", None)])
def test_ocr_bullet_tesseract_dropped_is_found_in_the_ink(mark, expected):
    """A round bullet left of a line's first word, in the x-height band, becomes a "•" word; a period
    on the baseline (a number's dot) or blank paper does not."""
    from pipeline.read.ocr_bullets import add_dropped_bullets

    scale = 72 / 200  # points per pixel at 200 dpi
    size = 11.0
    img = Image.new("L", (800, 200), 255)
    draw = ImageDraw.Draw(img)
    baseline_px = 100
    size_px = size / scale
    word_x0_px = 200
    r = 0.15 * size_px
    cx = word_x0_px - 1.2 * size_px
    if mark == "disc":
        cy = baseline_px - 0.35 * size_px
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=0)
    elif mark == "period":
        draw.ellipse((cx - r / 2, baseline_px - r, cx + r / 2, baseline_px), fill=0)
    grey = np.asarray(img)
    word = Word("Izvedba", 1, word_x0_px * scale, (baseline_px - size_px) * scale, 320 * scale,
                baseline_px * scale, baseline_px * scale, size, "ocr", False, False)
    words, confs = add_dropped_bullets(grey, [word], [95.0], scale)
    got = words[0].text if len(words) == 2 else None
    assert got == expected
    assert words[-1] == word and confs[-1] == 95.0
    if expected:
        assert words[0].x1 < word.x0 and confs[0] < 95.0 + 1


def test_ocr_wide_band_is_read_again_only_when_the_page_reading_found_nothing_in_it():
    """A dark month-axis band spans the page: tesseract's segmentation may skip it, then it is re-read like a
    box; a wide band the page reading read (a heading bar) is left to that reading."""
    from pipeline.read.ocr_boxes import box_candidates

    band = Shape(page=1, x0=66, top=96, x1=533, bottom=108, color=(0.3, 0.3, 0.3))
    bar = Shape(page=1, x0=134, top=203, x1=174, bottom=242, color=(0.4, 0.4, 0.4))
    word = Word("USPOSABLJANJA", 1, 70, 97, 140, 106, 106, 8.0, "ocr", False, False)
    assert box_candidates([band, bar], 595) == [bar, band]
    assert box_candidates([band, bar], 595, [word]) == [bar]


@needs_tesseract
def test_ocr_lost_list_numbers_are_read_again_in_their_column():
    """A numbered list whose "2." tesseract garbled ("M»", little confidence) and whose "4." it lost: the
    column told by the confident "1." and "3." gets both read again; a continuation line keeps no number."""
    import pytesseract

    from pipeline.read.ocr_markers import MARKER_CHARS, read_lost_markers

    scale = 72 / 300
    px = 42
    img = Image.new("L", (1800, 700), 255)
    draw = ImageDraw.Draw(img)
    bold = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", px)
    regular = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", px)
    lines = [("1.", "priprava vprašalnika"), ("2.", "zbiranje podatkov"), (None, "nadaljevanje postavke"),
             ("3.", "izvedba skupin"), ("4.", "obdelava podatkov")]
    words, confs = [], []
    for i, (number, text) in enumerate(lines):
        y = 100 + 110 * i
        base = (y + regular.getmetrics()[0]) * scale
        if number:
            draw.text((200, y), number, fill=0, font=bold)
            if number in ("1.", "3."):
                words.append(Word(number, 1, 200 * scale, y * scale, 245 * scale, base + 2, base, px * scale, "ocr", True, False))
                confs.append(96.0)
            elif number == "2.":
                words.append(Word("M»", 1, 200 * scale, y * scale, 245 * scale, base + 2, base, px * scale, "ocr", False, False))
                confs.append(25.0)
        draw.text((300, y), text, fill=0, font=regular)
        r = draw.textbbox((300, y), text, font=regular)[2]
        words.append(Word(text.split()[0], 1, 300 * scale, y * scale, r * scale, base + 2, base, px * scale, "ocr", False, False))
        confs.append(95.0)

    def run(strip):
        return pytesseract.image_to_pdf_or_hocr(strip, lang="slv", extension="hocr",
                                                config=f"--psm 6 -c tessedit_char_whitelist={MARKER_CHARS}")

    got, got_confs = read_lost_markers(np.asarray(img.filter(ImageFilter.GaussianBlur(0.7))), words, confs, scale, run)
    numbers = sorted((w.baseline, w.text) for w in got if w.x0 < 280 * scale)
    assert [t for _, t in numbers] == ["1.", "2.", "3.", "4."]
    assert "M»" not in {w.text for w in got} and len(got) == len(got_confs)
