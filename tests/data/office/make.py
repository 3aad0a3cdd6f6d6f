#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the office test documents next to this script: a Word file
(verdrag.docx, with a footnote), an OpenDocument text (accord.odt), a
two-page PDF (rapport.pdf), two-slide presentations (dia.pptx, dia.odp;
omgekeerd.pptx shows dia.pptx's slides in the other order; notities.pptx
has speaker notes),
a two-sheet spreadsheet (lijst.ods) and workbook (leden.xlsx), an e-book
(boek.epub), a letter in RTF as WordPad and Word write it (brief.rtf),
and broken ones (a truncated zip, a zip that is not a
document, a PDF that is only a header).  The files are committed; run
this again only to change them.  Deterministic: zip entries carry a
fixed date."""

import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2018, 4, 17, 12, 0, 0)


def zip_write(path, entries):
    with zipfile.ZipFile(path, "w") as z:
        for name, data, stored in entries:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))


def docx():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def para(text, style=None):
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        # Word splits a paragraph into runs wherever formatting changes.
        half = len(text) // 2
        cut = text.rfind(" ", 0, half) + 1 or half
        return (f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text[:cut]}</w:t></w:r>"
                f"<w:r><w:rPr><w:b/></w:rPr><w:t>{text[cut:]}</w:t></w:r></w:p>")

    body = "".join([
        para("Techbedrijven tekenen akkoord tegen cyberaanvallen", "Kop1"),
        para("Vierendertig techbedrijven, waaronder Microsoft, Cisco en SAP, "
             "beloven hun gebruikers te beschermen tegen cyberaanvallen van "
             "overheden. Het akkoord is gepresenteerd op de RSA-conferentie."),
        "<w:p/>",
        para("Brad Smith noemt het een stap naar een digitaal verdrag van "
             "Genève, naar het voorbeeld van de Conventies van Genève."),
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Tabelcel over encryptie</w:t></w:r>'
        '</w:p></w:tc></w:tr></w:tbl>',
        '<w:p><w:r><w:t>Regel een</w:t></w:r><w:r><w:br/></w:r>'
        '<w:r><w:t>regel twee</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>na een tab</w:t></w:r></w:p>',
        # A text box as Word writes it: the same text as a choice and as
        # a fallback for older readers.
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r>'
        '<w:t>Tekstvak met kaderwoord</w:t></w:r></w:p></w:txbxContent></mc:Choice>'
        '<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Tekstvak met kaderwoord</w:t>'
        '</w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>',
    ])
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f"<w:document {w}><w:body>{body}<w:sectPr/></w:body></w:document>")
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:title>Digitaal verdrag van Genève</dc:title>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">2018-04-17T09:30:00Z</dcterms:created>'
            "</cp:coreProperties>")
    types = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    notes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {w}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Voetnoot over '
             'voetnootwoord.</w:t></w:r></w:p></w:footnote></w:footnotes>')
    zip_write(os.path.join(HERE, "verdrag.docx"), [
        ("[Content_Types].xml", types, False),
        ("word/document.xml", doc, False),
        ("word/footnotes.xml", notes, False),
        ("docProps/core.xml", core, False),
    ])


def odt():
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ns}>'
               "<office:body><office:text>"
               '<text:h text:outline-level="1">The Cybersecurity Tech Accord</text:h>'
               "<text:p>Thirty-four technology companies pledged to protect their "
               "customers<text:s/>from cyber attacks by governments, and presented "
               "the accord at the RSA conference in San Francisco.</text:p>"
               "<text:list><text:list-item><text:p>Microsoft, Facebook and Cisco "
               "signed.</text:p></text:list-item></text:list>"
               '<text:p>A step toward a <text:span>Digital Geneva</text:span> '
               "Convention<text:tab/>for cyberspace.</text:p>"
               "</office:text></office:body></office:document-content>")
    meta = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {ns}>'
            "<office:meta><dc:title>Tech Accord</dc:title>"
            "<dc:date>2018-04-18T08:00:00</dc:date></office:meta></office:document-meta>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                "</manifest:manifest>")
    zip_write(os.path.join(HERE, "accord.odt"), [
        ("mimetype", "application/vnd.oasis.opendocument.text", True),
        ("META-INF/manifest.xml", manifest, False),
        ("content.xml", content, False),
        ("meta.xml", meta, False),
    ])


def pptx():
    ns = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')

    def shape(kind, paras):
        ph = f'<p:nvSpPr><p:nvPr><p:ph type="{kind}"/></p:nvPr></p:nvSpPr>' if kind else ""
        body = "".join(f"<a:p><a:r><a:t>{x}</a:t></a:r></a:p>" for x in paras)
        return f"<p:sp>{ph}<p:txBody>{body}</p:txBody></p:sp>"

    slides = [
        [shape("ctrTitle", ["Cybersecurity Tech Accord"]),
         shape(None, ["Vierendertig bedrijven tekenen", "Presentatie op de RSA-conferentie"])],
        [shape("title", ["Digitaal verdrag"]),
         shape(None, ["Een stap naar een verdrag van Gen\u00e8ve"])],
    ]
    entries = []
    for i, shapes in enumerate(slides, 1):
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<p:sld {ns}><p:cSld><p:spTree>'
               + "".join(shapes) + "</p:spTree></p:cSld></p:sld>")
        entries.append((f"ppt/slides/slide{i}.xml", xml, False))
    zip_write(os.path.join(HERE, "dia.pptx"), entries)

    # The same slides, shown in the other order: the presentation part
    # lists them, whatever their file names.
    rels = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://'
            'schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/slide" Target="slides/slide1.xml"/>'
            '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/slide" Target="/ppt/slides/slide2.xml"/></Relationships>')
    pres = (f'<?xml version="1.0" encoding="UTF-8"?>\n<p:presentation {ns} xmlns:r="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships"><p:sldIdLst>'
            '<p:sldId id="257" r:id="rId8"/><p:sldId id="256" r:id="rId7"/>'
            "</p:sldIdLst></p:presentation>")
    zip_write(os.path.join(HERE, "omgekeerd.pptx"), entries + [
        ("ppt/presentation.xml", pres, False),
        ("ppt/_rels/presentation.xml.rels", rels, False),
    ])

    # One slide with speaker notes (found through the slide's
    # relationships), a slide number and a footer, which are not text.
    slide = (f'<?xml version="1.0" encoding="UTF-8"?>\n<p:sld {ns}><p:cSld><p:spTree>'
             + shape("title", ["Sprekersnotities"]) + shape(None, ["Dia met notities"])
             + shape("ftr", ["Vertrouwelijk voettekstwoord"]) + shape("sldNum", ["7"])
             + "</p:spTree></p:cSld></p:sld>")
    notes = (f'<?xml version="1.0" encoding="UTF-8"?>\n<p:notes {ns}><p:cSld><p:spTree>'
             + shape("sldImg", []) + shape("body", ["Notitiewoord voor de spreker."])
             + shape("sldNum", ["7"]) + "</p:spTree></p:cSld></p:notes>")
    slide_rels = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://'
                  'schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
                  'officeDocument/2006/relationships/notesSlide" '
                  'Target="../notesSlides/notesSlide1.xml"/></Relationships>')
    zip_write(os.path.join(HERE, "notities.pptx"), [
        ("ppt/slides/slide1.xml", slide, False),
        ("ppt/slides/_rels/slide1.xml.rels", slide_rels, False),
        ("ppt/notesSlides/notesSlide1.xml", notes, False),
    ])


def odf(name, mimetype, body):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ns}>'
               f"<office:body>{body}</office:body></office:document-content>")
    zip_write(os.path.join(HERE, name), [
        ("mimetype", mimetype, True),
        ("content.xml", content, False),
    ])


def odp_ods():
    frame = ("<draw:frame><draw:text-box>" + "{}" + "</draw:text-box></draw:frame>")
    odf("dia.odp", "application/vnd.oasis.opendocument.presentation",
        "<office:presentation>"
        '<draw:page draw:name="1">' + frame.format("<text:p>Eerste dia over akkoorden</text:p>")
        + "</draw:page>"
        '<draw:page draw:name="2">' + frame.format("<text:p>Tweede dia over diawoord</text:p>")
        + "</draw:page></office:presentation>")

    def cell(x):
        return f"<table:table-cell><text:p>{x}</text:p></table:table-cell>"

    def sheet(name, rows):
        return (f'<table:table table:name="{name}">'
                + "".join("<table:table-row>" + "".join(cell(x) for x in r)
                          + "</table:table-row>" for r in rows) + "</table:table>")

    odf("lijst.ods", "application/vnd.oasis.opendocument.spreadsheet",
        "<office:spreadsheet>"
        + sheet("Bedrijven", [["Microsoft", "Redmond"], ["SAP", "Walldorf"]])
        + sheet("Steden", [["Gen\u00e8ve", "bladwoord"]])
        + "</office:spreadsheet>")


def pdf():
    # Two pages of Helvetica in WinAnsiEncoding (so 0xE8 is an e with a
    # grave accent); the first page breaks a word over two lines.
    pages = [
        ["Rapport over digitale veiligheid",
         "",
         "De ondertekenaars beloven samen te werken tegen cyber-",
         "aanvallen en hun klanten te beschermen, ook in Gen\xe8ve."],
        ["Bijlage",
         "",
         "Een tweede pagina over encryptie en wachtwoorden."],
    ]
    objs = {}
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objs[2] = f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()
    objs[3] = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        ops = ["BT /F1 12 Tf 72 720 Td 16 TL"]
        for line in lines:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objs[4 + 2 * i] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                           f"/Resources << /Font << /F1 3 0 R >> >> "
                           f"/Contents {5 + 2 * i} 0 R >>").encode()
        objs[5 + 2 * i] = (f"<< /Length {len(stream)} >>\nstream\n".encode() + stream +
                           b"\nendstream")
    n = max(objs) + 1
    objs[n] = (b"<< /Title (Rapport digitale veiligheid) "
               b"/CreationDate (D:20180420100000Z) >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for k in sorted(objs):
        offsets[k] = len(out)
        out += f"{k} 0 obj\n".encode() + objs[k] + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {n + 1}\n0000000000 65535 f \n".encode()
    for k in range(1, n + 1):
        out += f"{offsets[k]:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {n + 1} /Root 1 0 R /Info {n} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    with open(os.path.join(HERE, "rapport.pdf"), "wb") as f:
        f.write(out)


def xlsx():
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strings = ["Bedrijf", "Land", "Microsoft", "Verenigde Staten",
               "SAP", "Duitsland", "celwoord in een gedeelde tekst"]
    # A string with rich-text runs and a phonetic run that is not text.
    sst = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sst {ns} count="8">'
           + "".join(f"<si><t>{x}</t></si>" for x in strings)
           + '<si><r><t>Rijke</t></r><r><t xml:space="preserve"> tekst</t></r>'
           '<rPh><t>fonetisch</t></rPh></si></sst>')

    def cell(ref, kind, inner):
        t = f' t="{kind}"' if kind else ""
        return f'<c r="{ref}"{t}>{inner}</c>'

    def sheet(rows):
        body = "".join(f'<row r="{i}">' + "".join(r) + "</row>" for i, r in enumerate(rows, 1))
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet {ns}><sheetData>'
                + body + "</sheetData></worksheet>")

    # sheet1.xml is shown second: the workbook lists the sheets.
    leden = sheet([
        [cell("A1", "s", "<v>0</v>"), cell("B1", "s", "<v>1</v>")],
        [cell("A2", "s", "<v>2</v>"), cell("B2", "s", "<v>3</v>")],
        [cell("A3", "s", "<v>4</v>"), cell("B3", "s", "<v>5</v>")],
        [cell("A4", "inlineStr", "<is><t>inlinewoord hier</t></is>"), cell("B4", None, "<v>34</v>")],
        [cell("A5", "str", "<f>CONCAT(A2,B2)</f><v>formuleresultaat</v>"),
         cell("B5", "b", "<v>1</v>"), cell("C5", "e", "<v>#DIV/0!</v>"),
         cell("D5", "s", "<v>7</v>"), cell("E5", "s", "<v>99</v>")],
    ])
    # Numbers in date formats (built-in 14, a custom "d mmmm yyyy") are
    # dates; in a number or a time format they stay numbers.
    def styled(ref, style, v):
        return f'<c r="{ref}" s="{style}"><v>{v}</v></c>'
    notes = sheet([[cell("A1", "s", "<v>6</v>"), styled("B1", 1, 43207), styled("C1", 2, 43208.5),
                    styled("D1", 3, 43209), styled("E1", 4, 0.5)],
                   [cell("A2", None, "")]])
    styles = (f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet {ns}><numFmts count="3">'
              '<numFmt numFmtId="164" formatCode="d\\ mmmm\\ yyyy"/>'
              '<numFmt numFmtId="165" formatCode="0.00&quot; days&quot;"/>'
              '<numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts>'
              '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
              '<xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>')
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook {ns} xmlns:r="{rel_ns}">'
                '<sheets><sheet name="Notities" sheetId="2" r:id="rId2"/>'
                '<sheet name="Leden" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://'
            'schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel_ns}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel_ns}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
            "</Relationships>")
    core = ('<?xml version="1.0" encoding="UTF-8"?>\n<cp:coreProperties xmlns:cp="http://'
            'schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
            "<dc:title>Ondertekenaars</dc:title>"
            "<dcterms:created>2018-04-19T08:00:00Z</dcterms:created></cp:coreProperties>")
    zip_write(os.path.join(HERE, "leden.xlsx"), [
        ("xl/workbook.xml", workbook, False),
        ("xl/_rels/workbook.xml.rels", rels, False),
        ("xl/sharedStrings.xml", sst, False),
        ("xl/styles.xml", styles, False),
        ("xl/worksheets/sheet1.xml", leden, False),
        ("xl/worksheets/sheet2.xml", notes, False),
        ("docProps/core.xml", core, False),
    ])


def epub():
    container = ('<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" '
                 'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                 '<rootfile full-path="OEBPS/content.opf" '
                 'media-type="application/oebps-package+xml"/></rootfiles></container>')
    # The spine reads "deel 2.xhtml" (a name with a space, escaped) before
    # ch1.xhtml; the table of contents is in the manifest only.
    opf = ('<?xml version="1.0" encoding="UTF-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" '
           'version="3.0" unique-identifier="id"><metadata '
           'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier>'
           "<dc:title>Het digitale verdrag</dc:title><dc:language>nl-NL</dc:language>"
           "<dc:date>2018-04-21</dc:date></metadata><manifest>"
           '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
           '<item id="c1" href="Text/ch1.xhtml" media-type="application/xhtml+xml"/>'
           '<item id="c2" href="Text/deel%202.xhtml" media-type="application/xhtml+xml"/>'
           '</manifest><spine><itemref idref="c2"/><itemref idref="c1"/></spine></package>')

    def xhtml(body):
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                f"<head><title>hoofdstuk</title></head><body>{body}</body></html>")

    zip_write(os.path.join(HERE, "boek.epub"), [
        ("mimetype", "application/epub+zip", True),
        ("META-INF/container.xml", container, False),
        ("OEBPS/content.opf", opf, False),
        ("OEBPS/nav.xhtml", xhtml("<nav><p>inhoudsopgavewoord</p></nav>"), False),
        ("OEBPS/Text/ch1.xhtml", xhtml("<h1>Hoofdstuk een</h1><p>Het verdrag van Gen\u00e8ve "
                                        "en het boekwoord.</p><script>var x;</script>"), False),
        ("OEBPS/Text/deel 2.xhtml", xhtml("<h2>Voorwoord</h2><p>Eerst komt het voorwoord.</p>"),
         False),
    ])


def rtf():
    # 7-bit, as RTF is: accents as \'hh (Windows-1252) and \uN with a
    # fallback; a heading; the tables, header, footer and field code that
    # are not text; a table, a footnote and a field's visible result.
    lines = [
        r"{\rtf1\ansi\ansicpg1252\deff0\nouicompat\deflang1043",
        r"{\fonttbl{\f0\fswiss\fcharset0 Calibri;}{\f1\froman\fcharset0 Times New Roman;}}",
        r"{\colortbl ;\red0\green0\blue255;}",
        r"{\stylesheet{\s0 Normal;}{\s1\outlinelevel0 heading 1;}}",
        r"{\*\generator Riched20 10.0.19041}",
        r"{\info{\title Brief over het verdrag van Gen\'e8ve}{\author Redactie}"
        r"{\creatim\yr2018\mo4\dy17\hr9\min30}}",
        r"{\header\pard Kopregel met het kopregelwoord\par}",
        r"{\footer\pard Voettekst met het voettekstwoord\par}",
        r"\viewkind4\uc1",
        r"\pard\s1\outlinelevel0\b\f0\fs32 Het verdrag van Gen\'e8ve\b0\par",
        r"\pard\s0\fs22 Vierendertig techbedrijven tekenden in april 2018 een akkoord",
        r" tegen cyberaanvallen. Het caf\u233?-overleg in Gen\'e8ve leverde het",
        r" rtfbriefwoord op.{\footnote\pard{\super\chftn} Een voetnoot met het",
        r" rtfnootwoord.}\par",
        r"\trowd\cellx3000\cellx6000\pard\intbl Ondertekenaar\cell Land\cell\row",
        r"\trowd\cellx3000\cellx6000\pard\intbl Microsoft\cell Verenigde Staten met",
        r" het rtfcelwoord\cell\row",
        r'\pard Meer op {\field{\*\fldinst{HYPERLINK "https://example.org/rtfverborgenwoord"}}',
        r"{\fldrslt{\ul de website van het akkoord}}}\emdash  met dank aan",
        r" {\pict\pngblip\picw1\pich1 89504e470d0a1a0a}de lezers.\par",
        r"}",
    ]
    with open(os.path.join(HERE, "brief.rtf"), "w", newline="\r\n") as f:
        f.write("\n".join(lines) + "\n")


def broken():
    with open(os.path.join(HERE, "verdrag.docx"), "rb") as f:
        whole = f.read()
    with open(os.path.join(HERE, "truncated.docx"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    zip_write(os.path.join(HERE, "notaword.docx"), [("readme.txt", "geen document", False)])
    with open(os.path.join(HERE, "header-only.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n%%EOF\n")


if __name__ == "__main__":
    docx()
    odt()
    pptx()
    odp_ods()
    xlsx()
    epub()
    pdf()
    rtf()
    broken()
