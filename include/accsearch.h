/* SPDX-License-Identifier: MIT */
/**
 * @file accsearch.h
 * @brief accsearch: passage-level full-text search for Dutch and English.
 *
 * accsearch indexes text, Markdown and HTML files, splits them into
 * passages (paragraphs, or sentence-aligned windows of long paragraphs) and
 * ranks those passages with BM25.  Text is analysed by accsearch itself
 * (ICU word boundaries, case and diacritic folding, Dutch and English
 * Snowball stems, Dutch compound parts); the index is a Xapian database.
 *
 * Conventions used throughout this header:
 *  - Every function that can fail returns an ::accs_status; ACCS_OK is 0.
 *    A readable detail message for the last failure on a handle is
 *    available from accs_index_errmsg().
 *  - Objects returned through an `out` parameter belong to the caller and
 *    are released with the matching `_free` function.  Pointers returned
 *    as a function's value are borrowed from their parent object and live
 *    until that parent is freed.
 *  - Every `_free` function accepts NULL.
 *  - Text is UTF-8.  Byte offsets count bytes, not characters.
 *  - Option structs start with a `version` field; initialise them with the
 *    matching `_INIT` macro or `_options_init()` function so new fields can
 *    be appended without breaking callers.
 *
 * Thread safety: an ::accs_index handle may be used by one thread at a
 * time; separate handles on the same index may be used from different
 * threads or processes at once (one writer, any number of readers).  An
 * ::accs_results object is immutable once returned and may be read from
 * any thread.
 *
 * Ten-line example:
 * @code
 *   accs_index *idx;
 *   accs_results *res;
 *   if (accs_index_open(&idx, ".accsearch", ACCS_OPEN_READ, NULL) != ACCS_OK)
 *       return 1;
 *   if (accs_search(&res, idx, "verdrag van Genève", NULL) == ACCS_OK) {
 *       for (size_t i = 0; i < accs_results_count(res); i++) {
 *           const accs_hit *h = accs_results_hit(res, i);
 *           printf("%s:%u %s\n", h->path, h->line, h->snippet);
 *       }
 *       accs_results_free(res);
 *   }
 *   accs_index_free(idx);
 * @endcode
 */
#ifndef ACCSEARCH_H
#define ACCSEARCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define ACCS_BEGIN_DECLS extern "C" {
#define ACCS_END_DECLS }
#else
#define ACCS_BEGIN_DECLS
#define ACCS_END_DECLS
#endif

#if defined(__GNUC__)
#define ACCS_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define ACCS_EXTERN(type) type
#endif

#define ACCS_VERSION_MAJOR 0
#define ACCS_VERSION_MINOR 1
#define ACCS_VERSION_PATCH 0
#define ACCS_VERSION_STRING "0.1.0"

ACCS_BEGIN_DECLS

/** Status codes.  ACCS_OK is zero; everything else is a failure. */
typedef enum {
    ACCS_OK = 0,      /**< success */
    ACCS_ENOMEM,      /**< out of memory */
    ACCS_EINVAL,      /**< invalid argument or option */
    ACCS_ENOTFOUND,   /**< no index, file or document at that place */
    ACCS_EEXISTS,     /**< something already exists where it should not */
    ACCS_ELOCKED,     /**< another process is writing to the index */
    ACCS_EREADONLY,   /**< the handle was opened for reading only */
    ACCS_EVERSION,    /**< index made by another analysis or format version */
    ACCS_ECORRUPT,    /**< the index is damaged */
    ACCS_EMODIFIED,   /**< the index changed under a reader: retry */
    ACCS_EQUERY,      /**< query syntax error */
    ACCS_ELANG,       /**< unsupported language */
    ACCS_EENCODING,   /**< text is not valid UTF-8 or cannot be decoded */
    ACCS_EIO,         /**< reading or writing a file failed */
    ACCS_EUNAVAILABLE, /**< a remote index (shard) could not be reached */
    ACCS_EINTERNAL,   /**< unexpected failure inside accsearch */
    ACCS_STATUS_COUNT /**< number of status codes; not a status */
} accs_status;

