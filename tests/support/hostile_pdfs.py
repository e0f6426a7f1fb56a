"""Small PDFs that ask for far more work than any letter (no tests here).

* `nested_forms_pdf`: a few kilobytes whose page draws a form XObject that draws another
  `fan_out` times, `depth` levels deep: MuPDF would extract ``fan_out ** depth`` text runs
  (the 100 KB file that took 2.3 GB).
* `many_pages_pdf`: `pages` pages, each with only a tiny drawing or image (nothing to read,
  but not blank either).
"""

from __future__ import annotations

import pymupdf


def nested_forms_pdf(depth: int = 7, fan_out: int = 10) -> bytes:
    """One page whose content draws `Fm<depth>`; each `Fm<n>` draws `Fm<n-1>` `fan_out` times
    and `Fm0` shows one short text run."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")

    def form(content: bytes, resources: bytes) -> int:
        return add(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + resources
            + b" /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream"
        )

    previous = form(b"BT /F1 1 Tf 10 10 Td (Case Number: CM16-0213037) Tj ET", b"<< /Font << /F1 %d 0 R >> >>" % font)
    for _level in range(1, depth + 1):
        content = b" ".join([b"/Fm Do"] * fan_out)
        previous = form(content, b"<< /XObject << /Fm %d 0 R >> >>" % previous)
    page_content = b"/Fm Do"
    contents = add(b"<< /Length %d >>\nstream\n" % len(page_content) + page_content + b"\nendstream")
    pages_id = len(objects) + 2
    page = add(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /XObject << /Fm %d 0 R >> >> >>" % (pages_id, contents, previous)
    )
    add(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def many_pages_pdf(pages: int, *, with_image: bool = False) -> bytes:
    """`pages` pages with no text, each holding a short ruled line (or a 4x4 grey image)."""
    pdf = pymupdf.open()
    pixmap = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 4, 4), False)
    pixmap.clear_with(128)
    for _ in range(pages):
        page = pdf.new_page()
        if with_image:
            page.insert_image(pymupdf.Rect(72, 72, 76, 76), pixmap=pixmap)
        else:
            page.draw_line((72, 72), (144, 72))
    return pdf.tobytes()
