"""Structure-aware corruptions of a small plan PDF, made with pikepdf: the damage real hostile or
broken files carry (objects removed, a broken cross-reference table, a page tree that loops, wrong
stream lengths, unknown filters, deeply nested forms, pages of dust, zlib bombs, absurd boxes)."""

from __future__ import annotations

import io
import random
import re
import zlib

import pikepdf

from tests.hostile import nested_forms_pdf, pdf_bytes, tiny_chars_pdf, zlib_bomb_pdf


def _open(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def remove_object(rng: random.Random, data: bytes) -> bytes:
    pdf = _open(data)
    objgens = [o.objgen for o in pdf.objects if o.objgen != (0, 0)]
    for objgen in rng.sample(objgens, min(len(objgens), rng.randint(1, 3))):
        pdf._replace_object(objgen, rng.choice([pikepdf.Dictionary(), pikepdf.Array()]))  # its content gone
    return pdf_bytes(pdf)


def cut_object(rng: random.Random, data: bytes) -> bytes:
    spans = [m.span() for m in re.finditer(rb"\n\d+ 0 obj.*?endobj", data, re.S)]
    start, end = rng.choice(spans)
    return data[:start] + data[end:]  # the xref table now points into other objects


def broken_xref(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    at = data.rfind(b"\nxref")
    if at < 0:
        return data
    choice = rng.randrange(4)
    if choice == 0:  # offsets shuffled
        rows = [m.start() for m in re.finditer(rb"\d{10} \d{5} n", data[at:])]
        for r in rng.sample(rows, min(len(rows), rng.randint(1, 6))):
            buf[at + r:at + r + 10] = b"%010d" % rng.randrange(len(data))
    elif choice == 1:  # the table gone
        end = data.find(b"trailer", at)
        del buf[at:end]
    elif choice == 2:  # startxref points anywhere
        sx = data.rfind(b"startxref")
        buf[sx:] = b"startxref\n%d\n%%%%EOF\n" % rng.randrange(len(data))
    else:  # a wrong object count
        buf[at:at + 20] = re.sub(rb"0 \d+", b"0 %d" % rng.randint(1, 9999), bytes(buf[at:at + 20]), count=1)
    return bytes(buf)


def recursive_page_tree(rng: random.Random, data: bytes) -> bytes:
    pdf = _open(data)
    root = pdf.Root.Pages
    if rng.random() < 0.5:
        root.Kids.append(root)  # the tree contains itself
    else:
        inner = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Pages, Count=1, Parent=root))
        inner.Kids = pikepdf.Array([inner])
        root.Kids.append(inner)
        root.Count = int(root.Count) + rng.choice([1, 10**6])
    return pdf_bytes(pdf)


def wrong_length(rng: random.Random, data: bytes) -> bytes:
    def change(m: re.Match) -> bytes:
        return b"/Length %d" % rng.choice([0, 1, int(m.group(1)) // 2, int(m.group(1)) * 3, 10**9])

    return re.sub(rb"/Length (\d+)", change, data)


def unknown_filter(rng: random.Random, data: bytes) -> bytes:
    pdf = _open(data)
    for page in pdf.pages:
        contents = page.obj.Contents
        raw = contents.read_raw_bytes()
        name = rng.choice(["/FooDecode", "/LZWDecode", "/RunLengthDecode", "/DCTDecode", "/JBIG2Decode"])
        filters = pikepdf.Array([pikepdf.Name(name), pikepdf.Name.FlateDecode]) if rng.random() < 0.5 \
            else pikepdf.Name(name)
        contents.write(raw, filter=filters)
    return pdf_bytes(pdf)


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    pdf = _open(data)
    page = pdf.pages[0]
    depth = rng.choice([500, 5000, 50000])
    opener, closer = rng.choice([(b"[", b"]"), (b"<<", b">>"), (b"q ", b"Q ")])
    body = opener * depth + closer * depth + b"\n" + page.obj.Contents.read_bytes()
    page.obj.Contents.write(zlib.compress(body), filter=pikepdf.Name.FlateDecode)
    return pdf_bytes(pdf)


def absurd_box(rng: random.Random, data: bytes) -> bytes:
    pdf = _open(data)
    box = rng.choice([[0, 0, 0, 0], [0, 0, 1e9, 1e9], [0, 0, -595, -842], [5, 5], ["a", "b", "c", "d"]])
    pdf.pages[0].obj.MediaBox = pikepdf.Array(box)
    if rng.random() < 0.5:
        pdf.pages[0].obj.Rotate = rng.choice([45, -90, 10**9])
    return pdf_bytes(pdf)


def broken_fonts(rng: random.Random, data: bytes) -> bytes:
    pdf = _open(data)
    for font in list(pdf.pages[0].Resources.Font.values()):
        what = rng.randrange(3)
        if what == 0 and "/FontDescriptor" in font.get("/DescendantFonts", [{}])[0]:
            font.DescendantFonts[0].FontDescriptor.FontFile2 = pikepdf.Stream(pdf, b"not a font")
        elif what == 1:
            del font["/ToUnicode"]
        else:
            font.Subtype = pikepdf.Name("/NoSuchFont")
    return pdf_bytes(pdf)


def nested_forms(rng: random.Random, data: bytes) -> bytes:
    return nested_forms_pdf(depth=rng.randint(2, 40), fan_out=rng.randint(1, 3), recursive=rng.random() < 0.3)


def dust(rng: random.Random, data: bytes) -> bytes:
    return tiny_chars_pdf(rng.choice([rng.randint(2_000, 10_000), rng.randint(50_001, 100_000)]))  # under, over the limit


def bomb(rng: random.Random, data: bytes) -> bytes:
    return zlib_bomb_pdf(rng.randint(17, 40))


MUTATIONS = (remove_object, cut_object, broken_xref, recursive_page_tree, wrong_length, unknown_filter,
             deep_nesting, absurd_box, broken_fonts, nested_forms, dust, bomb)


def structure_cases(data: bytes, n: int, seed: int) -> list[tuple[str, bytes]]:
    """Given PDF bytes, return ``n`` seeded structure-corrupted copies named after their mutation.

    Each mutation appears about equally often; one that cannot apply to the file (pikepdf refuses
    the result) is replaced by the next one, so every case is a file.
    """
    rng = random.Random(seed)
    out = []
    for i in range(n):
        mutate = MUTATIONS[i % len(MUTATIONS)]
        try:
            case = mutate(rng, data)
        except Exception:  # noqa: BLE001 - pikepdf would not write that damage; take the plain bytes cut
            mutate, case = cut_object, cut_object(rng, data)
        out.append((f"s{i:03d}-{mutate.__name__}.pdf", case))
    return out