/**
 * Static English text for a status code.
 * Lifetime: the string is static.
 * @since 0.1
 */
ACCS_EXTERN(const char *) accs_status_string(accs_status status);

/**
 * Version of the library that is running, as "MAJOR.MINOR.PATCH".
 * Lifetime: the string is static.
 * @since 0.1
 */
ACCS_EXTERN(const char *) accs_version(void);

/**
 * Free a string or buffer that the library handed to the caller (for
 * example the `errmsg_out` of accs_index_open()).  Accepts NULL.
 * @since 0.1
 */
ACCS_EXTERN(void) accs_free(void *ptr);

/* ------------------------------------------------------------------ */
/** @name Index handles
 *
 * An index is opened for reading or for writing.  A writer holds Xapian's
 * lock on the database until it is freed; a second writer gets
 * ACCS_ELOCKED.  Changes become visible to readers only at
 * accs_index_commit(); accs_index_free() discards uncommitted changes.
 *
 * @code
 *   accs_index *idx;
 *   accs_index_open(&idx, "my.idx", ACCS_OPEN_WRITE, NULL);
 *   accs_index_add_path(idx, "notes/", NULL, NULL);
 *   accs_index_commit(idx);
 *   accs_index_free(idx);
 * @endcode
 * @{ */

/** An open index (opaque). */
typedef struct accs_index accs_index;

/** Open for searching only. */
#define ACCS_OPEN_READ 0
/** Open for writing, creating the index if it does not exist. */
#define ACCS_OPEN_WRITE 1
/** With ACCS_OPEN_WRITE: start an empty index in place of an existing one
 *  (used to rebuild an index made by another analysis version). */
#define ACCS_OPEN_REBUILD 2

/**
 * Open the index at `path`.
 *
 * `path` is a folder holding an accsearch index, a folder holding shards
 * made by `accsearch index --shards` (read-only), or a remote index
 * `tcp://HOST:PORT` served by xapian-tcpsrv.
 *
 * @param[out] out        the new handle
 * @param path            where the index lives
 * @param flags           ACCS_OPEN_READ or ACCS_OPEN_WRITE
 * @param[out] errmsg_out optional; on failure a message to free with
 *                        accs_free(), otherwise set to NULL
 * Returns: ACCS_OK; ACCS_EINVAL for a NULL argument; ACCS_ENOTFOUND when
 * there is no index to read; ACCS_ELOCKED when another writer holds it;
 * ACCS_EVERSION when it was built by another analysis version (re-index);
 * ACCS_ECORRUPT; ACCS_EUNAVAILABLE for an unreachable remote; ACCS_EIO.
 * Lifetime: free the handle with accs_index_free().
 * @since 0.1
 */
ACCS_EXTERN(accs_status)
accs_index_open(accs_index **out, const char *path, int flags,
                char **errmsg_out);

/**
 * Create (or open) a sharded index: `n_shards` Xapian databases in the
 * folder `path` (shard-0 ... shard-N-1), with documents spread over them by
 * a stable hash of their path.  Opening `path` later, for reading or
 * writing, opens every shard; searches combine their statistics, so the
 * ranking is the same as with one index.
 *
 * Returns: as accs_index_open(); ACCS_EINVAL for 0 or more than 256
 * shards; ACCS_EEXISTS when `path` holds a different number of shards.
 * Lifetime: free the handle with accs_index_free().
 * @since 0.1
 */
ACCS_EXTERN(accs_status)
accs_index_create_sharded(accs_index **out, const char *path,
                          unsigned n_shards, char **errmsg_out);

/**
 * Open several indexes (shards, local or remote) for searching as one.
 * Statistics are combined, so ranking is the same as over one index that
 * holds all the documents.  When `allow_partial` is non-zero, shards that
 * cannot be opened are left out and named by accs_index_missing().
 *
 * Returns: as accs_index_open(); ACCS_EINVAL when `n_paths` is 0.
 * Lifetime: free the handle with accs_index_free().
 * @since 0.1
 */
ACCS_EXTERN(accs_status)
accs_index_open_many(accs_index **out, const char *const *paths,
                     size_t n_paths, int allow_partial, char **errmsg_out);

