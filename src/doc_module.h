/* SPDX-License-Identifier: MIT */
/* The interface between the library and its Word 97-2003 container
 * reader, a module built on libgsf (doc_gsf.c) that the library opens
 * with dlopen() the first time it meets a .doc file: libgsf brings GLib
 * and GObject, which no other command should pay for loading (see
 * mail_module.h).
 *
 * The module only opens the OLE2 compound file (the container of a .doc,
 * a FAT file system in a file) and reads its streams; what they mean is
 * the library's business (parse_doc.c).  (libgsf's reader of property
 * sets leaks what it allocated for a value it cannot read, so the summary
 * information is read by the library too.)  Plain C
 * types only, so either side can change inside without the other being
 * rebuilt; ACCSI_DOC_ABI changes when this does. */
#ifndef ACCS_DOC_MODULE_H
#define ACCS_DOC_MODULE_H

#include <stddef.h>

#define ACCSI_DOC_ABI 1
#define ACCSI_DOC_ENTRY "accsi_doc_read_v1"
#define ACCSI_DOC_MODULE "accsearch-doc.so"

typedef struct {
    void *ctx;
    /* A stream of the root storage, whole, for each name asked for that
     * the file has.  The data is the module's, valid during the call.
     * Returns 0 to go on, -1 to stop (out of memory). */
    int (*stream)(void *ctx, const char *name, const unsigned char *data, size_t len);
} accsi_doc_sink;

/* Open the compound file of `len` bytes at `src` and hand the streams
 * named in `names` (NULL-terminated), in that order, to `sink`: 0,
 * or -1 with a message in `err` when it is no compound file, a damaged
 * one, or a stream asked for cannot be read.  The module's entry point,
 * ACCSI_DOC_ENTRY, is this function. */
typedef int (*accsi_doc_read_fn)(const char *src, size_t len, const char *const *names,
                                 const accsi_doc_sink *sink, char *err, size_t err_size);
int accsi_doc_read_v1(const char *src, size_t len, const char *const *names,
                      const accsi_doc_sink *sink, char *err, size_t err_size);

#endif
