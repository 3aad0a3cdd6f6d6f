/* SPDX-License-Identifier: MIT */
/* The public API as an embedder sees it: only <accsearch.h>, the shared
 * library, and a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accsearch.h>

#include "../tmpdir_fixture.h"

static const char doc_nl[] =
    "title: Cyberaanvallen op ziekenhuizen\n"
    "date: 2018-05-14\n\n"
    "Ziekenhuizen zijn een geliefd doelwit voor cyberaanvallen. De aanvallers "
    "versleutelen de bestanden en eisen losgeld van het ziekenhuis.\n\n"
    "Het digitaal verdrag van Genève moet burgers beschermen tegen aanvallen "
    "door natiestaten.\n";
static const char doc_en[] =
    "# Hospitals under attack\n\n"
    "Hospitals are a favourite target of ransomware attacks, because every "
    "hour of downtime puts patients at risk and pressure on the board.\n";

/* A fresh index with the two documents, committed. */
static accs_index *
build(void)
{
    accs_index *idx = NULL;
    char *msg = NULL;
    assert_int_equal(accs_index_open(&idx, db, ACCS_OPEN_WRITE | ACCS_OPEN_REBUILD, &msg),
                     ACCS_OK);
    assert_null(msg);
    assert_int_equal(accs_index_add_text(idx, "notes/zkh.txt", doc_nl, strlen(doc_nl),
                                         ACCS_FORMAT_AUTO, NULL),
                     ACCS_OK);
    assert_int_equal(accs_index_add_text(idx, "notes/hospitals.md", doc_en,
                                         strlen(doc_en), ACCS_FORMAT_AUTO, "en"),
                     ACCS_OK);
    assert_int_equal(accs_index_commit(idx), ACCS_OK);
    return idx;
}

static void
test_api__index_and_search(void **state)
{
    (void)state;
    accs_index_free(build());
    accs_index *idx;
    assert_int_equal(accs_index_open(&idx, db, ACCS_OPEN_READ, NULL), ACCS_OK);
    accs_results *res;
    assert_int_equal(accs_search(&res, idx, "cyberaanvallen", NULL), ACCS_OK);
    assert_true(accs_results_count(res) >= 1);
    const accs_hit *h = accs_results_hit(res, 0);
    assert_non_null(h);
    assert_string_equal(h->path, "notes/zkh.txt");
    assert_string_equal(h->lang, "nl");
    assert_string_equal(h->date, "2018-05-14");
    assert_string_equal(h->title, "Cyberaanvallen op ziekenhuizen");
    assert_int_equal(h->rank, 1);
    assert_true(h->score > 0);
    assert_true(h->n_matches >= 1);
    for (size_t i = 0; i < h->n_matches; i++)
        assert_true(h->matches[i].end <= strlen(h->text));
    assert_null(accs_results_hit(res, accs_results_count(res)));
    accs_results_free(res);

    /* Cross-language: the English query word finds the English document,
     * the Dutch one finds both through synonyms. */
    assert_int_equal(accs_search(&res, idx, "hospital", NULL), ACCS_OK);
    assert_true(accs_results_count(res) >= 1);
    accs_results_free(res);
    accs_index_free(idx);
}

/* A passage that holds a word which is its own stem has no stem term for
 * it; a search for the stem finds it all the same, from any inflection. */
static void
test_api__own_stem_found_by_stem(void **state)
{
    (void)state;
    accs_index *idx = NULL;
    assert_int_equal(accs_index_open(&idx, db, ACCS_OPEN_WRITE | ACCS_OPEN_REBUILD, NULL),
                     ACCS_OK);
    static const char a[] = "Wild horses run across the open hills near the lake.";
    static const char b[] = "The wilds of the north are cold and empty in winter.";
    assert_int_equal(accs_index_add_text(idx, "a.txt", a, strlen(a), ACCS_FORMAT_AUTO, "en"),
                     ACCS_OK);
    assert_int_equal(accs_index_add_text(idx, "b.txt", b, strlen(b), ACCS_FORMAT_AUTO, "en"),
                     ACCS_OK);
    assert_int_equal(accs_index_commit(idx), ACCS_OK);
    static const char *const queries[] = {"wilds", "wild"};
    for (size_t q = 0; q < 2; q++) {
        accs_results *res;
        assert_int_equal(accs_search(&res, idx, queries[q], NULL), ACCS_OK);
        assert_int_equal(accs_results_count(res), 2);
        accs_results_free(res);
    }
    accs_index_free(idx);
}