/**
 * Names of the shards that accs_index_open_many() left out, separated by
 * ", ", or NULL when none was.
 * Lifetime: borrowed from `idx`.
 * @since 0.1
 */
ACCS_EXTERN(const char *) accs_index_missing(const accs_index *idx);

/**
 * Detail message of the last failed call on `idx` (never NULL).
 * Lifetime: borrowed; valid until the next call on `idx`.
 * @since 0.1
 */
ACCS_EXTERN(const char *) accs_index_errmsg(const accs_index *idx);

/**
 * Make the changes made so far durable and visible to readers.
 * Returns: ACCS_OK; ACCS_EREADONLY for a reader; ACCS_EIO (for example a
 * full disk: the changes since the previous commit are dropped and the
 * index stays at that commit).  Past a file size limit (RLIMIT_FSIZE) the
 * kernel sends SIGXFSZ, which ends a process by default; a program that
 * runs under such a limit should ignore that signal, as the accsearch
 * command does, to get ACCS_EIO instead.
 * @since 0.1
 */
ACCS_EXTERN(accs_status) accs_index_commit(accs_index *idx);

/**
 * Commit, then rewrite the index (every shard) with full blocks: a copy is
 * written beside it and swapped into place, so readers see the old or the
 * new index, never a mix.  An index grown by many separate commits shrinks
 * by a third to a half, and searches read fewer blocks.  Needs free disk
 * space for one more copy while it runs.  accs_index_add_path() does this
 * on its own after a run that changed much of the index (see
 * accs_index_options.compact).
 * Returns: ACCS_OK; ACCS_EREADONLY for a reader; ACCS_EIO; ACCS_ELOCKED
 * when another writer took the index in the moment after the swap.
 * @since 0.1
 */
ACCS_EXTERN(accs_status) accs_index_compact(accs_index *idx);

/**
 * Re-open a reader on the latest commit (after ACCS_EMODIFIED, or to see
 * changes made by a writer).  Returns: ACCS_OK; ACCS_EIO.
 * @since 0.1
 */
ACCS_EXTERN(accs_status) accs_index_reopen(accs_index *idx);

/**
 * Close the index, discarding changes not committed, and free the handle.
 * Accepts NULL.
 * @since 0.1
 */
ACCS_EXTERN(void) accs_index_free(accs_index *idx);

/** What an index holds (see accs_index_info_get()). */
typedef struct {
    uint64_t documents;    /**< files and in-memory documents */
    uint64_t passages;     /**< passages */
    uint64_t passages_nl;  /**< passages in Dutch */
    uint64_t passages_en;  /**< passages in English */
    uint64_t terms;        /**< distinct terms (all kinds) */
    uint64_t disk_bytes;   /**< size of the index files (0 if remote) */
    const char *updated;   /**< time of the last commit, ISO 8601 UTC */
    const char *analysis;  /**< analysis version the index was built with */
    const char *format;    /**< index format version */
} accs_index_info;

/**
 * Describe the index.
 * Returns: ACCS_OK; ACCS_EIO.
 * Lifetime: the strings in `out` are borrowed from `idx` and valid until
 * the next call on it.
 * @since 0.1
 */
ACCS_EXTERN(accs_status)
accs_index_info_get(accs_index *idx, accs_index_info *out);

/**
 * Verify the index: Xapian's own structure check (local indexes) and
 * accsearch's invariants (every passage belongs to a document record, the
 * records' passage counts add up, metadata is present).
 * @param idx             the index
 * @param[out] n_problems number of problems found (0: the index is sound)
 * @param[out] report_out optional readable report; free with accs_free()
 * Returns: ACCS_OK (also when problems were found: see `n_problems`);
 * ACCS_EIO; ACCS_ENOMEM.
 * @since 0.1
 */
ACCS_EXTERN(accs_status)
accs_index_check(accs_index *idx, uint64_t *n_problems, char **report_out);

/** @} */

/* ------------------------------------------------------------------ */
/** @name Indexing
 * @{ */

