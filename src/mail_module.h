/* SPDX-License-Identifier: MIT */
/* The interface between the library and its mail reader, a module built
 * on GMime (mail_gmime.c) that the library opens with dlopen() the first
 * time it meets a mail file.  GMime and GLib bring fifteen libraries with
 * them; linked into the library, loading them would add about 6 ms to
 * every command, mail or not.
 *
 * The module knows nothing of the library: it gets the message's bytes
 * and reports what it finds through the callbacks below, in the order of
 * the message.  Plain C types only, so either side can change inside
 * without the other being rebuilt; ACCSI_MAIL_ABI changes when this does. */
#ifndef ACCS_MAIL_MODULE_H
#define ACCS_MAIL_MODULE_H

#include <stddef.h>
#include <strings.h>

#define ACCSI_MAIL_ABI 1
#define ACCSI_MAIL_ENTRY "accsi_mail_read_v1"
#define ACCSI_MAIL_MODULE "accsearch-mail.so"

typedef struct {
    void *ctx;
    /* A header of the message, or of a message attached to it (`depth`
     * > 0), decoded to UTF-8: "subject", "from", "to", "cc", and "date"
     * as "YYYY-MM-DD" in the sender's time zone. */
    void (*header)(void *ctx, int depth, const char *name, const char *value);
    /* A leaf part's content with its transfer encoding undone.  Text
     * parts (`type` "text/...") are converted to UTF-8; other parts are
     * their bytes.  `filename` is NULL when the part names none; of the
     * versions of a multipart/alternative only the one to read comes. */
    void (*part)(void *ctx, int depth, const char *type, const char *filename,
                 const char *data, size_t len);
} accsi_mail_sink;

/* The file name extension that an attachment of MIME type `type` would
 * have, for the types the library reads (Word, RTF, PDF, OOXML, ODF,
 * EPUB), or NULL.  An attachment without a file name is passed to the
 * sink only when its type is one of these: others say nothing of their
 * format, and are mostly pictures. */
static inline const char *
accsi_mail_type_ext(const char *type)
{
    static const struct {
        const char *type, *ext;
    } known[] = {
        {"application/msword", ".doc"},
        {"application/rtf", ".rtf"},
        {"application/pdf", ".pdf"},
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
        {"application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"},
        {"application/vnd.oasis.opendocument.text", ".odt"},
        {"application/vnd.oasis.opendocument.spreadsheet", ".ods"},
        {"application/vnd.oasis.opendocument.presentation", ".odp"},
        {"application/epub+zip", ".epub"},
    };
    for (size_t i = 0; type && i < sizeof known / sizeof known[0]; i++)
        if (strcasecmp(type, known[i].type) == 0)
            return known[i].ext;
    return NULL;
}

/* Read a message: 0, or -1 with a message in `err`.  The module's
 * entry point, ACCSI_MAIL_ENTRY, is this function. */
typedef int (*accsi_mail_read_fn)(const char *src, size_t len, const accsi_mail_sink *sink,
                                  char *err, size_t err_size);
int accsi_mail_read_v1(const char *src, size_t len, const accsi_mail_sink *sink, char *err,
                       size_t err_size);

#endif