/* In-memory text in Windows-1252 or UTF-16 is read as files are: the hit
 * text is UTF-8, and the byte range is in the bytes handed over. */
static void
test_api__other_encodings(void **state)
{
    (void)state;
    static const char latin[] = "Het verdrag van Gen\xE8ve en het caf\xE9 \x93" "De Kroon\x94.";
    static const char utf16[] = "\xFF\xFEZ\0\xFC\0r\0i\0c\0h\0 \0e\0n\0 \0G\0e\0n\0\xE8\0v\0e\0";
    accs_index *idx = NULL;
    assert_int_equal(accs_index_open(&idx, db, ACCS_OPEN_WRITE | ACCS_OPEN_REBUILD, NULL),
                     ACCS_OK);
    assert_int_equal(accs_index_add_text(idx, "latin.txt", latin, sizeof latin - 1,
                                         ACCS_FORMAT_AUTO, "nl"),
                     ACCS_OK);
    assert_int_equal(accs_index_add_text(idx, "utf16.txt", utf16, sizeof utf16 - 1,
                                         ACCS_FORMAT_AUTO, "nl"),
                     ACCS_OK);
    assert_int_equal(accs_index_commit(idx), ACCS_OK);
    accs_results *res;
    assert_int_equal(accs_search(&res, idx, "cafe", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 1);
    const accs_hit *h = accs_results_hit(res, 0);
    assert_string_equal(h->text, "Het verdrag van Gen\xC3\xA8ve en het caf\xC3\xA9 "
                                 "\xE2\x80\x9C" "De Kroon\xE2\x80\x9D.");
    assert_int_equal(h->byte_start, 0);
    assert_int_equal(h->byte_end, sizeof latin - 1);
    accs_results_free(res);
    assert_int_equal(accs_search(&res, idx, "zurich", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 1);
    h = accs_results_hit(res, 0);
    assert_string_equal(h->path, "utf16.txt");
    assert_string_equal(h->text, "Z\xC3\xBCrich en Gen\xC3\xA8ve");
    assert_int_equal(h->byte_start, 2);
    assert_int_equal(h->byte_end, sizeof utf16 - 1);
    accs_results_free(res);
    assert_int_equal(accs_search(&res, idx, "Gen\xC3\xA8ve", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 2);
    accs_results_free(res);
    accs_index_free(idx);
}

/* The bytes of a test document in tests/data/office/. */
static char *
office_file(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/office/%s", ACCS_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 16, f);
    fclose(f);
    assert_true(*len > 0 && *len < (1 << 16));
    return buf;
}

/* Word, PDF, RTF, Word 97-2003 and mail bytes handed over in memory: the
 * format from the id or given; a PDF hit knows its page. */
static void
test_api__office_formats(void **state)
{
    (void)state;
    size_t docx_len, pdf_len;
    char *docx = office_file("verdrag.docx", &docx_len);
    char *pdf = office_file("rapport.pdf", &pdf_len);
    accs_index *idx = NULL;
    assert_int_equal(accs_index_open(&idx, db, ACCS_OPEN_WRITE | ACCS_OPEN_REBUILD, NULL),
                     ACCS_OK);
    assert_int_equal(accs_index_add_text(idx, "mail/bijlage.docx", docx, docx_len,
                                         ACCS_FORMAT_AUTO, NULL),
                     ACCS_OK);
    assert_int_equal(accs_index_add_text(idx, "mail/attachment-1", pdf, pdf_len,
                                         ACCS_FORMAT_PDF, NULL),
                     ACCS_OK);
    /* Word bytes named as a PDF: an error, and nothing half-added. */
    assert_int_not_equal(accs_index_add_text(idx, "mail/wrong", docx, docx_len,
                                             ACCS_FORMAT_PDF, NULL),
                         ACCS_OK);
    assert_non_null(strstr(accs_index_errmsg(idx), "not a PDF file"));
    /* A mail message, its format given (a Maildir name has no extension). */
    static const char mail[] = "From: Brad Smith <brad@example.com>\n"
                               "Subject: Het verdrag\n"
                               "Date: Tue, 17 Apr 2018 10:00:00 +0200\n\n"
                               "Een bericht over het postvakwoord.\n";
    assert_int_equal(accs_index_add_text(idx, "mail/cur/1524.M1:2,S", mail, sizeof mail - 1,
                                         ACCS_FORMAT_EML, NULL),
                     ACCS_OK);
    /* RTF, its format given, and by the id's extension. */
    size_t rtf_len;
    char *rtf = office_file("brief.rtf", &rtf_len);
    assert_int_equal(accs_index_add_text(idx, "mail/attachment-2", rtf, rtf_len,
                                         ACCS_FORMAT_RTF, NULL),
                     ACCS_OK);
    static const char note[] = "{\\rtf1 Een notitie met het rtfnotitiewoord.\\par}";
    assert_int_equal(accs_index_add_text(idx, "notes/notitie.rtf", note, sizeof note - 1,
                                         ACCS_FORMAT_AUTO, NULL),
                     ACCS_OK);
    free(rtf);
    /* Word 97-2003, its format given, and by the id's extension. */
    size_t doc_len, doc8_len;
    char *doc = office_file("brief.doc", &doc_len);
    char *doc8 = office_file("report-8bit.doc", &doc8_len);
    assert_int_equal(accs_index_add_text(idx, "mail/attachment-3", doc, doc_len,
                                         ACCS_FORMAT_DOC, NULL),
                     ACCS_OK);
    assert_int_equal(accs_index_add_text(idx, "notes/report.doc", doc8, doc8_len,
                                         ACCS_FORMAT_AUTO, NULL),
                     ACCS_OK);
    free(doc);
    free(doc8);
    assert_int_equal(accs_index_commit(idx), ACCS_OK);
    accs_results *res;
    assert_int_equal(accs_search(&res, idx, "rtfbriefwoord type:rtf", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 1);
    assert_string_equal(accs_results_hit(res, 0)->path, "mail/attachment-2");
    assert_string_equal(accs_results_hit(res, 0)->title, "Brief over het verdrag van Genève");
    assert_string_equal(accs_results_hit(res, 0)->date, "2018-04-17");
    accs_results_free(res);
    assert_int_equal(accs_search(&res, idx, "rtfnotitiewoord type:rtf", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 1);
    accs_results_free(res);
    assert_int_equal(accs_search(&res, idx, "docnootwoord type:doc", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 1);
    assert_string_equal(accs_results_hit(res, 0)->path, "mail/attachment-3");
    assert_string_equal(accs_results_hit(res, 0)->title, "Brief over de coördinatie in Genève");
    assert_string_equal(accs_results_hit(res, 0)->date, "2018-04-17");
    accs_results_free(res);
    assert_int_equal(accs_search(&res, idx, "docendnoteword type:doc", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 1);
    assert_string_equal(accs_results_hit(res, 0)->path, "notes/report.doc");
    accs_results_free(res);
    assert_int_equal(accs_search(&res, idx, "wachtwoorden", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 1);
    const accs_hit *h = accs_results_hit(res, 0);
    assert_string_equal(h->path, "mail/attachment-1");
    assert_string_equal(h->title, "Rapport digitale veiligheid");
    assert_int_equal(h->page, 2); /* the appendix, a passage of its own */
    accs_results_free(res);
    assert_int_equal(accs_search(&res, idx, "tabelcel type:docx", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 1);
    h = accs_results_hit(res, 0);
    assert_string_equal(h->path, "mail/bijlage.docx");
    assert_string_equal(h->date, "2018-04-17");
    assert_int_equal(h->page, 0);
    accs_results_free(res);
    assert_int_equal(accs_search(&res, idx, "postvakwoord type:eml", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 1);
    h = accs_results_hit(res, 0);
    assert_string_equal(h->title, "Het verdrag");
    assert_string_equal(h->date, "2018-04-17");
    accs_results_free(res);
    accs_index_free(idx);
    free(docx);
    free(pdf);
}

static void
test_api__results_outlive_index(void **state)
{
    (void)state;
    accs_index *idx = build();
    accs_results *res;
    accs_search_options so;
    assert_int_equal(accs_search_options_init(&so, ACCS_SEARCH_OPTIONS_VERSION), ACCS_OK);
    so.hl_start = "<b>";
    so.hl_end = "</b>";
    assert_int_equal(accs_search(&res, idx, "Genève", &so), ACCS_OK);
    accs_index_free(idx);
    assert_true(accs_results_count(res) >= 1);
    const accs_hit *h = accs_results_hit(res, 0);
    assert_non_null(strstr(h->snippet, "<b>Genève</b>"));
    accs_results_free(res);
}

static void
test_api__errors(void **state)
{
    (void)state;
    accs_index *idx = NULL;
    char *msg = NULL;
    char missing[400];
    snprintf(missing, sizeof missing, "%s/nothing", dir);
    assert_int_equal(accs_index_open(&idx, missing, ACCS_OPEN_READ, &msg), ACCS_ENOTFOUND);
    assert_null(idx);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "no index"));
    accs_free(msg);
    assert_int_equal(accs_index_open(NULL, db, ACCS_OPEN_READ, NULL), ACCS_EINVAL);

    idx = build();
    /* A second writer is refused while the first holds the lock. */
    accs_index *second = NULL;
    msg = NULL;
    assert_int_equal(accs_index_open(&second, db, ACCS_OPEN_WRITE, &msg), ACCS_ELOCKED);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "locked"));
    accs_free(msg);

    accs_results *res = (accs_results *)1;
    assert_int_equal(accs_search(&res, idx, "cyber (aanval OR attack", NULL), ACCS_EQUERY);
    assert_null(res);
    assert_non_null(strstr(accs_index_errmsg(idx), "position 7"));
    assert_int_equal(accs_search(&res, idx, "", NULL), ACCS_EQUERY);
    assert_int_equal(accs_search(&res, idx, "\"open", NULL), ACCS_EQUERY);
    assert_non_null(strstr(accs_index_errmsg(idx), "quote"));
    accs_search_options so = ACCS_SEARCH_OPTIONS_INIT;
    so.lang = "de";
    assert_int_equal(accs_search(&res, idx, "wort", &so), ACCS_ELANG);
    so.lang = NULL;
    so.version = 99;
    assert_int_equal(accs_search(&res, idx, "wort", &so), ACCS_EINVAL);
    assert_int_equal(accs_index_add_text(idx, "x.txt", "tekst", 5, ACCS_FORMAT_TEXT, "xx"),
                     ACCS_ELANG);
    assert_int_equal(accs_index_add_text(idx, NULL, "tekst", 5, ACCS_FORMAT_TEXT, NULL),
                     ACCS_EINVAL);
    assert_int_equal(accs_index_remove(idx, "not/there.txt"), ACCS_ENOTFOUND);
    assert_int_equal(accs_index_add_path(idx, missing, NULL, NULL), ACCS_ENOTFOUND);
    accs_index_free(idx);

    /* A reader cannot write. */
    assert_int_equal(accs_index_open(&idx, db, ACCS_OPEN_READ, NULL), ACCS_OK);
    assert_int_equal(accs_index_add_text(idx, "y.txt", "tekst", 5, ACCS_FORMAT_TEXT, NULL),
                     ACCS_EREADONLY);
    assert_int_equal(accs_index_commit(idx), ACCS_EREADONLY);
    accs_index_free(idx);

    /* Every status has a description; freeing NULL is harmless. */
    for (int s = 0; s < ACCS_STATUS_COUNT; s++)
        assert_true(strlen(accs_status_string((accs_status)s)) > 0);
    accs_index_free(NULL);
    accs_results_free(NULL);
    accs_free(NULL);
    assert_string_equal(accs_version(), ACCS_VERSION_STRING);
}

static void
test_api__uncommitted_changes_are_discarded(void **state)
{
    (void)state;
    accs_index *idx = build();
    assert_int_equal(accs_index_add_text(idx, "late.txt", "zeppelinvaart boven de stad", 27,
                                         ACCS_FORMAT_TEXT, "nl"),
                     ACCS_OK);
    accs_index_free(idx); /* no commit */
    assert_int_equal(accs_index_open(&idx, db, ACCS_OPEN_READ, NULL), ACCS_OK);
    accs_results *res;
    assert_int_equal(accs_search(&res, idx, "zeppelinvaart", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 0);
    accs_results_free(res);
    accs_index_free(idx);
}

static void
test_api__reader_sees_commits_after_reopen(void **state)
{
    (void)state;
    accs_index *w = build();
    accs_index *r;
    assert_int_equal(accs_index_open(&r, db, ACCS_OPEN_READ, NULL), ACCS_OK);
    assert_int_equal(accs_index_add_text(w, "new.txt", "zeppelinvaart boven de stad", 27,
                                         ACCS_FORMAT_TEXT, "nl"),
                     ACCS_OK);
    assert_int_equal(accs_index_commit(w), ACCS_OK);
    assert_int_equal(accs_index_reopen(r), ACCS_OK);
    accs_results *res;
    assert_int_equal(accs_search(&res, r, "zeppelinvaart", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 1);
    accs_results_free(res);

    /* Replace and remove by id. */
    assert_int_equal(accs_index_add_text(w, "new.txt", "luchtschip", 10, ACCS_FORMAT_TEXT,
                                         "nl"),
                     ACCS_OK);
    assert_int_equal(accs_index_remove(w, "notes/hospitals.md"), ACCS_OK);
    assert_int_equal(accs_index_commit(w), ACCS_OK);
    assert_int_equal(accs_index_reopen(r), ACCS_OK);
    assert_int_equal(accs_search(&res, r, "zeppelinvaart OR downtime", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 0);
    accs_results_free(res);

    accs_index_info info;
    assert_int_equal(accs_index_info_get(r, &info), ACCS_OK);
    assert_int_equal(info.documents, 2);
    assert_true(info.passages_nl >= 2);
    assert_int_equal(info.passages_en, 0);
    assert_true(strlen(info.analysis) > 0);
    expect_sound(r);
    accs_index_free(r);
    accs_index_free(w);
}

/* Compaction swaps a packed copy into place: the writer goes on writing,
 * a reader opened before it still searches, and nothing is lost. */
static void
test_api__compact(void **state)
{
    (void)state;
    accs_index *w = build();
    accs_index *r;
    assert_int_equal(accs_index_open(&r, db, ACCS_OPEN_READ, NULL), ACCS_OK);
    /* Uncommitted work is committed by the compaction. */
    assert_int_equal(accs_index_add_text(w, "new.txt", "zeppelinvaart boven de stad", 27,
                                         ACCS_FORMAT_TEXT, "nl"),
                     ACCS_OK);
    assert_int_equal(accs_index_compact(w), ACCS_OK);
    accs_results *res;
    assert_int_equal(accs_search(&res, r, "ziekenhuis", NULL), ACCS_OK);
    assert_true(accs_results_count(res) >= 1);
    accs_results_free(res);
    assert_int_equal(accs_index_reopen(r), ACCS_OK);
    assert_int_equal(accs_search(&res, r, "zeppelinvaart OR ransomware", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 2);
    accs_results_free(res);
    /* The writer still writes, into the compacted index. */
    assert_int_equal(accs_index_remove(w, "new.txt"), ACCS_OK);
    assert_int_equal(accs_index_commit(w), ACCS_OK);
    assert_int_equal(accs_index_reopen(r), ACCS_OK);
    assert_int_equal(accs_search(&res, r, "zeppelinvaart", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 0);
    accs_results_free(res);
    uint64_t problems = 99;
    assert_int_equal(accs_index_check(r, &problems, NULL), ACCS_OK);
    assert_int_equal(problems, 0);
    /* A second writer is still refused. */
    accs_index *w2 = NULL;
    assert_int_equal(accs_index_open(&w2, db, ACCS_OPEN_WRITE, NULL), ACCS_ELOCKED);
    assert_int_equal(accs_index_compact(r), ACCS_EREADONLY);
    accs_index_free(r);
    accs_index_free(w);
}

typedef struct {
    int failures;
} reader_result;

static void *
reader(void *arg)
{
    reader_result *rr = arg;
    accs_index *idx;
    if (accs_index_open(&idx, db, ACCS_OPEN_READ, NULL) != ACCS_OK) {
        rr->failures++;
        return NULL;
    }
    for (int i = 0; i < 50; i++) {
        accs_results *res;
        if (accs_search(&res, idx, i % 2 ? "aanvallen" : "hospital attack", NULL) != ACCS_OK ||
            accs_results_count(res) == 0)
            rr->failures++;
        else
            accs_results_free(res);
    }
    accs_index_free(idx);
    return NULL;
}

/* Separate handles may be used from separate threads at once. */
static void
test_api__threads_with_own_handles(void **state)
{
    (void)state;
    accs_index_free(build());
    pthread_t t[4];
    reader_result rr[4];
    memset(rr, 0, sizeof rr);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, reader, &rr[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(rr[i].failures, 0);
    }
}

/* Length normalisation is applied when passages are indexed (the wdf
 * carries it): of three passages that name the word once, the shortest
 * ranks first and the longest last, and a passage that names it twice
 * beats one of the same length that names it once. */
static void
test_api__length_normalisation(void **state)
{
    (void)state;
    accs_index *idx = fresh_index();
    static const char *filler[] = {"alpha", "bravo", "charlie", "delta", "echo",
                                   "foxtrot", "golf", "hotel", "india", "juliet"};
    static const struct {
        const char *id;
        unsigned words, hits;
    } docs[] = {{"long.txt", 140, 1}, {"short.txt", 25, 1}, {"mid.txt", 70, 1},
                {"mid2.txt", 70, 2}};
    for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
        char text[2048] = "";
        size_t len = 0;
        for (unsigned w = 0; w < docs[d].words; w++) {
            const char *word = w < docs[d].hits ? "zeppelin" : filler[(w * 7 + d) % 10];
            len += (size_t)snprintf(text + len, sizeof text - len, "%s ", word);
        }
        assert_int_equal(accs_index_add_text(idx, docs[d].id, text, len, ACCS_FORMAT_TEXT, "en"),
                         ACCS_OK);
    }
    assert_int_equal(accs_index_commit(idx), ACCS_OK);
    accs_results *res = NULL;
    assert_int_equal(accs_search(&res, idx, "zeppelin", NULL), ACCS_OK);
    assert_int_equal(accs_results_count(res), 4);
    const char *order[] = {"mid2.txt", "short.txt", "mid.txt", "long.txt"};
    for (size_t i = 0; i < 4; i++) {
        const accs_hit *h = accs_results_hit(res, i);
        assert_string_equal(h->path, order[i]);
        if (i > 0)
            assert_true(h->score < accs_results_hit(res, i - 1)->score);
    }
    accs_results_free(res);
    accs_index_free(idx);
}

/* Passages with equal scores are shown in name order when there are few
 * (40 files); when a word ties hundreds of passages (300 files), in the
 * index's order, so that the pages of a search agree. */
static void
test_api__ties(void **state)
{
    (void)state;
    for (unsigned n_files = 40; n_files <= 300; n_files += 260) {
        accs_index *idx = fresh_index();
        for (unsigned f = 0; f < n_files; f++) {
            char id[32];
            /* Added out of name order, so index order is not name order. */
            snprintf(id, sizeof id, "tie-%03u.txt", (f * 37) % n_files);
            const char *text = "zeppelin boven de stad";
            assert_int_equal(accs_index_add_text(idx, id, text, strlen(text), ACCS_FORMAT_TEXT,
                                                 "nl"),
                             ACCS_OK);
        }
        assert_int_equal(accs_index_commit(idx), ACCS_OK);
        accs_results *res = NULL;
        assert_int_equal(accs_search(&res, idx, "zeppelin", NULL), ACCS_OK);
        assert_int_equal(accs_results_count(res), 10);
        for (size_t i = 1; i < 10; i++) {
            const accs_hit *a = accs_results_hit(res, i - 1), *b = accs_results_hit(res, i);
            assert_true(a->score == b->score);
            /* By name when all the ties were fetched. */
            assert_true(n_files > 40 || strcmp(a->path, b->path) < 0);
        }
        if (n_files == 40)
            assert_string_equal(accs_results_hit(res, 0)->path, "tie-000.txt");
        accs_results_free(res);
        /* Pages agree: the first two pages are the first twenty hits. */
        accs_results *all = NULL, *page[2] = {NULL, NULL};
        accs_search_options so;
        assert_int_equal(accs_search_options_init(&so, ACCS_SEARCH_OPTIONS_VERSION), ACCS_OK);
        so.limit = 20;
        assert_int_equal(accs_search(&all, idx, "zeppelin", &so), ACCS_OK);
        assert_int_equal(accs_results_count(all), 20);
        so.limit = 10;
        for (size_t p = 0; p < 2; p++) {
            so.offset = 10 * p;
            assert_int_equal(accs_search(&page[p], idx, "zeppelin", &so), ACCS_OK);
            assert_int_equal(accs_results_count(page[p]), 10);
            for (size_t i = 0; i < 10; i++)
                assert_string_equal(accs_results_hit(page[p], i)->path,
                                    accs_results_hit(all, 10 * p + i)->path);
            accs_results_free(page[p]);
        }
        accs_results_free(all);
        accs_index_free(idx);
    }
}

static void
test_api__options_init(void **state)
{
    (void)state;
    accs_index_options io;
    assert_int_equal(accs_index_options_init(&io, ACCS_INDEX_OPTIONS_VERSION), ACCS_OK);
    assert_int_equal(io.version, ACCS_INDEX_OPTIONS_VERSION);
    assert_int_equal(accs_index_options_init(&io, 1000), ACCS_EINVAL);
    accs_search_options so;
    assert_int_equal(accs_search_options_init(&so, 1000), ACCS_EINVAL);
    assert_int_equal(accs_search_options_init(&so, 0), ACCS_EINVAL);
    /* Version 1 (before `sort`): the fields up to it, nothing after. */
    memset(&so, 0x5a, sizeof so);
    assert_int_equal(accs_search_options_init(&so, 1), ACCS_OK);
    assert_int_equal(so.version, 1);
    assert_int_equal(so.limit, 0);
    assert_int_equal(so.is_plain, 0);
    assert_int_not_equal((int)so.sort, 0);
    assert_int_equal(accs_search_options_init(&so, ACCS_SEARCH_OPTIONS_VERSION), ACCS_OK);
    assert_int_equal(so.sort, ACCS_SORT_RELEVANCE);
}

/* accs_explain: the report names the analysis and the hit; a broken
 * query is the same error as for accs_search, with no report. */
static void
test_api__explain(void **state)
{
    (void)state;
    accs_index *idx = build();
    char *report = NULL;
    assert_int_equal(accs_explain(idx, "Hospitals ransomware", NULL, &report), ACCS_OK);
    assert_non_null(report);
    assert_non_null(strstr(report, "en stem: hospit, in 1 passage"));
    assert_non_null(strstr(report, "Zransomwar"));
    assert_non_null(strstr(report, "1. notes/hospitals.md:1"));
    assert_non_null(strstr(report, "marked: Hospitals, Hospitals, ransomware"));
    accs_free(report);
    report = (char *)"unchanged";
    assert_int_equal(accs_explain(idx, "\"open", NULL, &report), ACCS_EQUERY);
    assert_null(report);
    assert_non_null(strstr(accs_index_errmsg(idx), "unbalanced quote"));
    assert_int_equal(accs_explain(idx, "x", NULL, NULL), ACCS_EINVAL);
    assert_int_equal(accs_explain(NULL, "x", NULL, &report), ACCS_EINVAL);
    accs_index_free(idx);
}

/* Hits in date order, either way, with undated documents last; a caller
 * of version 1 gets relevance order whatever follows its struct. */
static void
test_api__sort_by_date(void **state)
{
    (void)state;
    static const struct {
        const char *id, *text;
    } docs[] = {
        {"a.txt", "date: 2017-03-01\n\nDe haven van Rotterdam en de haven van Antwerpen."},
        {"b.txt", "date: 2019-06\n\nDe haven."},
        {"c.txt", "Haven haven haven, zonder datum."},
        {"d.txt", "date: 2018-11-30\n\nEen haven."},
    };
    accs_index *idx = NULL;
    assert_int_equal(accs_index_open(&idx, db, ACCS_OPEN_WRITE | ACCS_OPEN_REBUILD, NULL),
                     ACCS_OK);
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        assert_int_equal(accs_index_add_text(idx, docs[i].id, docs[i].text,
                                             strlen(docs[i].text), ACCS_FORMAT_AUTO, "nl"),
                         ACCS_OK);
    assert_int_equal(accs_index_commit(idx), ACCS_OK);
    static const struct {
        accs_sort sort;
        unsigned version;
        const char *order;
    } cases[] = {
        {ACCS_SORT_NEWEST, ACCS_SEARCH_OPTIONS_VERSION, "bdac"},
        {ACCS_SORT_OLDEST, ACCS_SEARCH_OPTIONS_VERSION, "adbc"},
        {ACCS_SORT_RELEVANCE, ACCS_SEARCH_OPTIONS_VERSION, "cabd"},
        {ACCS_SORT_NEWEST, 1, "cabd"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        accs_search_options so;
        assert_int_equal(accs_search_options_init(&so, ACCS_SEARCH_OPTIONS_VERSION), ACCS_OK);
        so.sort = cases[k].sort;
        so.version = cases[k].version;
        accs_results *res;
        assert_int_equal(accs_search(&res, idx, "haven", &so), ACCS_OK);
        char got[8] = {0};
        for (size_t i = 0; i < accs_results_count(res) && i < 7; i++)
            got[i] = accs_results_hit(res, i)->path[0];
        assert_string_equal(got, cases[k].order);
        accs_results_free(res);
    }
    accs_search_options so = ACCS_SEARCH_OPTIONS_INIT;
    accs_results *res;
    /* Search as you type: "hav" finds "haven", unless the caller is of
     * version 1. */
    so.prefix_last = 1;
    assert_int_equal(accs_search(&res, idx, "hav", &so), ACCS_OK);
    assert_int_equal(accs_results_count(res), 4);
    accs_results_free(res);
    so.version = 1;
    assert_int_equal(accs_search(&res, idx, "hav", &so), ACCS_OK);
    assert_int_equal(accs_results_count(res), 0);
    accs_results_free(res);
    /* Facets: the matching documents (and passages) by language, year
     * and type.  A document with a Dutch and an English passage counts
     * under both languages, and once for its year and type. */
    static const char both[] =
        "date: 2018-05\n\nDe haven van Rotterdam is de grootste haven van Europa, en het "
        "is er altijd druk met de schepen die er aankomen.\n\n"
        "The haven is a safe place for the ships of the world, and it is where they "
        "come to rest after a long journey over the sea.";
    assert_int_equal(accs_index_add_text(idx, "e.md", both, sizeof both - 1, ACCS_FORMAT_AUTO,
                                         NULL),
                     ACCS_OK);
    assert_int_equal(accs_index_commit(idx), ACCS_OK);
    so.version = ACCS_SEARCH_OPTIONS_VERSION;
    so.prefix_last = 0;
    so.facets = 1;
    assert_int_equal(accs_search(&res, idx, "haven", &so), ACCS_OK);
    static const char *const want[] = {
        "lang nl 5 5", "lang en 1 1", "year 2019 1 1", "year 2018 2 3", "year 2017 1 1",
        "year  1 1",   "type txt 4 4", "type md 1 2"};
    assert_int_equal(accs_results_facet_count(res), 8);
    for (size_t i = 0; i < 8; i++) {
        const accs_facet *f = accs_results_facet(res, i);
        char got[64];
        snprintf(got, sizeof got, "%s %s %llu %llu", f->field, f->value,
                 (unsigned long long)f->documents, (unsigned long long)f->passages);
        assert_string_equal(got, want[i]);
    }
    assert_null(accs_results_facet(res, 8));
    accs_results_free(res);
    so.facets = 0;
    assert_int_equal(accs_search(&res, idx, "haven", &so), ACCS_OK);
    assert_int_equal(accs_results_facet_count(res), 0);
    accs_results_free(res);
    so.sort = (accs_sort)7;
    assert_int_equal(accs_search(&res, idx, "haven", &so), ACCS_EINVAL);
    accs_index_free(idx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api__index_and_search),
        cmocka_unit_test(test_api__own_stem_found_by_stem),
        cmocka_unit_test(test_api__length_normalisation),
        cmocka_unit_test(test_api__ties),
        cmocka_unit_test(test_api__results_outlive_index),
        cmocka_unit_test(test_api__other_encodings),
        cmocka_unit_test(test_api__office_formats),
        cmocka_unit_test(test_api__errors),
        cmocka_unit_test(test_api__uncommitted_changes_are_discarded),
        cmocka_unit_test(test_api__reader_sees_commits_after_reopen),
        cmocka_unit_test(test_api__compact),
        cmocka_unit_test(test_api__threads_with_own_handles),
        cmocka_unit_test(test_api__options_init),
        cmocka_unit_test(test_api__sort_by_date),
        cmocka_unit_test(test_api__explain),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