/** What happened to one file during accs_index_add_path(). */
typedef enum {
    ACCS_EVENT_ADDED,     /**< new file indexed */
    ACCS_EVENT_UPDATED,   /**< changed file re-indexed */
    ACCS_EVENT_UNCHANGED, /**< file already indexed as it is */
    ACCS_EVENT_REMOVED,   /**< file gone: its passages were removed */
    ACCS_EVENT_SKIPPED,   /**< file not indexed; `message` says why */
    ACCS_EVENT_WARNING,   /**< file indexed with a problem (`message`) */
    ACCS_EVENT_ERROR,     /**< file could not be read (`message`) */
    ACCS_EVENT_COMMIT,    /**< a batch was committed */
    ACCS_EVENT_PROGRESS,  /**< periodic progress report */
    ACCS_EVENT_COMPACT    /**< the index is about to be compacted */
} accs_event_kind;

/** Counters of one indexing run. */
typedef struct {
    uint64_t added;     /**< new files indexed */
    uint64_t updated;   /**< changed files re-indexed */
    uint64_t removed;   /**< files gone, removed from the index */
    uint64_t unchanged; /**< files already up to date */
    uint64_t skipped;   /**< files not indexed (type, size, binary, ...) */
    uint64_t failed;    /**< files that could not be read */
    uint64_t warnings;  /**< files indexed with a warning */
    uint64_t passages;  /**< passages written */
    uint64_t bytes;     /**< bytes of source text read */
    uint64_t long_terms; /**< words too long for the index, left out */
    uint64_t files_seen; /**< files visited by the walk */
    uint64_t renamed;   /**< files that moved (same content, new path) */
    uint64_t files_total; /**< with `count_first`: indexable files found */
    uint64_t bytes_total; /**< with `count_first`: their total size */
    uint64_t compacted; /**< 1 when the run ended by compacting the index */
} accs_index_stats;

/** One event reported during indexing. */
typedef struct {
    accs_event_kind kind;        /**< what happened */
    const char *path;            /**< the file (NULL for COMMIT/PROGRESS) */
    const char *message;         /**< reason or warning text, or NULL */
    const accs_index_stats *stats; /**< counters so far */
} accs_event;

/** Event callback; `payload` is the caller's pointer from the options. */
typedef void (*accs_event_cb)(const accs_event *event, void *payload);

/** When accs_index_add_path() compacts the index at the end of a run. */
typedef enum {
    ACCS_COMPACT_AUTO = 0, /**< when the run added, changed or removed at
                                least a fifth of the index's files */
    ACCS_COMPACT_ALWAYS,   /**< after every run that changed something */
    ACCS_COMPACT_NEVER     /**< never (see accs_index_compact()) */
} accs_compact;

/** Options for accs_index_add_path(). */
typedef struct {
    unsigned version;        /**< ACCS_INDEX_OPTIONS_VERSION */
    uint64_t max_file_size;  /**< bytes; larger files are skipped (0: 64 MiB) */
    int is_full;             /**< re-read every file, ignoring size/mtime */
    unsigned batch_files;    /**< commit after this many files (0: 1000) */
    unsigned jobs;           /**< analysis threads (0: number of cores) */
    accs_event_cb on_event;  /**< optional event callback */
    void *payload;           /**< passed to `on_event` */
    int count_first;         /**< walk once without reading to fill
                                  files_total and bytes_total (for ETAs) */
    accs_compact compact;    /**< when to compact at the end of the run */
} accs_index_options;

#define ACCS_INDEX_OPTIONS_VERSION 1
#define ACCS_INDEX_OPTIONS_INIT {ACCS_INDEX_OPTIONS_VERSION, 0, 0, 0, 0, NULL, NULL, 0, \
                                 ACCS_COMPACT_AUTO}

/**
 * Initialise `opts` to the defaults.
 * Returns: ACCS_OK; ACCS_EINVAL for an unknown `version`.
 * @since 0.1
 */
ACCS_EXTERN(accs_status)
accs_index_options_init(accs_index_options *opts, unsigned version);

