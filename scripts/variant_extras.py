"""Extra drawing and gold adjustments of ``make_variants.py`` used by variants K and M.

K: a table of contents page after the title page (numbered headings, dot leaders, page numbers, level 1 bold).
M: level-3 headings printed without numbers, so the gold must carry ``number: null`` and "<parent>/<title>" keys.
"""

from __future__ import annotations

import copy

TOC_TITLE = "Kazalo vsebine"


def unnumber_level3(gold: dict) -> dict:
    """Given a gold record, return it with every level-3 heading unnumbered and entries re-keyed to "<parent>/<title>"."""
    gold = copy.deepcopy(gold)
    rekey = {}
    for sec in gold["sections"]:
        if sec["level"] == 3:
            old = sec["number"] if sec["number"] is not None else f"{sec['parent']}/{sec['title']}"
            sec["number"] = None
            rekey[old] = f"{sec['parent']}/{sec['title']}"
    for e in gold["entries"]:
        e["section"] = rekey.get(e["section"], e["section"])
    return gold


def toc_lines(doc, heads: list[tuple[dict, int]], width: float) -> list[dict]:
    """Given (section, page) pairs, return table-of-contents lines: indented number and title, dot leader, page."""
    size = doc.st["size"]
    lines = [{"h": 30.0, "runs": [(0.0, TOC_TITLE, "B", 16.0, (0, 0, 0))], "base": 16.0}]
    for sec, page in heads:
        style = "B" if sec["level"] == 1 else ""
        indent = 16.0 * (sec["level"] - 1)
        text = sec["title"] if sec["number"] is None else f"{sec['number']}. {sec['title']}"
        num = str(page)
        num_x = width - doc.width_of(num, style, size)
        end = indent + doc.width_of(text, style, size) + 4.0
        dot = doc.width_of(".", "", size)
        n_dots = max(0, int((num_x - 4.0 - end) / dot))
        runs = [(indent, text, style, size, (0, 0, 0))]
        if n_dots:
            runs.append((num_x - 4.0 - n_dots * dot, "." * n_dots, "", size, (0, 0, 0)))
        runs.append((num_x, num, style, size, (0, 0, 0)))
        lines.append({"h": size * 1.6, "runs": runs, "base": size})
    return lines
