/* SPDX-License-Identifier: MIT */
/* Parse stage, first step: what encoding a file's bytes are in, and their
 * conversion to UTF-8 with a map back to the file's offsets.
 *
 * Most files are UTF-8.  Two other encodings are common in the folders
 * people index and are read as such rather than skipped or mangled:
 * UTF-16 (what Windows editors save as "Unicode"; with a byte-order mark,
 * or recognised by its zero bytes) and Windows-1252 (Latin-1 and its
 * superset, the usual encoding of older Dutch and English text: "Genève"
 * as 47 65 6E E8 76 65).  Both are converted here, character by
 * character, so that every offset in the converted text can be taken back
 * to the file exactly. */
#include <stdlib.h>
#include <string.h>

#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "parse.h"

#define SNIFF_BYTES 8192

static int
is_control(uint32_t c)
{
    return c < 32 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
           c != 27;
}

/* UTF-16 without a byte-order mark: text that is mostly ASCII has a zero
 * byte in (nearly) every high half and (nearly) never in a low half. */
static accsi_encoding
sniff_utf16(const unsigned char *d, size_t n)
{
    size_t pairs = n / 2, zero_even = 0, zero_odd = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        zero_even += d[i] == 0;
        zero_odd += d[i + 1] == 0;
    }
    if (pairs < 2)
        return ACCSI_ENC_BINARY;
    if (zero_odd * 10 >= pairs * 6 && zero_even * 20 <= pairs)
        return ACCSI_ENC_UTF16LE;
    if (zero_even * 10 >= pairs * 6 && zero_odd * 20 <= pairs)
        return ACCSI_ENC_UTF16BE;
    return ACCSI_ENC_BINARY;
}

/* Too many control characters among the first code units of UTF-16? */
static int
utf16_looks_binary(const unsigned char *d, size_t n, accsi_encoding enc)
{
    size_t units = 0, ctrl = 0;
    for (size_t i = 0; i + 1 < n; i += 2, units++) {
        uint32_t u = enc == ACCSI_ENC_UTF16LE ? (uint32_t)d[i] | (uint32_t)d[i + 1] << 8
                                              : (uint32_t)d[i] << 8 | d[i + 1];
        ctrl += u == 0 || is_control(u);
    }
    return ctrl * 10 > units;
}

accsi_encoding
accsi_detect_encoding(const char *data, size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
        return ACCSI_ENC_UTF8;
    if (len >= 4 && (memcmp(d, "\xFF\xFE\0\0", 4) == 0 || memcmp(d, "\0\0\xFE\xFF", 4) == 0))
        return ACCSI_ENC_BINARY; /* UTF-32: not read */
    if (len >= 2 && (memcmp(d, "\xFF\xFE", 2) == 0 || memcmp(d, "\xFE\xFF", 2) == 0)) {
        accsi_encoding e = d[0] == 0xFF ? ACCSI_ENC_UTF16LE : ACCSI_ENC_UTF16BE;
        return utf16_looks_binary(d + 2, n - 2, e) ? ACCSI_ENC_BINARY : e;
    }
    /* Judged on the first 8 KiB, as grep and git do: a NUL byte means
     * binary, unless the zeros are those of UTF-16; so do many control
     * characters. */
    if (memchr(d, 0, n)) {
        accsi_encoding e = sniff_utf16(d, n);
        if (e != ACCSI_ENC_BINARY && utf16_looks_binary(d, n, e))
            e = ACCSI_ENC_BINARY;
        return e;
    }
    size_t ctrl = 0;
    for (size_t i = 0; i < n; i++)
        ctrl += is_control(d[i]);
    if (ctrl * 10 > n)
        return ACCSI_ENC_BINARY;
    /* Then the whole file: valid UTF-8 sequences of two bytes or more
     * against invalid ones.  Text in Windows-1252 has only invalid ones
     * ("Gen\xE8ve"), or a few that happen to look like UTF-8; UTF-8 with
     * some damage has mostly valid ones, and is repaired.  Mostly bytes
     * above 0x7F, and no UTF-8 among them, is no Western text: binary. */
    size_t good = 0, bad = 0, high = 0;
    for (size_t i = 0; i < len;) {
        if (d[i] < 0x80) {
            i++;
            continue;
        }
        UChar32 c;
        int32_t off = 0;
        int32_t chunk = len - i < 8 ? (int32_t)(len - i) : 8;
        U8_NEXT(d + i, off, chunk, c);
        if (c < 0) {
            bad++;
            high += (size_t)off;
        } else {
            good++;
        }
        i += (size_t)off;
    }
    if (bad == 0)
        return ACCSI_ENC_UTF8;
    if (bad > good)
        return high * 4 <= len ? ACCSI_ENC_CP1252 : ACCSI_ENC_BINARY;
    return ACCSI_ENC_UTF8;
}

