"""Writes a Word .docx annual report from a spec: python3 make_docx.py SPEC.json OUT.docx

Titles use the Title/Heading styles, section headings Heading 2, and the tables merge cells the way
Word does (w:gridSpan across, w:vMerge down), so the reader is tested on what Word writes."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docx  # python-docx
import report_layout


def add_table(document, grid):
    table = document.add_table(rows=len(grid.rows), cols=grid.columns)
    table.style = "Table Grid"
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            if text:
                cell = table.cell(r, c)
                # A long label written as two paragraphs: the reader must join them with "\n".
                parts = text.split("（区分处理的") if text.startswith("（二）部分公开") else [text]
                cell.text = parts[0]
                for more in parts[1:]:
                    cell.add_paragraph("（区分处理的" + more)
    for r0, c0, r1, c1 in grid.merges:
        # merge() keeps the top-left text and writes gridSpan / vMerge.
        keep = table.cell(r0, c0).text
        merged = table.cell(r0, c0).merge(table.cell(r1, c1))
        if merged.text != keep and "\n" not in keep:
            merged.text = keep


def main(spec_path, out_path):
    spec = json.load(open(spec_path, encoding="utf-8"))
    document = docx.Document()
    for kind, item in report_layout.document(spec):
        if kind == "title":
            document.add_paragraph(item, style="Title")
        elif kind == "heading":
            document.add_heading(item, level=2)
        elif kind == "paragraph":
            document.add_paragraph(item)
        else:
            add_table(document, item)
    document.save(out_path)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