/**
 * Index a file or a folder tree.
 *
 * Folders are walked recursively: `.txt`, `.md`, `.html`/`.htm`, `.docx`,
 * `.odt`, `.pdf`, `.pptx`, `.odp` and `.ods` files are indexed (PDF text
 * comes from poppler's `pdftotext`, run as a separate process; for these
 * container formats a hit's line and byte range count in the extracted
 * text, and its page is the PDF page, slide or sheet); hidden files and folders are skipped; symbolic links are
 * followed, without looping.  A file already indexed is re-read only when
 * its size or modification time changed (and re-indexed only when its
 * content changed); files under `path` that disappeared are removed.
 * Work is committed in batches, and once more at the end; a file of 4 MiB
 * or more written into an index that holds files also commits every 4096
 * of its passages (readers may see part of it, and the index stays sound).
 *
 * Into an empty (unsharded) index, with more than one job and compaction
 * not turned off, the run writes one scratch shard per job in parallel
 * and merges them into the index in rounds; work becomes visible to
 * readers at the end of each round, and a failure keeps the rounds merged
 * before it.  A run that changed a fifth of the files or more ends with a
 * compaction (see accs_index_options.compact).
 *
 * @param idx            a handle opened with ACCS_OPEN_WRITE
 * @param path           file or folder
 * @param opts           options, or NULL for defaults
 * @param[out] stats_out optional counters of the run
 * Returns: ACCS_OK (also when single files were skipped or failed: see the
 * counters and events); ACCS_ENOTFOUND when `path` does not exist;
 * ACCS_EIO when it cannot be read; ACCS_EREADONLY for a reader;
 * ACCS_EIO when a commit fails (the index stays at its last commit).
 * @since 0.1
 */
ACCS_EXTERN(accs_status)
accs_index_add_path(accs_index *idx, const char *path,
                    const accs_index_options *opts,
                    accs_index_stats *stats_out);

/** Format of an in-memory document. */
typedef enum {
    ACCS_FORMAT_AUTO = 0, /**< guess from `id`'s extension (default text);
                               a .doc by its bytes: Word 97-2003 or RTF */
    ACCS_FORMAT_TEXT,     /**< plain text, optional front matter */
    ACCS_FORMAT_MARKDOWN, /**< Markdown */
    ACCS_FORMAT_HTML,     /**< HTML */
    ACCS_FORMAT_DOCX,     /**< Word (.docx) */
    ACCS_FORMAT_ODT,      /**< OpenDocument text (.odt) */
    ACCS_FORMAT_PDF,      /**< PDF, through pdftotext */
    ACCS_FORMAT_PPTX,     /**< PowerPoint (.pptx) */
    ACCS_FORMAT_ODP,      /**< OpenDocument presentation (.odp) */
    ACCS_FORMAT_ODS,      /**< OpenDocument spreadsheet (.ods) */
    ACCS_FORMAT_EML,      /**< a mail message (.eml, RFC 5322 with MIME) */
    ACCS_FORMAT_XLSX,     /**< Excel workbook (.xlsx) */
    ACCS_FORMAT_EPUB,     /**< e-book (.epub) */
    ACCS_FORMAT_MBOX,     /**< many mail messages in one file (.mbox), each a
                               document of its own */
    ACCS_FORMAT_RTF,      /**< rich text (.rtf) */
    ACCS_FORMAT_DOC       /**< Word 97-2003 (.doc) */
} accs_format;

/**
 * Index (or replace) an in-memory document under the identifier `id`,
 * which plays the role of a path.  The bytes are read as files are: as
 * UTF-8, or as UTF-16 or Windows-1252 when they are plainly in one of
 * those; invalid UTF-8 is replaced by U+FFFD.
 *
 * @param idx       a handle opened with ACCS_OPEN_WRITE
 * @param id        identifier, shown as the hit's path
 * @param text      the document (need not be NUL-terminated)
 * @param text_len  its length in bytes
 * @param format    how to parse it
 * @param lang      "nl", "en", or NULL to detect
 * Returns: ACCS_OK; ACCS_EINVAL; ACCS_ELANG for an unsupported `lang`;
 * ACCS_EREADONLY; ACCS_EIO.  Not committed until accs_index_commit().
 * @since 0.1
 */