const char *
accsi_encoding_name(accsi_encoding e)
{
    switch (e) {
    case ACCSI_ENC_UTF8:
        return "UTF-8";
    case ACCSI_ENC_UTF16LE:
        return "UTF-16LE";
    case ACCSI_ENC_UTF16BE:
        return "UTF-16BE";
    case ACCSI_ENC_CP1252:
        return "windows-1252";
    default:
        return "binary";
    }
}

/* Windows-1252 at 0x80-0x9F, where it differs from Latin-1; 0: undefined. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

uint32_t
accsi_cp1252_char(unsigned char b)
{
    uint32_t c = b < 0x80 || b >= 0xA0 ? b : cp1252_high[b - 0x80];
    return c || !b ? c : 0xFFFD;
}

uint32_t
accsi_utf16_join(uint32_t *high, uint32_t unit, int *orphan)
{
    if (*high && unit >= 0xDC00 && unit <= 0xDFFF) {
        uint32_t c = 0x10000 + ((*high - 0xD800) << 10) + (unit - 0xDC00);
        *high = 0;
        *orphan = 0;
        return c;
    }
    *orphan = *high != 0;
    *high = 0;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        *high = unit;
        return ACCSI_UTF16_WAIT;
    }
    if ((unit >= 0xDC00 && unit <= 0xDFFF) || unit == 0xFFFE || unit == 0xFFFF || unit > 0x10FFFF)
        return 0xFFFD;
    return unit;
}

/* The character at byte `*i` of the file; moves `*i` past it.  Whatever
 * cannot be read (invalid UTF-8, an unpaired surrogate, a byte
 * Windows-1252 leaves undefined, an odd last byte) is U+FFFD, and a NUL
 * is a space (it would end C strings and separate stored fields); both
 * count in `*bad`. */
static UChar32
next_char(const unsigned char *d, size_t len, accsi_encoding enc, size_t *i, unsigned *bad)
{
    UChar32 c;
    if (enc == ACCSI_ENC_CP1252) {
        c = (UChar32)accsi_cp1252_char(d[(*i)++]);
        if (c == 0xFFFD) {
            (*bad)++;
            return 0xFFFD;
        }
    } else if (enc == ACCSI_ENC_UTF16LE || enc == ACCSI_ENC_UTF16BE) {
        int le = enc == ACCSI_ENC_UTF16LE;
        if (*i + 2 > len) {
            *i = len;
            (*bad)++;
            return 0xFFFD;
        }
        UChar u = le ? (UChar)(d[*i] | d[*i + 1] << 8) : (UChar)(d[*i] << 8 | d[*i + 1]);
        *i += 2;
        c = u;
        if (U16_IS_SURROGATE(u)) {
            UChar t = 0;
            if (U16_IS_LEAD(u) && *i + 2 <= len)
                t = le ? (UChar)(d[*i] | d[*i + 1] << 8) : (UChar)(d[*i] << 8 | d[*i + 1]);
            if (!U16_IS_TRAIL(t)) {
                (*bad)++;
                return 0xFFFD;
            }
            *i += 2;
            c = U16_GET_SUPPLEMENTARY(u, t);
        }
    } else {
        int32_t off = 0;
        int32_t chunk = len - *i < 8 ? (int32_t)(len - *i) : 8;
        U8_NEXT(d + *i, off, chunk, c);
        *i += (size_t)off;
        if (c < 0) {
            (*bad)++;
            return 0xFFFD;
        }
    }
    if (c == 0) {
        (*bad)++;
        return ' ';
    }
    return c;
}

