/* SPDX-License-Identifier: MIT */
/* The index schema: term prefixes, value slots, metadata keys and the
 * layout of stored passage data.  Changing any of these changes
 * ACCSI_FORMAT, and an index of another format is refused. */
#ifndef ACCS_SCHEMA_H
#define ACCS_SCHEMA_H

#include "analyse.h"

/* Bumped whenever terms, slots or stored data change meaning. */
#define ACCSI_FORMAT "13"

/* Metadata keys. */
#define ACCSI_META_FORMAT "accs.format"
#define ACCSI_META_ANALYSIS "accs.analysis"
#define ACCSI_META_UPDATED "accs.updated"
#define ACCSI_META_CREATED "accs.created_by"

/* Term prefixes (Xapian's convention: upper-case prefixes, plain words
 * unprefixed).  Each passage is one Xapian document. */
#define ACCSI_PFX_STEM "Z"      /* stem, in the passage's language: one
                                    namespace for both languages, so a name
                                    like Genève has one document frequency */
#define ACCSI_PFX_PART "XP"      /* stem of a Dutch compound part */
#define ACCSI_PFX_TITLE "S"      /* stem of a title word */
#define ACCSI_PFX_FROM "XF"      /* boolean: a word of a mail's sender
                                    (folded, not stemmed); from: */
#define ACCSI_PFX_TO "XT"        /* boolean: a word of its recipients (To
                                    and Cc); to: */
#define ACCSI_PFX_LANG "L"       /* boolean: passage language */
#define ACCSI_PFX_PATH "P"       /* boolean: the document: its collapse key
                                    (accsi_doc_key), 17 bytes where a
                                    path was 60 in every passage */
#define ACCSI_PFX_FILE "F"       /* boolean: the document's file record */
#define ACCSI_PFX_TYPE "T"       /* boolean: the file's format
                                    (accsi_format_name); type: */
#define ACCSI_PFX_FOLDER "D"     /* boolean: a folder the document is in, at
                                    any depth (accsi_folder_key); path: */
#define ACCSI_TERM_RECORD "Kfile" /* boolean: every file record; every other
                                     document is a passage (no term says so:
                                     it cost 2.5% of a build) */

/* Value slots; never renumbered. */
enum {
    ACCSI_SLOT_DOC = 0,    /* the collapse key: 16 hex digits of a hash of
                              the path key (short, so collapsing reads few
                              blocks; a collision only groups two files'
                              passages for collapsing), or for a document
                              inside a file (accsi_subdoc), of the path key,
                              a newline and its page number */
    ACCSI_SLOT_DATE = 1,   /* the document's date as written, "YYYY-MM" or
                              "YYYY-MM-DD", which sort as dates; none when
                              it has none (date:) */
    /* Slot 2 held the language in format 3: it is in the stored data. */
    ACCSI_SLOT_ORDINAL = 3, /* passage number in its document, decimal */
    ACCSI_SLOT_PRINT = 4,   /* the passage's fingerprint: 8 bytes, a hash of
                               its terms, positions, values and data; a
                               changed file's passages whose fingerprint is
                               the same are not written again */
    ACCSI_SLOT_FACETS = 6,  /* passages: "LANG TYPE YEAR KEY" ("nl pdf 2018
                               " and the document's 16-digit key; "-" for
                               the year when undated): --facets counts its
                               values over all matches, which gives the
                               passages of each document and language */
    ACCSI_SLOT_RECORD = 5,  /* file records: what a walk compares, in 37
                               bytes, little-endian: accsi_hash64 of the path
                               key (8), size (8), mtime (8), content hash
                               (8), passages (4), language (1: 0 other, 1
                               nl, 2 en) */
    ACCSI_SLOT_DATA = 7     /* every document's stored data (a passage's
                               fields and text, a file's record), in place
                               of Xapian's document data: one byte 'z' and
                               a zstd frame, or 'r' and the bytes as they
                               are (see xapian_shim.cc) */
};
#define ACCSI_RECORD_VALUE_LEN 37

/* Length normalisation happens when a passage is indexed, not when it is
 * searched: each occurrence of a term adds accsi_wdf_unit(words) to its
 * wdf, so the wdf is already BM25's length-normalised term frequency
 *   tf / ((1 - b) + b * max(words / ACCSI_NORM_WORDS, ACCSI_NORM_MIN)),
 * times ACCSI_WDF_SCALE.  Searches then use BM25 with b = 0 and k1 times
 * the scale, which gives the same ranking as b > 0 but never reads
 * document lengths: in an index of a million passages, those reads were
 * nine tenths of a search's time.  Passages are 20 to 150 words (split.h);
 * the reference length is their usual mean. */
#define ACCSI_WDF_SCALE 64
#define ACCSI_NORM_B 0.5
#define ACCSI_NORM_WORDS 60.0
#define ACCSI_NORM_MIN 0.5

/* A passage that quotes an earlier message (a mail's "> ..." lines)
 * counts each occurrence this many times less. */
#define ACCSI_QUOTE_DIVISOR 4

/* The wdf of one occurrence in a passage of `words` words. */
unsigned accsi_wdf_unit(size_t words);

/* Stored passage data: NUL-separated fields in this order. */
enum {
    ACCSI_DATA_PATH,
    ACCSI_DATA_TITLE,
    ACCSI_DATA_DATE,
    ACCSI_DATA_LANG,
    ACCSI_DATA_ORDINAL,
    ACCSI_DATA_LINE,
    ACCSI_DATA_BYTE_START,
    ACCSI_DATA_BYTE_END,
    ACCSI_DATA_PAGE,    /* page of the passage's start; "" for formats
                           without pages */
    ACCSI_DATA_TEXT,
    ACCSI_DATA_N_FIELDS
};

/* Stored file-record data: tab-separated
 * "size mtime hash n_passages lang path". */

/* The key used in F terms for `path` (P terms hold its accsi_doc_key): the path itself, or for long
 * paths a prefix plus a hash, so the term stays under Xapian's limit.
 * Writes a NUL-terminated key to `out`. */
void accsi_path_key(const char *path, accsi_buf *out);
/* The key of a folder in D terms: 12 lower-case hex digits of a hash of
 * its path (without a trailing '/'), and a NUL. */
void accsi_folder_key(const char *folder, size_t len, char out[13]);
/* The collapse key of a path key: 16 lower-case hex digits and a NUL. */
void accsi_doc_key(const char *key, size_t len, char out[17]);

/* The binary values (slots 4 and 5) store numbers in `n` bytes, least
 * significant first. */
void accsi_le_put(void *out, uint64_t v, unsigned n);
uint64_t accsi_le_get(const void *in, unsigned n);

/* Split stored passage data into its fields (pointers into `data`, which
 * must be NUL-terminated after the last field).  Returns 0 if malformed. */
int accsi_data_fields(const char *data, size_t len,
                      const char *fields[ACCSI_DATA_N_FIELDS]);

#endif /* ACCS_SCHEMA_H */
