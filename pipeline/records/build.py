"""Given the layout, structure and entries of one PDF, return its validated ``Record``.

Assembles the document header (title page, colophon, approval timeline), the section tree with
programme area and scope, the timeline charts with the months each box spans, and the planned
applications of the summary graphic.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from pipeline import vocab
from pipeline.fields.approval import parse_approval_step
from pipeline.fields.entry import block_to_entry
from pipeline.models import (
    Application,
    Document,
    Record,
    RecordIssue,
    Section,
    Timeline,
    TimelineLabel,
)
from pipeline.models.layout import ChartBox, DocLayout, Line
from pipeline.read.text import lines_to_run, words_to_fragment
from pipeline.read.words import SECTION_NUMBER_RE, marker_of, words_to_rows
from pipeline.settings import PIPELINE_VERSION
from pipeline.structure.blocks import DocStructure, HeadingBlock
from pipeline.structure.labels import match_label

YEAR_RE = re.compile(r"\b(20\d\d|19\d\d)\b")
ROW_TOLERANCE = 2.0  # pt; words of a box or heading on one baseline
PAGE_NUMBER_TAIL_RE = re.compile(r"\s+(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?$")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _alpha_words(line: Line) -> int:
    return sum(1 for w in line.words if re.search(r"[^\W\d_]{2,}", w.text))


def _text_size(line: Line) -> float:
    """The size of a line's words (not of a larger heading number set beside them)."""
    sizes = Counter(w.size for w in line.words if re.search(r"[^\W\d_]{2,}", w.text) for _ in w.text)
    return sizes.most_common(1)[0][0] if sizes else line.size


def _numbered(line: Line) -> bool:
    return SECTION_NUMBER_RE.match(line.words[0].text) is not None


def head_of_page(lines: list[Line]) -> list[Line]:
    """Given a first page without a title page, return its head: the lines above its first numbered heading."""
    head = next((lines[:i] for i, ln in enumerate(lines) if _numbered(ln)), lines)
    return head if any(_alpha_words(ln) >= 2 for ln in head) else lines


def title_of(title_page: list[Line]) -> tuple[Optional[str], list]:
    """Given the title page's lines, return the title: the largest type among lines of several words
    (a numbered heading is never the plan's title)."""
    cands = [ln for ln in title_page if _alpha_words(ln) >= 2 and not _numbered(ln)]
    if not cands:
        return None, []
    size = max(_text_size(ln) for ln in cands)
    lines = [ln for ln in title_page if abs(_text_size(ln) - size) < 0.5 and _alpha_words(ln) >= 1]
    run = lines_to_run(lines)
    return run.text, run.fragments()


def organization_of(candidates: list[Line]) -> Optional[str]:
    """Given lines (title page first), return the first that names an organisation by its legal form.

    The name may follow a label ("Izdajatelj: ...") and be followed by an address after a comma; it
    may be set in capitals.
    """
    forms = [f.casefold() for f in vocab.load("sections")["legal_forms"]]
    for ln in candidates:
        text = ln.text.split(":", 1)[1].strip() if re.match(r"^[^\W\d_][^:]{0,30}:\s", ln.text) else ln.text
        text = PAGE_NUMBER_TAIL_RE.sub("", text.split(",", 1)[0].strip())  # a running footer's page number
        words = text.split()
        if 2 <= len(words) <= 8 and any(text.casefold().startswith(f + " ") for f in forms):
            return text
    return None


def _after_label(body: list[Line], group: str) -> list[Line]:
    heads = [h.casefold() for h in vocab.load("labels")["document"][group]]
    for i, ln in enumerate(body):
        t = ln.text.casefold().rstrip(":").strip()
        if t in heads:
            return body[i + 1:]
    return []


def preparers_of(body: list[Line]) -> list[str]:
    """Given body lines, return the names listed under the preparers label ("Priprava:")."""
    names = []
    for ln in _after_label(body, "preparers"):
        words = ln.text.split()
        if (not 2 <= len(words) <= 5 or ":" in ln.text or any(c.isdigit() for c in ln.text)
                or not all(w[0].isupper() for w in words)):
            break
        names.append(ln.text)
    return names


def bullet_items(lines: list[Line]) -> list[list[Line]]:
    """Given lines, return the bulleted list items: a bullet line and its hanging-indented continuation."""
    items: list[list[Line]] = []
    open_item = False
    for ln in lines:
        m = marker_of(ln.words[0].text)
        if m and m[0] == "bullet":
            items.append([ln])
            open_item = True
        elif open_item and items and ln.x0 > items[-1][0].x0 + 1 and ln.page == items[-1][-1].page:
            items[-1].append(ln)
        else:
            open_item = False
    return items


def approval_steps_of(front: list[Line]):
    """Given the lines before the first entry, return the approval timeline: bullet items that carry a month."""
    steps = []
    for item in bullet_items(front):
        run = lines_to_run([ln.words[1:] if i == 0 else ln.words for i, ln in enumerate(item)])
        step = parse_approval_step(run.text)
        if step is not None and step.date:
            steps.append(step.model_copy(update={"provenance": run.fragments()}))
    return steps


