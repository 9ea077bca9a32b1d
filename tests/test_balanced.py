"""Balanced two-column regions: a region's end splits the block, a running two-column text is not split."""

from __future__ import annotations

from pipeline.models.layout import Word
from pipeline.read.balanced import balanced_cut, split_balanced
from pipeline.read.columns import pick_gutter

PITCH, SIZE = 13.0, 8.5
LEFT_X, RIGHT_X, COL_W = 40.0, 300.0, 240.0
BODY = dict(size=SIZE, fontname="Serif", bold=False, italic=False, color=(0.0, 0.0, 0.0))
HEAD = dict(size=11.5, fontname="Serif-BoldItalic", bold=True, italic=True, color=(0.2, 0.2, 0.2))


def _word(text: str, x: float, top: float, style: dict) -> Word:
    return Word(text=text, page=1, x0=x, top=top, x1=x + COL_W, bottom=top + style["size"],
                baseline=top + 0.8 * style["size"], **style)


def _rows(left: dict[float, dict], right: dict[float, dict]) -> list:
    """Page rows (each a list of segments) from line numbers -> style in each column."""
    rows = []
    for line in sorted(set(left) | set(right)):
        top = 60.0 + line * PITCH
        segs = [[_word(f"l{line}", LEFT_X, top, left[line])]] if line in left else []
        segs += [[_word(f"r{line}", RIGHT_X, top, right[line])]] if line in right else []
        rows.append(segs)
    return rows


def _cut(rows):
    free = [(LEFT_X + COL_W, RIGHT_X)]
    g0, g1 = pick_gutter(free, rows)
    return balanced_cut(rows, (g0 + g1) / 2)


def test_balanced_region_end_splits_before_the_next_regions_heading():
    # region 1: lines 0-11 left, 0-10 right; region 2 starts with a heading on the left (space before
    # it), and the right column resumes level with it
    left = {i: BODY for i in range(12)} | {13.2: HEAD} | {i + 0.5: BODY for i in range(14, 30)}
    right = {i: BODY for i in range(11)} | {i: BODY for i in range(14, 30)}
    rows = _rows(left, right)
    k = _cut(rows)
    assert k is not None and rows[k][0][0].text == "l13.2"
    parts = split_balanced([([(LEFT_X + COL_W, RIGHT_X)], rows)], pick_gutter)
    assert [len(p[1]) for p in parts] == [k, len(rows) - k]


def test_running_columns_with_a_figure_gap_are_one_region():
    # the right column has a figure (no words) from line 8 to 16; the left column runs on, with a
    # heading at line 12 in the middle of the gap: not where the right column stopped
    left = {i: BODY for i in range(30)} | {12: HEAD}
    right = {i: BODY for i in range(8)} | {i: BODY for i in range(17, 30)}
    assert _cut(_rows(left, right)) is None


def test_right_column_resuming_lower_than_the_heading_is_one_region():
    # both columns stop level and the left goes on with a heading, but the right resumes 6 lines lower
    left = {i: BODY for i in range(12)} | {13.2: HEAD} | {i + 0.5: BODY for i in range(14, 30)}
    right = {i: BODY for i in range(11)} | {i: BODY for i in range(20, 30)}
    assert _cut(_rows(left, right)) is None


def test_body_row_after_the_gap_does_not_start_a_region():
    left = {i: BODY for i in range(30)}
    right = {i: BODY for i in range(12)} | {i: BODY for i in range(16, 30)}
    assert _cut(_rows(left, right)) is None


def test_headings_level_in_running_columns_are_one_region():
    # both columns stop level and go on with a heading at the same height, after the same space
    left = {i: BODY for i in range(12)} | {14: HEAD} | {i + 0.5: BODY for i in range(14, 30)}
    right = {i: BODY for i in range(12)} | {14: HEAD} | {i + 0.5: BODY for i in range(14, 30)}
    assert _cut(_rows(left, right)) is None