static int
put_pair(uint64_t **arr, size_t *n, size_t *cap, uint64_t a, uint64_t b)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        uint64_t *m = realloc(*arr, c * 2 * sizeof *m);
        if (!m)
            return 0;
        *arr = m;
        *cap = c;
    }
    (*arr)[*n * 2] = a;
    (*arr)[*n * 2 + 1] = b;
    (*n)++;
    return 1;
}

static int
put_line(accsi_decoded *dec, size_t *cap, uint64_t start)
{
    if (!accsi_grow((void **)&dec->lines, cap, dec->n_lines, sizeof *dec->lines))
        return 0;
    dec->lines[dec->n_lines++] = start;
    return 1;
}

static size_t
skip_bom(const char *src, size_t len, accsi_encoding enc)
{
    if ((enc == ACCSI_ENC_UTF16LE && len >= 2 && memcmp(src, "\xFF\xFE", 2) == 0) ||
        (enc == ACCSI_ENC_UTF16BE && len >= 2 && memcmp(src, "\xFE\xFF", 2) == 0))
        return 2;
    return 0;
}

accs_status
accsi_decode(const char *src, size_t len, accsi_encoding enc, accsi_decoded *dec)
{
    memset(dec, 0, sizeof *dec);
    accsi_buf_init(&dec->text);
    if (enc == ACCSI_ENC_BINARY)
        enc = ACCSI_ENC_UTF8;
    const unsigned char *d = (const unsigned char *)src;
    size_t i = skip_bom(src, len, enc), cap_map = 0, cap_lines = 0;
    int ok = put_line(dec, &cap_lines, 0);
    accsi_buf_reserve(&dec->text, enc == ACCSI_ENC_UTF8 ? len + 16 : len + len / 2 + 16);
    for (size_t k = 0; ok && i < len; k++) {
        if (k % ACCSI_DECODE_STRIDE == 0)
            ok = put_pair(&dec->map, &dec->n_map, &cap_map, dec->text.len, i);
        UChar32 c = next_char(d, len, enc, &i, &dec->n_replaced);
        char u8[4];
        int32_t n = 0;
        U8_APPEND_UNSAFE(u8, n, c);
        accsi_buf_add(&dec->text, u8, (size_t)n);
        if (c == '\n' && ok)
            ok = put_line(dec, &cap_lines, i);
    }
    if (!ok || dec->text.failed) {
        accsi_decoded_free(dec);
        return ACCS_ENOMEM;
    }
    return ACCS_OK;
}

void
accsi_decoded_free(accsi_decoded *dec)
{
    accsi_buf_free(&dec->text);
    free(dec->map);
    free(dec->lines);
    dec->map = dec->lines = NULL;
    dec->n_map = dec->n_lines = 0;
}

uint64_t
accsi_decoded_file_offset(const char *src, size_t len, accsi_encoding enc,
                          const uint64_t *map, size_t n_map, uint64_t off)
{
    /* The last checkpoint at or before `off`, then character by character
     * (fewer than ACCSI_DECODE_STRIDE) to it. */
    size_t l = 0, h = n_map;
    while (l < h) {
        size_t mid = (l + h) / 2;
        if (map[mid * 2] <= off)
            l = mid + 1;
        else
            h = mid;
    }
    if (l == 0)
        return skip_bom(src, len, enc);
    uint64_t out = map[(l - 1) * 2];
    size_t i = (size_t)map[(l - 1) * 2 + 1];
    unsigned bad = 0;
    while (out < off && i < len) {
        UChar32 c = next_char((const unsigned char *)src, len, enc, &i, &bad);
        out += (uint64_t)U8_LENGTH(c);
    }
    return i;
}