ACCS_EXTERN(accs_status)
accs_index_add_text(accs_index *idx, const char *id, const char *text,
                    size_t text_len, accs_format format, const char *lang);

/**
 * Remove a document (file path or in-memory id) and its passages.
 * Returns: ACCS_OK; ACCS_ENOTFOUND when it is not indexed; ACCS_EREADONLY.
 * @since 0.1
 */
ACCS_EXTERN(accs_status) accs_index_remove(accs_index *idx, const char *id);

/** @} */

/* ------------------------------------------------------------------ */
/** @name Searching
 *
 * Query syntax: free words are ranked (passages matching more of them
 * first); "quoted phrases"; -word or NOT word excludes; OR, AND and
 * parentheses combine; lang:nl / lang:en filter by passage language.
 * @{ */

/** Search results (opaque, immutable). */
typedef struct accs_results accs_results;

/** A highlighted range inside a hit's text, in bytes. */
typedef struct {
    size_t start; /**< byte offset of the first byte */
    size_t end;   /**< byte offset one past the last byte */
} accs_match;

/** One ranked passage. All pointers are borrowed from the results. */
typedef struct {
    size_t rank;          /**< 1 for the best hit */
    double score;         /**< relevance score (BM25 based) */
    const char *path;     /**< file path or document id */
    unsigned passage;     /**< ordinal of the passage in its document (0..) */
    unsigned line;        /**< first line of the passage in the source (1..) */
    uint64_t byte_start;  /**< byte range of the passage in the source */
    uint64_t byte_end;
    const char *title;    /**< document title ("" if none) */
    const char *date;     /**< document date YYYY-MM[-DD] ("" if none) */
    const char *lang;     /**< passage language: "nl" or "en" */
    const char *text;     /**< the passage text */
    const char *snippet;  /**< the passage (cut around its best window when
                               long) with matches wrapped in the markers */
    size_t n_matches;     /**< number of entries in `matches` */
    const accs_match *matches; /**< matched words, as offsets into `text` */
    const char *shard;    /**< index the hit came from */
    unsigned page;        /**< page where the passage starts (PDF, 1..);
                               0 for formats without pages */
} accs_hit;

/** The order of hits. */
typedef enum {
    ACCS_SORT_RELEVANCE = 0, /**< best first (default) */
    ACCS_SORT_NEWEST,        /**< by document date, newest first; the same
                                  date best first; undated documents last */
    ACCS_SORT_OLDEST         /**< by document date, oldest first; undated
                                  documents last */
} accs_sort;

/** Options for accs_search(). */
typedef struct {
    unsigned version;        /**< ACCS_SEARCH_OPTIONS_VERSION */
    size_t limit;            /**< hits to return (0: 10) */
    size_t offset;           /**< hits to skip */
    int per_doc;             /**< passages per document (0: 2; <0: no limit) */
    const char *lang;        /**< query language "nl"/"en"; NULL: detect */
    int no_synonyms;         /**< do not expand synonyms */
    const char *synonyms_file; /**< extra synonym file, or NULL */
    const char *hl_start;    /**< highlight start marker (NULL: "[") */
    const char *hl_end;      /**< highlight end marker (NULL: "]") */
    unsigned snippet_words;  /**< snippet length in words (0: 40) */
    int no_stopwords;        /**< keep stopwords in ranked queries */
    int no_compounds;        /**< do not match Dutch compound parts */
    int is_plain;            /**< treat the query as plain words: no
                                  operators, quotes or fields */
    accs_sort sort;          /**< order of hits (version 2 on) */
    int prefix_last;         /**< search as you type: the last word, when
                                  the query ends in it, also matches the
                                  words it begins ("gene" finds "geneve";
                                  version 2 on) */
    int facets;              /**< count the matching passages by language,
                                  year and file format (accs_results_facet;
                                  version 2 on; costs a pass over every
                                  match) */
} accs_search_options;

/** Version 2 added `sort`, `prefix_last` and `facets`; a caller built for
 *  version 1 passes 1 and gets none of them. */
