/* SPDX-License-Identifier: MIT */
/* The mail reader module (see mail_module.h): GMime parses the message,
 * and this walks its parts in order and hands their decoded content to
 * the library.  Built as its own shared object, opened on first use. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <gmime/gmime.h>

#include "mail_module.h"

/* Attached messages inside attached messages: deeper ones are left out;
 * and parts nested deeper than this in all. */
#define MAX_DEPTH 8
#define MAX_NESTING 200

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void
gmime_setup(void)
{
    g_mime_init();
}

static void
address_header(const accsi_mail_sink *sink, int depth, const char *name,
               InternetAddressList *list)
{
    if (!list || internet_address_list_length(list) == 0)
        return;
    char *s = internet_address_list_to_string(list, NULL, FALSE);
    if (s && *s)
        sink->header(sink->ctx, depth, name, s);
    g_free(s);
}

static void
headers(const accsi_mail_sink *sink, int depth, GMimeMessage *msg)
{
    const char *subject = g_mime_message_get_subject(msg);
    if (subject && *subject)
        sink->header(sink->ctx, depth, "subject", subject);
    address_header(sink, depth, "from", g_mime_message_get_from(msg));
    address_header(sink, depth, "to", g_mime_message_get_to(msg));
    address_header(sink, depth, "cc", g_mime_message_get_cc(msg));
    GDateTime *date = g_mime_message_get_date(msg);
    if (date) {
        char *ymd = g_date_time_format(date, "%Y-%m-%d");
        if (ymd)
            sink->header(sink->ctx, depth, "date", ymd);
        g_free(ymd);
    }
}

static int
is_type(GMimeObject *o, const char *type, const char *subtype)
{
    GMimeContentType *ct = g_mime_object_get_content_type(o);
    return ct && g_mime_content_type_is_type(ct, type, subtype);
}

static void
leaf(const accsi_mail_sink *sink, int depth, GMimePart *part)
{
    GMimeObject *o = (GMimeObject *)part;
    GMimeContentType *ct = g_mime_object_get_content_type(o);
    char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
    const char *filename = g_mime_part_get_filename(part);
    if (GMIME_IS_TEXT_PART(o)) {
        /* Converted from the charset the part declares, when it does. */
        char *text = g_mime_text_part_get_text((GMimeTextPart *)part);
        if (text)
            sink->part(sink->ctx, depth, type ? type : "text/plain", filename, text,
                       strlen(text));
        g_free(text);
    } else if (filename || accsi_mail_type_ext(type)) {
        /* An attachment says what format it is in by its name, or by a
         * type that names a format. */
        GMimeDataWrapper *content = g_mime_part_get_content(part);
        GMimeStream *mem = content ? g_mime_stream_mem_new() : NULL;
        if (mem && g_mime_data_wrapper_write_to_stream(content, mem) >= 0) {
            GByteArray *bytes = g_mime_stream_mem_get_byte_array((GMimeStreamMem *)mem);
            sink->part(sink->ctx, depth, type ? type : "application/octet-stream", filename,
                       (const char *)bytes->data, bytes->len);
        }
        if (mem)
            g_object_unref(mem);
    }
    g_free(type);
}

static void walk(const accsi_mail_sink *sink, int depth, int nesting, GMimeObject *o);

/* Of the versions of a multipart/alternative, plain text is read: it is
 * what the sender wrote or close to it, and its lines are the message's.
 * Without one, the first HTML version, or else the last version. */
static GMimeObject *
alternative(GMimeMultipart *mp)
{
    int n = g_mime_multipart_get_count(mp);
    GMimeObject *html = NULL, *last = NULL;
    for (int i = 0; i < n; i++) {
        GMimeObject *o = g_mime_multipart_get_part(mp, i);
        if (!o)
            continue;
        if (is_type(o, "text", "plain"))
            return o;
        if (!html && (is_type(o, "text", "html") || is_type(o, "multipart", "related")))
            html = o;
        last = o;
    }
    return html ? html : last;
}

static void
walk(const accsi_mail_sink *sink, int depth, int nesting, GMimeObject *o)
{
    if (nesting > MAX_NESTING)
        return;
    if (GMIME_IS_MESSAGE_PART(o)) {
        GMimeMessage *msg = g_mime_message_part_get_message((GMimeMessagePart *)o);
        if (msg && depth < MAX_DEPTH) {
            headers(sink, depth + 1, msg);
            GMimeObject *body = g_mime_message_get_mime_part(msg);
            if (body)
                walk(sink, depth + 1, nesting + 1, body);
        }
    } else if (GMIME_IS_MULTIPART(o)) {
        GMimeMultipart *mp = (GMimeMultipart *)o;
        if (is_type(o, "multipart", "alternative")) {
            GMimeObject *pick = alternative(mp);
            if (pick)
                walk(sink, depth, nesting + 1, pick);
            return;
        }
        int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n; i++) {
            GMimeObject *child = g_mime_multipart_get_part(mp, i);
            if (child)
                walk(sink, depth, nesting + 1, child);
        }
    } else if (GMIME_IS_PART(o)) {
        leaf(sink, depth, (GMimePart *)o);
    }
}

__attribute__((visibility("default"))) int
accsi_mail_read_v1(const char *src, size_t len, const accsi_mail_sink *sink, char *err,
                   size_t err_size)
{
    pthread_once(&gmime_once, gmime_setup);
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(src, len);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
    int rc = 0;
    if (msg) {
        headers(sink, 0, msg);
        GMimeObject *body = g_mime_message_get_mime_part(msg);
        if (body)
            walk(sink, 0, 0, body);
        g_object_unref(msg);
    } else {
        snprintf(err, err_size, "not a mail message");
        rc = -1;
    }
    g_object_unref(parser);
    g_object_unref(stream);
    return rc;
}
