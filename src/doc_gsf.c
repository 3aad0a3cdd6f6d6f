/* SPDX-License-Identifier: MIT */
/* The Word 97-2003 container module (see doc_module.h): libgsf opens the
 * OLE2 compound file in memory and reads its streams.  Built as its own
 * shared object, opened on first use. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>

#include "doc_module.h"

static pthread_once_t gsf_once = PTHREAD_ONCE_INIT;

/* libgsf reports what it finds wrong in a damaged file (a directory that
 * loops, a stream cut short) as GLib warnings and criticals on
 * stderr, besides failing; the failure is what the library reports, once,
 * with the file's name. */
static void
quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)domain;
    (void)level;
    (void)msg;
    (void)data;
}

static void
gsf_setup(void)
{
    /* gsf_init registers libgsf's types; worker threads then open files
     * at the same time. */
    gsf_init();
    static const char *const domains[] = {"libgsf", "libgsf:msole", "libgsf:MSOLE"};
    for (size_t i = 0; i < sizeof domains / sizeof domains[0]; i++)
        g_log_set_handler(domains[i], G_LOG_LEVEL_MASK, quiet, NULL);
}

static uint32_t
le32(const unsigned char *s)
{
    return (uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16 | (uint32_t)s[3] << 24;
}

/* Does the root entry of the directory have siblings?  It has none in a
 * compound file ([MS-CFB]: the root's left and right sibling are
 * NOSTREAM), but libgsf 1.14.50 reads the siblings of a damaged file's
 * root into entries that belong to no storage and are never freed, a few
 * hundred bytes per file.  Such a file is refused before libgsf reads it.
 * Only the header's sector size and first directory sector are read: the
 * root is the first entry of that sector.  What does not fit in the file
 * is left to libgsf to refuse. */
static int
root_has_siblings(const unsigned char *s, size_t len)
{
    if (len < 512)
        return 0;
    unsigned shift = (unsigned)s[0x1E] | (unsigned)s[0x1F] << 8;
    if (shift < 6 || shift > 30) /* what libgsf accepts */
        return 0;
    uint64_t root = ((uint64_t)le32(s + 0x30) + 1) << shift;
    if (root + 0x4C > len)
        return 0;
    return le32(s + root + 0x44) != 0xFFFFFFFFu || le32(s + root + 0x48) != 0xFFFFFFFFu;
}

/* A stream of the root storage, whole, to the sink: 0 when it is not
 * there or was handed over, -1 on an error. */
static int
hand_stream(GsfInfile *ole, const char *name, size_t file_len, const accsi_doc_sink *sink,
            char *err, size_t err_size)
{
    GsfInput *in = gsf_infile_child_by_name(ole, name);
    if (!in)
        return 0;
    gsf_off_t size = gsf_input_size(in);
    int rc = 0;
    /* A stream's sectors are the file's, each once: one larger than the
     * file is damaged, whatever its directory entry says. */
    if (size < 0 || (guint64)size > file_len) {
        snprintf(err, err_size, "damaged compound file: the %s stream is larger than the file",
                 name);
        rc = -1;
    } else {
        const guint8 *data = size ? gsf_input_read(in, (size_t)size, NULL) : (const guint8 *)"";
        if (!data) {
            snprintf(err, err_size, "damaged compound file: cannot read the %s stream", name);
            rc = -1;
        } else if (sink->stream(sink->ctx, name, data, (size_t)size) != 0) {
            snprintf(err, err_size, "out of memory");
            rc = -1;
        }
    }
    g_object_unref(in);
    return rc;
}

__attribute__((visibility("default"))) int
accsi_doc_read_v1(const char *src, size_t len, const char *const *names,
                  const accsi_doc_sink *sink, char *err, size_t err_size)
{
    pthread_once(&gsf_once, gsf_setup);
    if (root_has_siblings((const unsigned char *)src, len)) {
        snprintf(err, err_size, "damaged compound file: its root directory entry has siblings");
        return -1;
    }
    GsfInput *mem = gsf_input_memory_new((const guint8 *)src, (gsf_off_t)len, FALSE);
    if (!mem) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    GError *e = NULL;
    GsfInfile *ole = gsf_infile_msole_new(mem, &e);
    g_object_unref(mem); /* the compound file keeps its own reference */
    if (!ole) {
        snprintf(err, err_size, "not an OLE2 compound file, or a damaged one%s%s",
                 e && e->message ? ": " : "", e && e->message ? e->message : "");
        if (e)
            g_error_free(e);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && names[i]; i++)
        rc = hand_stream(ole, names[i], len, sink, err, err_size);
    g_object_unref(ole);
    return rc;
}
