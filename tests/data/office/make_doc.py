#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the Word 97-2003 test documents next to this script with
LibreOffice, a writer of .doc files independent of our reader:

  brief.doc        a Dutch letter: title and creation date, accented
                   words (Genève, coördinatie, één), a footnote, a table,
                   a hyperlink, a line break, hyphens and a non-breaking
                   space, a long paragraph, a header and a footer, and
                   characters outside Windows-1252 (Łódź, λόγος, and 𝄞,
                   a surrogate pair), so its text is stored as UTF-16;
  report.doc       an English report with an endnote, all of its text in
                   Windows-1252 (naïve, café, €);
  report-8bit.doc  report.doc with its text stored as 8-bit
                   Windows-1252 ("compressed" pieces), as Word stores text
                   that needs no more.  LibreOffice always writes UTF-16,
                   so this one is report.doc with its piece table and text
                   rewritten in place by compress_pieces() below; check it
                   with antiword or catdoc, which read it as the other.

Each document is written as flat OpenDocument XML (.fodt) in a temporary
folder and converted with

  soffice --headless --convert-to 'doc:MS Word 97' NAME.fodt --outdir DIR

Needs LibreOffice's writer (Debian: libreoffice-writer-nogui), which is
only needed to make the files again: they are committed, and the tests
use them as they are.  The files LibreOffice writes differ from run to
run in a few bytes (times, ids), not in their text."""

import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')


def fodt(title, created, body, header="", footer=""):
    """A flat OpenDocument text with a title, a creation date and a page
    style whose header and footer hold the given paragraphs."""
    master = ""
    if header or footer:
        master = ('<office:master-styles><style:master-page style:name="Standard" '
                  'style:page-layout-name="pm1">'
                  f'<style:header>{header}</style:header>'
                  f'<style:footer>{footer}</style:footer>'
                  '</style:master-page></office:master-styles>'
                  '<office:automatic-styles><style:page-layout style:name="pm1">'
                  '<style:header-style/><style:footer-style/></style:page-layout>'
                  '</office:automatic-styles>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<office:document {NS} office:version="1.2" '
            'office:mimetype="application/vnd.oasis.opendocument.text">'
            f'<office:meta><dc:title>{title}</dc:title>'
            f'<meta:creation-date>{created}</meta:creation-date></office:meta>'
            f'{master}<office:body><office:text>{body}</office:text></office:body>'
            '</office:document>\n')


def p(text):
    return f'<text:p>{text}</text:p>'


def note(cls, text):
    return (f'<text:note text:note-class="{cls}"><text:note-citation>1</text:note-citation>'
            f'<text:note-body><text:p>{text}</text:p></text:note-body></text:note>')


def table(rows):
    cols = max(len(r) for r in rows)
    cells = "".join("<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
        for c in r) + "</table:table-row>" for r in rows)
    return (f'<table:table table:name="Tabel1"><table:table-column '
            f'table:number-columns-repeated="{cols}"/>{cells}</table:table>')


LONG = " ".join(
    f"Zin {i} van de lange alinea gaat over het overleg, de planning en de "
    f"verslaglegging van ronde {i}." for i in range(1, 41)) + " Slotwoord langealineawoord."


def brief():
    body = "".join([
        p("Geachte heer Janssen,"),
        p("Hierbij bevestigen wij één afspraak over de coördinatie van het overleg "
          "in Genève" + note("footnote", "Voetnoot met het docnootwoord.") + "."),
        p('Zie <text:a xlink:type="simple" xlink:href="https://example.org/docadreswoord">'
          "de pagina met het doclinkwoord</text:a> voor het programma."),
        table([["doccelwoord links", "rechtercel"], ["onderste rij", "laatste cel"]]),
        p("Eerste regel<text:line-break/>tweede regel<text:tab/>na een tab."),
        p("Een af\u00adbreek\u00adstreepje in docafbreekwoord, een vast streepje in "
          "doc\u2011streep en een vaste\u00a0spatie."),
        p("Groeten uit Łódź, met λόγος en een muzieksleutel 𝄞 erbij."),
        p(LONG),
        p("Met vriendelijke groet, Redactie"),
    ])
    return fodt("Brief over de coördinatie in Genève", "2018-04-17T09:30:00", body,
                header=p("Kopregel met het dockopwoord"),
                footer=p("Voettekst met het docvoetwoord"))


def report():
    body = "".join([
        p("Quarterly report"),
        p("The naïve café owner paid € 100 for the fiancée's soufflé, said the "
          "report" + note("endnote", "Endnote with the docendnoteword.") + "."),
        p("Coordination between the offices in Geneva and Rotterdam improved; "
          "the reportword appears here."),
        # Long enough for the WordDocument stream to take whole sectors
        # (4 KiB and more), where compress_pieces finds it.
        p(" ".join(f"Section {i} of the summary covers the budget, the staff and the "
                   f"schedule of quarter {i}." for i in range(1, 31))),
    ])
    return fodt("Quarterly report on coordination", "2019-03-05T14:00:00", body)


def convert(name, xml, tmp, profile):
    src = os.path.join(tmp, name + ".fodt")
    with open(src, "w", encoding="utf-8") as f:
        f.write(xml)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "doc:MS Word 97", src, "--outdir", tmp],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.copyfile(os.path.join(tmp, name + ".doc"), os.path.join(HERE, name + ".doc"))


def compress_pieces(src, dst):
    """Rewrite a .doc whose text is stored as UTF-16 so that it is stored
    as 8-bit Windows-1252: each piece's text is written over the first
    half of its UTF-16 bytes, and its descriptor says so (bit 30 of fc,
    with the offset doubled).  The file is patched in place, without a
    compound-file writer: the FIB is found at a sector boundary and the
    piece table by its bytes, and both are checked to be there once."""
    data = bytearray(open(src, "rb").read())
    # The WordDocument stream starts a 512-byte sector with the FIB.
    starts = [o for o in range(512, len(data), 512)
              if data[o:o + 2] == b"\xec\xa5" and struct.unpack_from("<H", data, o + 2)[0] >= 0xC1]
    assert len(starts) == 1, starts
    wd = starts[0]
    csw = struct.unpack_from("<H", data, wd + 32)[0]
    lw = wd + 34 + csw * 2
    cslw = struct.unpack_from("<H", data, lw)[0]
    fclcb = lw + 2 + cslw * 4 + 2
    lcb_clx = struct.unpack_from("<I", data, fclcb + 33 * 8 + 4)[0]
    # A Clx without Prcs: 0x02, the PlcPcd's length, its first CP (0).
    pattern = b"\x02" + struct.pack("<I", lcb_clx - 5) + struct.pack("<I", 0)
    at = data.find(pattern)
    assert at >= 0 and data.find(pattern, at + 1) < 0, "piece table not found once"
    plc = at + 5
    n = (lcb_clx - 5 - 4) // 12
    for k in range(n):
        cp0, cp1 = struct.unpack_from("<II", data, plc + 4 * k)
        pcd = plc + 4 * (n + 1) + 8 * k
        fc = struct.unpack_from("<I", data, pcd + 2)[0]
        assert not fc & 0x40000000, "already 8-bit"
        text = bytes(data[wd + fc:wd + fc + 2 * (cp1 - cp0)]).decode("utf-16-le")
        data[wd + fc:wd + fc + (cp1 - cp0)] = text.encode("cp1252")
        struct.pack_into("<I", data, pcd + 2, (fc * 2) | 0x40000000)
    open(dst, "wb").write(data)


def main():
    if not shutil.which("soffice"):
        sys.exit("make_doc.py needs LibreOffice's soffice "
                 "(apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory() as tmp:
        profile = os.path.join(tmp, "profile")
        convert("brief", brief(), tmp, profile)
        convert("report", report(), tmp, profile)
    compress_pieces(os.path.join(HERE, "report.doc"), os.path.join(HERE, "report-8bit.doc"))


if __name__ == "__main__":
    main()
