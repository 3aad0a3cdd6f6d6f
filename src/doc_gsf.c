/* SPDX-License-Identifier: MIT */
/* The Word 97-2003 container module (see doc_module.h): libgsf opens the
 * OLE2 compound file in memory and reads its streams and its summary
 * information.  Built as its own shared object, opened on first use. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <gsf/gsf-doc-meta-data.h>
#include <gsf/gsf-docprop-vector.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-meta-names.h>
#include <gsf/gsf-msole-utils.h>
#include <gsf/gsf-timestamp.h>
#include <gsf/gsf-utils.h>

#include "doc_module.h"

static pthread_once_t gsf_once = PTHREAD_ONCE_INIT;

/* libgsf reports what it finds wrong in a damaged file (a sector chain
 * that loops, a property cut short) as GLib warnings and criticals on
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

static void
title_property(GsfDocMetaData *md, const accsi_doc_sink *sink)
{
    GsfDocProp *prop = gsf_doc_meta_data_lookup(md, GSF_META_NAME_TITLE);
    const GValue *v = prop ? gsf_doc_prop_get_val(prop) : NULL;
    if (v && G_VALUE_HOLDS_STRING(v) && g_value_get_string(v))
        sink->property(sink->ctx, "title", g_value_get_string(v));
}

static void
created_property(GsfDocMetaData *md, const accsi_doc_sink *sink)
{
    GsfDocProp *prop = gsf_doc_meta_data_lookup(md, GSF_META_NAME_DATE_CREATED);
    const GValue *v = prop ? gsf_doc_prop_get_val(prop) : NULL;
    if (!v || !VAL_IS_GSF_TIMESTAMP(v))
        return;
    const GsfTimestamp *ts = g_value_get_boxed(v);
    if (!ts || ts->timet == 0) /* no time set */
        return;
    time_t t = (time_t)ts->timet;
    struct tm tm;
    char ymd[32];
    if (gmtime_r(&t, &tm) && strftime(ymd, sizeof ymd, "%Y-%m-%d", &tm))
        sink->property(sink->ctx, "created", ymd);
}

/* Title and creation date from the summary information, when there is
 * one that can be read: a document without them is still read. */
static void
hand_properties(GsfInfile *ole, const accsi_doc_sink *sink)
{
    GsfInput *in = gsf_infile_child_by_name(ole, "\005SummaryInformation");
    if (!in)
        return;
    GsfDocMetaData *md = gsf_doc_meta_data_new();
    GError *e = md ? gsf_doc_meta_data_read_from_msole(md, in) : NULL;
    if (e) {
        g_error_free(e);
    } else if (md) {
        title_property(md, sink);
        created_property(md, sink);
    }
    if (md)
        g_object_unref(md);
    g_object_unref(in);
}

__attribute__((visibility("default"))) int
accsi_doc_read_v1(const char *src, size_t len, const char *const *names,
                  const accsi_doc_sink *sink, char *err, size_t err_size)
{
    pthread_once(&gsf_once, gsf_setup);
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
    if (rc == 0)
        hand_properties(ole, sink);
    g_object_unref(ole);
    return rc;
}
