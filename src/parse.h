/* SPDX-License-Identifier: MIT */
/* Parse stage: turn a file's bytes (plain text, Markdown or HTML) into
 * plain text blocks (paragraphs, headings, list items) plus metadata, and
 * keep a map from the extracted text back to byte offsets and lines of the
 * source. */
#ifndef ACCS_PARSE_H
#define ACCS_PARSE_H

#include "analyse.h"

typedef struct {
    size_t start;    /* byte range in accsi_parsed.text */
    size_t end;
    int is_heading;  /* a heading: merged into the passage that follows */
} accsi_block;

/* A point where extracted text and source agree: text offset `text_off`
 * corresponds to source offset `src_off`. */
typedef struct {
    size_t text_off;
    uint64_t src_off;
} accsi_anchor;

typedef struct {
    accsi_buf text;          /* extracted text; blocks separated by "\n\n" */
    accsi_block *blocks;
    size_t n_blocks;
    size_t cap_blocks;
    accsi_anchor *anchors;   /* sorted by text_off */
    size_t n_anchors;
    size_t cap_anchors;
    uint64_t *line_starts;   /* source offset of each line start */
    size_t n_lines;
    uint64_t src_len;
    uint64_t *fix;           /* pairs (repaired offset, original offset) after
                                each invalid UTF-8 sequence was replaced */
    size_t n_fix;
    char *title;             /* NULL if none */
    char *date;              /* "YYYY-MM" or "YYYY-MM-DD", or NULL */
    accsi_lang lang;         /* declared language, or UNKNOWN */
    unsigned n_repaired;     /* invalid UTF-8 sequences replaced */
    int failed;              /* out of memory while building */
    size_t cur_start;        /* text offset where the open block starts */
    int in_block;            /* a block is open */
} accsi_parsed;

typedef enum {
    ACCSI_FMT_TEXT,
    ACCSI_FMT_MARKDOWN,
    ACCSI_FMT_HTML
} accsi_fmt;

/* The format for a file name, or -1 when the extension is not indexed. */
int accsi_format_for_path(const char *path);

/* Does this look like a binary file (judged on its first bytes)? */
int accsi_looks_binary(const char *data, size_t len);

/* Parse `len` bytes of `src` (need not be valid UTF-8). */
accs_status accsi_parse(accsi_parsed *out, const char *src, size_t len,
                        accsi_fmt fmt, accsi_err *err);
void accsi_parsed_free(accsi_parsed *p);

/* Map a text offset to a source offset, and a source offset to a line. */
uint64_t accsi_parsed_src_offset(const accsi_parsed *p, size_t text_off);
unsigned accsi_parsed_line(const accsi_parsed *p, uint64_t src_off);

/* ---- helpers for the format parsers (parse_*.c) ---- */
void accsi_parsed_init(accsi_parsed *p);
/* Append text copied from source offset `src_off` (UINT64_MAX: no anchor). */
void accsi_parsed_add(accsi_parsed *p, const char *s, size_t len,
                      uint64_t src_off);
/* Close the current block (if it has text) and start a new one. */
void accsi_parsed_end_block(accsi_parsed *p, int is_heading);
/* Read "title:", "date:" and "lang:" front matter and a leading
 * "date YYYY-MM[-DD]"; returns the number of bytes consumed. */
size_t accsi_parse_front_matter(accsi_parsed *p, const char *src, size_t len);
/* Is `s` a date "YYYY-MM" or "YYYY-MM-DD"?  Returns its length or 0. */
size_t accsi_date_len(const char *s, size_t len);

accs_status accsi_parse_text(accsi_parsed *p, const char *src, size_t len);
accs_status accsi_parse_markdown(accsi_parsed *p, const char *src, size_t len);
/* Does an HTML file declare a charset other than UTF-8? */
int accsi_html_declares_other_charset(const char *src, size_t len);
accs_status accsi_parse_html(accsi_parsed *p, const char *src, size_t len,
                             accsi_err *err);

#endif /* ACCS_PARSE_H */
