#!/usr/bin/env python3
"""Convert a plain-text transcript into a minimal .docx.

Usage: txt2docx.py IN.txt OUT.docx

Each block of text separated by one or more blank lines becomes one Word
paragraph (so a transcript with one turn per block gives one paragraph per
turn, "Interviewer: ..." / "Participant: ..."). A single line break inside a
block becomes a <w:br/>, a tab a <w:tab/>.

Only the standard library is used. The package holds the three parts a
WordprocessingML document needs: [Content_Types].xml, _rels/.rels and
word/document.xml. Zip entries get a fixed timestamp so the same input
always gives byte-identical output.
"""

import re
import sys
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)

RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)

# Characters XML 1.0 does not allow (other than tab, LF, CR).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def _text_run(s):
    """One <w:r> for a line, with tabs as <w:tab/>."""
    parts = []
    for i, piece in enumerate(s.split("\t")):
        if i:
            parts.append("<w:tab/>")
        if piece:
            parts.append('<w:t xml:space="preserve">%s</w:t>' % escape(piece))
    return "<w:r>%s</w:r>" % "".join(parts)


def _paragraph(block):
    lines = block.split("\n")
    runs = []
    for i, line in enumerate(lines):
        if i:
            runs.append("<w:r><w:br/></w:r>")
        if line:
            runs.append(_text_run(line))
    return "<w:p>%s</w:p>" % "".join(runs)


def document_xml(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _XML_INVALID.sub("", text)
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text)]
    paras = [_paragraph(b.rstrip()) for b in blocks if b.strip()]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="%s"><w:body>%s'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
        'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
        "</w:body></w:document>" % (W_NS, "".join(paras))
    )


def _add(zf, name, data):
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data.encode("utf-8"))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: txt2docx.py IN.txt OUT.docx\n")
        return 2
    with open(argv[1], encoding="utf-8-sig") as f:
        text = f.read()
    with zipfile.ZipFile(argv[2], "w") as zf:
        _add(zf, "[Content_Types].xml", CONTENT_TYPES)
        _add(zf, "_rels/.rels", RELS)
        _add(zf, "word/document.xml", document_xml(text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
