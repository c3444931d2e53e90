"""Writes a PDF annual report with a text layer from a spec: python3 make_pdf.py SPEC.json OUT.pdf [--no-text]

A4 portrait, a CJK font, tables drawn with grid lines, merged cells and labels wrapped over lines in
their cells (as Word's "save as PDF" does). --no-text draws the same page as an image-like PDF with no
text layer (shapes only), which must be refused with a clear diagnostic."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.pdfgen import canvas

import report_layout

FONT = "STSong-Light"


def styles():
    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK", firstLineIndent=21)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=24, alignment=1, firstLineIndent=0),
        "heading": ParagraphStyle("heading", parent=base, fontSize=12, leading=20, firstLineIndent=0, spaceBefore=6),
        "paragraph": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, firstLineIndent=0, alignment=1),
    }


def table(grid, st, widths):
    data = [[Paragraph(text, st["cell"]) if text else "" for text in row] for row in grid.rows]
    t = Table(data, colWidths=widths, repeatRows=0)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), FONT)]
    for r0, c0, r1, c1 in grid.merges:
        commands.append(("SPAN", (c0, r0), (c1, r1)))
    t.setStyle(TableStyle(commands))
    return t


def main(spec_path, out_path, text_layer=True):
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    spec = json.load(open(spec_path, encoding="utf-8"))
    if not text_layer:
        # A scan: the page holds only drawn shapes, no text objects.
        c = canvas.Canvas(out_path, pagesize=A4)
        for i in range(40):
            c.rect(20 * mm, (270 - i * 6) * mm, (120 + (i * 7) % 50) * mm, 3 * mm, fill=1, stroke=0)
        c.showPage()
        c.save()
        return
    st = styles()
    width = A4[0] - 40 * mm
    flow = []
    for kind, item in report_layout.document(spec):
        if kind == "table":
            n = item.columns
            if n == 10:
                widths = [14 * mm, 22 * mm, 40 * mm] + [(width - 76 * mm) / 7] * 7
            elif n == 4:
                widths = [width * 0.34] + [width * 0.22] * 3
            else:
                widths = [width / n] * n
            flow.append(table(item, st, widths))
            flow.append(Spacer(1, 6))
        else:
            flow.append(Paragraph(item, st[kind]))
    SimpleDocTemplate(out_path, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                      topMargin=20 * mm, bottomMargin=20 * mm).build(flow)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], text_layer="--no-text" not in sys.argv)
