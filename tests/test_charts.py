"""Charts: a timeline is found by its 01..12 month axis; its boxes are the filled shapes under it and
span the months whose column centre lies inside them; count cards of the summary graphic."""

from __future__ import annotations

import pytest

from pipeline.models.layout import Shape, Word
from pipeline.read.charts import find_cards, find_charts, find_month_axes

MONTH_W = 30.0
GRID_X = 150.0


def _word(text: str, x0: float, baseline: float, size: float = 8.0, page: int = 1) -> Word:
    width = 0.55 * size * len(text)
    return Word(text=text, page=page, x0=x0, top=baseline - 0.8 * size, x1=x0 + width, bottom=baseline + 0.2 * size,
                baseline=baseline, size=size, fontname="Sans", bold=False, italic=False)


def _axis(labels: list[str], baseline: float = 200.0) -> list[Word]:
    return [_word(t, GRID_X + (m + 0.5) * MONTH_W - 4, baseline) for m, t in enumerate(labels)]


def _box(first: int, last: int, top: float) -> Shape:
    return Shape(page=1, x0=GRID_X + (first - 1) * MONTH_W, top=top, x1=GRID_X + last * MONTH_W, bottom=top + 14)


MONTHS = [f"{m:02d}" for m in range(1, 13)]


@pytest.mark.parametrize("labels, found", [
    (MONTHS, True),
    (["jan", "feb", "mar", "apr", "maj", "jun", "jul", "avg", "sep", "okt", "nov", "dec"], True),
    (MONTHS[:11], False),  # eleven months are not an axis
    (MONTHS[:2] + MONTHS[3:], True),  # "03" lost by OCR between its neighbours: put back at its column
    (MONTHS[:2] + MONTHS[3:6] + MONTHS[7:], True),  # two lost
    (MONTHS[:2] + MONTHS[5:], False),  # three lost: too few to be sure
    (MONTHS[8:] + MONTHS[:8], True),  # a school year: September to August
    (MONTHS[:3] + [MONTHS[4], MONTHS[3]] + MONTHS[5:], False),  # out of order
    ([str(m) for m in range(1, 13)], False),  # single digits are plain numbers (charts.yaml)
    (["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"], True),  # Roman month numbers
    (["januar", "februar", "marec", "april", "maj", "junij", "julij", "avgust", "september", "oktober",
      "november", "december"], True),
])
def test_charts_find_month_axes(labels, found):
    lost = labels[0] == "01" and len(labels) < 12  # labels lost from a full axis keep their columns
    words = [w for w in _axis(MONTHS) if w.text in labels] if lost else _axis(labels)
    axes = find_month_axes(words)
    assert bool(axes) is found
    if found:
        [axis] = axes
        assert len(axis) == 12
        if lost:
            assert [(w.text, w.x0) for w in axis] == [(w.text, pytest.approx(w.x0)) for w in _axis(MONTHS)]


def test_charts_axis_labels_on_a_tilted_row_and_unevenly_spaced_numbers():
    """A scan's axis labels stand on baselines a little apart (residual tilt), still one row; ten numbers in
    order but not evenly spaced (a list of counts) are no axis with gaps."""
    tilted = [_word(w.text, w.x0, 200.0 + 0.1 * i) for i, w in enumerate(_axis(MONTHS))]  # crosses 201.0
    assert len(find_month_axes(tilted)) == 1
    uneven = [_word(t, GRID_X + 9 * i * i, 200.0) for i, t in enumerate(MONTHS[:2] + MONTHS[4:])]
    assert find_month_axes(uneven) == []


def test_charts_boxes_span_the_months_under_them():
    axis = _axis(MONTHS)
    title = [_word("Časovnica", GRID_X, 180.0, size=10.0)]
    boxes = [_box(3, 6, 210.0), _box(9, 10, 228.0), _box(1, 12, 246.0)]
    labels = [_word("Analiza", b.x0 + 3, b.top + 10, size=7.0) for b in boxes]
    charts, orphans, used = find_charts(title + axis + labels, boxes)
    [chart] = charts
    assert [w.text for w in chart.title_words] == ["Časovnica"]
    assert [b.months for b in chart.boxes] == [[3, 4, 5, 6], [9, 10], list(range(1, 13))]
    assert all(id(w) in used for w in title + axis + labels)
    assert orphans == []


def test_charts_no_axis_no_chart():
    words = [_word("Besedilo", 150, 100), _word("01", 200, 100)]
    assert find_charts(words, [_box(1, 2, 110)]) == ([], [], set())


def test_charts_card_with_count():
    card = Shape(page=1, x0=150, top=100, x1=310, bottom=134)
    words = [_word("Erasmus+", 156, 112, size=9.0), _word("Mladina", 200, 112, size=9.0), _word("3x", 156, 128)]
    [found], used = find_cards(words, [card])
    assert found.count == 3 and [w.text for w in found.label_words] == ["Erasmus+", "Mladina"]
    assert used == {id(w) for w in words}


