#!/usr/bin/env python3
"""Writes a large .docx or .odt for measuring the memory of text extraction.

usage: python3 bench/make_big_office.py OUT.docx|OUT.odt [MiB [dense]]

The document part (word/document.xml or content.xml) is about MiB mebibytes
uncompressed (default 220, under braid's 256 MiB limit): interview turns as
Word writes them, a bold label run and a text run with the run properties and
revision ids real documents carry, so that about 30% of the XML is text.
With "dense", each turn is one run of long text, about 90% of the XML.
It is written in chunks, so the script itself needs little memory.
"""
import os
import sys
import zipfile

DATE = (2024, 1, 1, 0, 0, 0)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT = ("so we moved in the spring and the children started at the new school, "
        "which was hard at first because nobody spoke our language there")


def docx_dense(i):
    return ('<w:p><w:r><w:t>%s: %d %s.</w:t></w:r></w:p>'
            % ("Interviewer" if i % 2 else "Participant", i, " and ".join([TEXT] * 8)))


def odt_dense(i):
    return ('<text:p>%s: %d %s.</text:p>'
            % ("Interviewer" if i % 2 else "Participant", i, " and ".join([TEXT] * 8)))


def docx_para(i):
    return ('<w:p w:rsidR="00A1%04X" w:rsidRDefault="00B2%04X"><w:pPr><w:spacing w:after="120"/>'
            '<w:rPr><w:lang w:val="en-GB"/></w:rPr></w:pPr>'
            '<w:r w:rsidRPr="00C3%04X"><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:b/>'
            '<w:sz w:val="22"/></w:rPr><w:t>%s:</w:t></w:r>'
            '<w:r><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/></w:rPr>'
            '<w:t xml:space="preserve"> %d %s.</w:t></w:r></w:p>'
            % (i & 0xFFFF, i & 0xFFFF, i & 0xFFFF, "Interviewer" if i % 2 else "Participant", i, TEXT))


def odt_para(i):
    return ('<text:p text:style-name="P%d"><text:span text:style-name="T1">%s:</text:span>'
            '<text:s/>%d %s.<text:span text:style-name="T2"><text:s text:c="2"/></text:span></text:p>'
            % (i % 7, "Interviewer" if i % 2 else "Participant", i, TEXT))


def main():
    out = sys.argv[1]
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 220
    dense = len(sys.argv) > 3 and sys.argv[3] == "dense"
    odt = out.endswith(".odt")
    limit = mib << 20
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        if odt:
            info = zipfile.ZipInfo("mimetype", DATE)
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, "application/vnd.oasis.opendocument.text")
            head = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
                    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
                    '<office:body><office:text>')
            tail = "</office:text></office:body></office:document-content>\n"
            part, para = "content.xml", odt_dense if dense else odt_para
        else:
            z.writestr(zipfile.ZipInfo("[Content_Types].xml", DATE),
                       '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
            head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<w:document xmlns:w="%s"><w:body>' % W)
            tail = "<w:sectPr/></w:body></w:document>\n"
            part, para = "word/document.xml", docx_dense if dense else docx_para
        info = zipfile.ZipInfo(part, DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        size = 0
        with z.open(info, "w", force_zip64=True) as f:
            f.write(head.encode())
            size += len(head)
            i = 0
            while size < limit - len(tail) - 4096:
                chunk = "".join(para(i + k) for k in range(1000)).encode()
                i += 1000
                f.write(chunk)
                size += len(chunk)
            f.write(tail.encode())
            size += len(tail)
    print("%s: %s is %d bytes (%.1f MiB), %d paragraphs, %d bytes on disk"
          % (out, part, size, size / 1048576, i, os.path.getsize(out)))


if __name__ == "__main__":
    main()