#define ACCS_SEARCH_OPTIONS_VERSION 2
#define ACCS_SEARCH_OPTIONS_INIT \
    {ACCS_SEARCH_OPTIONS_VERSION, 0, 0, 0, NULL, 0, NULL, NULL, NULL, 0, 0, 0, 0, \
     ACCS_SORT_RELEVANCE, 0, 0}

/**
 * Initialise `opts` to the defaults.
 * Returns: ACCS_OK; ACCS_EINVAL for an unknown `version`.
 * @since 0.1
 */
ACCS_EXTERN(accs_status)
accs_search_options_init(accs_search_options *opts, unsigned version);

/**
 * Run `query` and return ranked passages.
 *
 * Returns: ACCS_OK (also for zero hits); ACCS_EQUERY for a syntax error,
 * whose message (accs_index_errmsg) names the byte position; ACCS_EINVAL;
 * ACCS_EMODIFIED when the index changed during the search (call
 * accs_index_reopen() and retry; accs_search retries once itself);
 * ACCS_EUNAVAILABLE when a remote shard failed; ACCS_EIO.
 * Lifetime: free the results with accs_results_free(); they do not
 * depend on `idx` and may outlive it.
 * @since 0.1
 */
ACCS_EXTERN(accs_status)
accs_search(accs_results **out, accs_index *idx, const char *query,
            const accs_search_options *opts);

/**
 * Explain how `query` is understood and what it matches, as a search with
 * the same options would run it: each word as analysed (folded form,
 * stopword or not, stems in both languages, Dutch compound parts,
 * synonyms, and in how many passages each form occurs), the query tree
 * with every term's role and document frequency, and the hits with the
 * words marked in them.  Meant for people, not for parsing.
 *
 * @param[out] report_out the report; free with accs_free()
 * Returns: as accs_search().
 * @since 0.1
 */
ACCS_EXTERN(accs_status)
accs_explain(accs_index *idx, const char *query, const accs_search_options *opts,
             char **report_out);

/** Number of hits held (at most the limit).  @since 0.1 */
ACCS_EXTERN(size_t) accs_results_count(const accs_results *res);

/** Estimated number of matching passages in the index.  @since 0.1 */
ACCS_EXTERN(uint64_t) accs_results_total(const accs_results *res);

/**
 * Hit number `i` (0-based), or NULL when `i` is out of range.
 * Lifetime: borrowed from `res`.
 * @since 0.1
 */
ACCS_EXTERN(const accs_hit *)
accs_results_hit(const accs_results *res, size_t i);

/**
 * A suggested correction when the query found little ("Did you mean"), or
 * NULL.  Lifetime: borrowed from `res`.
 * @since 0.1
 */
ACCS_EXTERN(const char *) accs_results_suggestion(const accs_results *res);

/** How many matching passages have one value of a field. */
typedef struct {
    const char *field; /**< "lang", "year" or "type" */
    const char *value; /**< "nl", "2018", "pdf", ...; "" for undated */
    uint64_t passages; /**< matching passages with that value */
    uint64_t documents; /**< documents with a matching passage with that
                             value (a document matching in both languages
                             counts under each) */
} accs_facet;

/**
 * The number of facet counts in `res` (0 unless the search asked for
 * them with `facets`).
 * @since 0.1
 */
ACCS_EXTERN(size_t) accs_results_facet_count(const accs_results *res);

/**
 * Facet count `i`: by field (lang, year, type), then the most documents
 * first (years newest first).  NULL when `i` is out of range.
 * Lifetime: borrowed from `res`.
 * @since 0.1
 */
ACCS_EXTERN(const accs_facet *) accs_results_facet(const accs_results *res, size_t i);

/**
 * The query language used ("nl", "en" or "" when both were tried).
 * Lifetime: borrowed from `res`.
 * @since 0.1
 */
ACCS_EXTERN(const char *) accs_results_lang(const accs_results *res);

/** Free results.  Accepts NULL.  @since 0.1 */
ACCS_EXTERN(void) accs_results_free(accs_results *res);

/** @} */

ACCS_END_DECLS

#endif /* ACCSEARCH_H */