def test_charts_panel_of_several_counts_is_not_a_card():
    panel = Shape(page=1, x0=100, top=100, x1=400, bottom=200)
    words = [_word("CERV", 110, 120), _word("1x", 140, 120), _word("Erasmus+", 210, 120), _word("3x", 260, 120)]
    assert find_cards(words, [panel]) == ([], set())


def test_charts_timeline_on_a_drawn_page(plan_layout, plan_record):
    [page] = [p for p in plan_layout.pages if p.charts]
    [chart] = page.charts
    assert [(" ".join(w.text for w in b.words), b.months) for b in chart.boxes] == [
        ("Poletna šola", [3, 4, 5, 6]), ("Seminar", [9, 10]), ("Mreža", list(range(1, 13)))]
    body = " ".join(ln.text for ln in page.lines)
    assert "Poletna šola" not in body and "01 02" not in body  # chart text is not body text
    [timeline] = plan_record.timelines
    assert timeline.title == "Časovnica projektov" and timeline.section == "1.2.1"
    assert [(lb.text, lb.months) for lb in timeline.labels] == [
        ("Poletna šola", [3, 4, 5, 6]), ("Seminar", [9, 10]), ("Mreža", list(range(1, 13)))]
    assert all(lb.provenance and lb.provenance[0].page == page.number for lb in timeline.labels)


@pytest.mark.parametrize("side", ["beside", "first column"])
def test_charts_bar_label_beside_the_bar_or_in_a_first_column(side):
    axis = _axis(MONTHS)
    title = [_word("Časovnica", GRID_X, 180.0, size=10.0)]
    boxes = [_box(3, 4, 210.0), _box(6, 8, 228.0)]
    x = (lambda b: b.x1 + 4) if side == "beside" else (lambda b: 20.0)
    labels = [_word(t, x(b), b.top + 10, size=7.0) for t, b in zip(("Analiza", "Poročilo"), boxes)]
    [chart], _, used = find_charts(title + axis + labels, boxes)
    assert [[w.text for w in b.words] for b in chart.boxes] == [["Analiza"], ["Poročilo"]]
    assert [b.months for b in chart.boxes] == [[3, 4], [6, 7, 8]]


def _cell(month: int, top: float, bottom: float) -> Shape:
    return Shape(page=1, x0=GRID_X + (month - 1) * MONTH_W, top=top, x1=GRID_X + month * MONTH_W, bottom=bottom)


def test_charts_table_chart_rows_name_their_activity_in_the_first_column():
    """A Gantt chart drawn as a table: a first header cell on the axis row, the activity in the first
    column (two lines in one row), one shaded cell per month; the row is one box over its months."""
    axis = _axis(MONTHS)
    title = [_word("Časovnica", 40.0, 180.0, size=10.0)]
    header = [_word("Aktivnost", 40.0, 200.0)]
    rows = [(210.0, 232.0, [3, 4, 5], ["Analiza", "potreb"]), (232.0, 244.0, [9], ["Konferenca"])]
    words, shapes = title + axis + header, []
    for top, bottom, months, label in rows:
        words += [_word(t, 40.0, top + 9 + 10 * k) for k, t in enumerate(label)]
        shapes += [_cell(m, top, bottom) for m in months]
    charts, orphans, used = find_charts(words, shapes)
    [chart] = charts
    assert [(" ".join(w.text for w in b.words), b.months) for b in chart.boxes] == [
        ("Analiza potreb", [3, 4, 5]), ("Konferenca", [9])]
    assert all(id(w) in used for w in words)  # "Aktivnost" is the chart's, not body text
    assert orphans == []


def test_charts_empty_shaded_cells_without_a_first_column_are_no_boxes():
    axis = _axis(MONTHS)
    charts, _, _ = find_charts(axis, [_cell(2, 210.0, 222.0), _cell(3, 210.0, 222.0)])
    assert charts[0].boxes == []


def test_charts_month_names_printed_without_a_gap_are_split():
    # long month names crowded on a narrow axis: the text layer holds "novemberdecember" as one word
    names = ["januar", "februar", "marec", "april", "maj", "junij", "julij", "avgust", "september", "oktober"]
    axis = _axis(names)
    glued = _word("novemberdecember", GRID_X + 10.5 * MONTH_W - 4, 200.0)
    glued.x1 = GRID_X + 12 * MONTH_W
    box = _box(11, 12, 210.0)
    charts, _, used = find_charts(axis + [glued, _word("Poročilo", box.x0 + 3, box.top + 10, size=7.0)], [box])
    [chart] = charts
    assert sorted(chart.month_centers) == list(range(1, 13))
    assert chart.month_centers[11] < chart.month_centers[12]
    assert chart.boxes[0].months == [11, 12]
    assert id(glued) in used  # the glued word is part of the axis, not body text
    assert find_month_axes(_axis(names + ["november", "avgusta"])) == []  # "avgusta" is no month pair