def document_of(doc_id: str, layout: DocLayout, st: DocStructure) -> Document:
    # without a title page, the first page's largest type is the title
    title, prov = title_of(st.title_page or (head_of_page(layout.pages[0].lines) if layout.pages else []))
    front = front_matter(st)
    org = organization_of(st.title_page + layout.furniture + front)
    years = YEAR_RE.findall(title or "")
    if not years:
        counts = Counter(y for h in st.headings for y in YEAR_RE.findall(h.title))
        counts.update(y for ln in front for y in YEAR_RE.findall(ln.text))
        years = [counts.most_common(1)[0][0]] if counts else []
    all_text = " ".join(ln.text for ln in st.title_page + st.body)
    emails = list(dict.fromkeys(EMAIL_RE.findall(all_text)))
    return Document(
        id=doc_id, year=int(years[-1]) if years else None, organization=org, title=title,
        preparers=preparers_of(front), contact_emails=emails,
        approval_steps=approval_steps_of(front), provenance=prov,
    )


def front_matter(st: DocStructure) -> list[Line]:
    """Given the structure, return the body lines before the first entry (introduction, colophon)."""
    if not st.entries or not st.entries[0].title_lines:
        return st.body[:300]
    first = st.entries[0].title_lines[0][0]
    return [ln for ln in st.body if (ln.page, ln.top) < (first.page, first.top)]


def _scope(title: str) -> Optional[str]:
    t = title.casefold().strip()
    for scope, words in vocab.load("sections")["scope"].items():
        if t in words:
            return scope
    return None


def sections_of(headings: list[HeadingBlock]) -> list[Section]:
    """Given heading blocks, return sections with programme area and national/international scope."""
    by_key: dict[str, Section] = {}
    out = []
    for h in headings:
        words = [w for ln in h.lines for w in ln]
        if h.number is not None and words:
            words = words[1:]
        run = lines_to_run(words_to_rows(words, ROW_TOLERANCE))
        parent = by_key.get(h.parent) if h.parent else None
        scope = _scope(run.text) or (parent.scope if parent else None)
        area = run.text if h.level == 1 else (parent.area if parent else None)
        sec = Section(number=h.number, title=run.text, level=h.level, parent=h.parent, key=h.key,
                      scope=scope, area=area, provenance=run.fragments())
        by_key[h.key] = sec
        out.append(sec)
    return out


def _section_at(headings: list[HeadingBlock], page: int, top: float) -> Optional[str]:
    key = None
    for h in headings:
        w = h.lines[0][0]
        if (w.page, w.top) <= (page, top):
            key = h.key
    return key


def _box_label(box: ChartBox) -> TimelineLabel:
    run = lines_to_run(words_to_rows(box.words, ROW_TOLERANCE))
    return TimelineLabel(text=run.text, months=box.months, provenance=run.fragments())


def timelines_of(layout: DocLayout, headings: list[HeadingBlock]) -> list[Timeline]:
    """Given the layout, return the charts in document order; boxes above a page's first chart continue the previous one."""
    out: list[Timeline] = []
    for page in layout.pages:
        if page.orphan_boxes and out:
            for box in page.orphan_boxes:
                label = _box_label(box)
                last = out[-1].labels[-1] if out[-1].labels else None
                if last is not None and last.text == label.text:
                    last.months = sorted(set(last.months) | set(label.months))
                    last.provenance.extend(label.provenance)
                else:
                    out[-1].labels.append(label)
        for chart in page.charts:
            if not chart.title_words and out:
                # an untitled axis repeated on the next page continues the previous chart
                out[-1].labels.extend(_box_label(b) for b in sorted(chart.boxes, key=lambda b: (b.shape.top, b.shape.x0)))
                continue
            run = lines_to_run([chart.title_words]) if chart.title_words else None
            out.append(Timeline(
                title=run.text if run else "", section=_section_at(headings, chart.page, chart.top),
                labels=[_box_label(b) for b in sorted(chart.boxes, key=lambda b: (b.shape.top, b.shape.x0))],
                provenance=run.fragments() if run else [],
            ))
    return out


def applications_of(layout: DocLayout) -> list[Application]:
    """Given the layout, return the planned applications read from the summary graphic's count cards."""
    out = []
    for page in layout.pages:
        for card in page.cards:
            glued = re.match(r"^(.*?)\d{1,2}\s*[xX×]$", card.count_word.text)
            words = list(card.label_words)
            run = lines_to_run(words_to_rows(words, ROW_TOLERANCE)) if words else None
            text = run.text if run else ""
            if glued and glued.group(1):
                text = f"{text} {glued.group(1)}".strip()
            if not text or match_label(text):
                continue
            prov = run.fragments() if run else [words_to_fragment([card.count_word])]
            out.append(Application(programme=text, count=card.count, provenance=prov))
    return out


def build_record(doc_id: str, layout: DocLayout, st: DocStructure) -> Record:
    """Given one document's layout and structure, return its validated ``Record``."""
    document = document_of(doc_id, layout, st)
    entries = [block_to_entry(b, document.year) for b in st.entries]
    issues = [RecordIssue(stage="layout", code="page_failed", message=p.error, page=p.number)
              for p in layout.pages if p.error]
    for e in entries:
        if e.duration is not None and not e.duration.parsed:
            page = e.duration.provenance[0].page if e.duration.provenance else None
            issues.append(RecordIssue(stage="normalize", code="duration_unparsed",
                                      message=f"{e.title}: {e.duration.raw}", page=page))
    return Record(
        document=document, sections=sections_of(st.headings), entries=entries,
        timelines=timelines_of(layout, st.headings), applications_planned=applications_of(layout),
        issues=issues, pipeline_version=PIPELINE_VERSION,
    )
