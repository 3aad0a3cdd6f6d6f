// SPDX-License-Identifier: MIT
// The one file that speaks C++ and Xapian.  Every function is extern "C",
// catches every exception and turns it into an accs_status plus a message
// (see map_exception).  No C++ object is visible outside this file.
#include <xapian.h>
#include <zstd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include <dirent.h>
#include <sys/stat.h>

#include "reserve.h"
#include "schema.h"
#include "xapian_shim.h"

struct accsi_xdb {
    Xapian::Database *rdb;          // the database searched (either kind)
    Xapian::WritableDatabase *wdb;  // set for a writer
    std::vector<std::string> names; // sub-databases opened, in order
    std::vector<std::string> paths; // what the caller asked for
    int allow_partial;
    int scratch;                    // a writer whose changes cannot be
                                    // cancelled (see accsi_xdb_open_write_flags)
    int broken;                     // a write failed and could not be
                                    // undone: no more commits
    // What the changes since the last commit may add to the values (see
    // value_room): their bytes, and the spans of 64 document ids in which
    // earlier documents changed (plus one for each deleted file).
    uint64_t pending_value_bytes;
    std::unordered_set<uint32_t> pending_spans;
    uint64_t pending_deletes;
    std::string missing;            // databases left out, ", "-separated
    int guard_state;                // 0 not looked for, 1 found, -1 none
    Xapian::Query guard;            // see build_query
};

struct accsi_xmset {
    Xapian::MSet mset;
    std::vector<Xapian::Document> docs;   // loaded lazily by Xapian
    std::vector<std::string> data;        // filled on first request
    std::vector<char> have_data;
    std::vector<std::string> values;      // scratch for accsi_xmset_value
    std::vector<std::string> keys;        // values of slot `key_slot`
    std::vector<char> have_key;
    int key_slot;                         // the collapse slot, or the
                                          // document key's
    std::vector<double> weights;
    std::vector<unsigned> shards;
    std::vector<std::pair<std::string, uint64_t>> facets;
};

// Stored data.  Xapian 1.4 deflates every document's data with zlib at
// level 6 as it is added; for passages of a few hundred bytes that took
// about a twentieth of a build's time.  The data goes to value slot
// ACCSI_SLOT_DATA instead, which Xapian keeps as it is, compressed here
// by zstd's fastest level: three times faster, nearly the same size.  A
// first byte tells how the rest is kept.
static const char kDataRaw = 'r';
static const char kDataZstd = 'z';
static const size_t kDataCompressMin = 64;        // shorter does not shrink
static const unsigned long long kDataMax = 1ull << 30; // a sanity bound

// A writer or a search runs on one thread at a time, so each thread keeps
// its own zstd contexts (about a megabyte for writing).
struct zstd_contexts {
    ZSTD_CCtx *c = nullptr;
    ZSTD_DCtx *d = nullptr;
    ~zstd_contexts()
    {
        ZSTD_freeCCtx(c);
        ZSTD_freeDCtx(d);
    }
};
static thread_local zstd_contexts zstd_ctx;

static void
pack_data(const char *data, size_t len, std::string &out)
{
    if (len >= kDataCompressMin) {
        if (!zstd_ctx.c && !(zstd_ctx.c = ZSTD_createCCtx()))
            throw std::bad_alloc();
        size_t bound = ZSTD_compressBound(len);
        out.resize(1 + bound);
        size_t n = ZSTD_compressCCtx(zstd_ctx.c, &out[1], bound, data, len, 1);
        if (!ZSTD_isError(n) && n < len) {
            out[0] = kDataZstd;
            out.resize(1 + n);
            return;
        }
    }
    out.assign(1, kDataRaw);
    out.append(data, len);
}

// A document's stored data; an index that holds something else is damaged.
static std::string
document_data(const Xapian::Document &doc)
{
    std::string v = doc.get_value(ACCSI_SLOT_DATA);
    if (v.empty())
        return v;
    if (v[0] == kDataRaw)
        return v.substr(1);
    if (v[0] == kDataZstd) {
        unsigned long long size = ZSTD_getFrameContentSize(v.data() + 1, v.size() - 1);
        if (size <= kDataMax) { // also rules out the error codes
            if (!zstd_ctx.d && !(zstd_ctx.d = ZSTD_createDCtx()))
                throw std::bad_alloc();
            std::string out(size, '\0');
            size_t n = ZSTD_decompressDCtx(zstd_ctx.d, &out[0], out.size(),
                                           v.data() + 1, v.size() - 1);
            if (!ZSTD_isError(n) && n == size)
                return out;
        }
    }
    throw Xapian::DatabaseCorruptError("document " + std::to_string(doc.get_docid()) +
                                       ": its stored data is damaged");
}

// What a write that ran out of disk says, wherever it failed.
static const char kDiskFull[] = "the disk is full; the index stays at its last commit";

// Xapian's message plus the system's reason when it has one ("No space
// left on device").
static std::string
detail_of(const Xapian::Error &e)
{
    std::string d = e.get_msg();
    const char *sys = e.get_error_string();
    if (sys && *sys)
        d += std::string(" (") + sys + ")";
    return d;
}

static void
set_err(accsi_err *err, const char *what, const std::string &detail)
{
    if (!err)
        return;
    std::snprintf(err->msg, sizeof err->msg, "%s%s%s", what,
                  detail.empty() ? "" : ": ", detail.c_str());
}

// Rethrow the exception being handled and map it to a status.  Ordered from
// the most derived exception to the least.
static accs_status
map_exception(accsi_err *err)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        set_err(err, "index is locked by another writer", detail_of(e));
        return ACCS_ELOCKED;
    } catch (const Xapian::DatabaseVersionError &e) {
        set_err(err, "unsupported index format", detail_of(e));
        return ACCS_EVERSION;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        set_err(err, "no index found", detail_of(e));
        return ACCS_ENOTFOUND;
    } catch (const Xapian::DatabaseOpeningError &e) {
        set_err(err, "cannot open index", detail_of(e));
        return ACCS_ENOTFOUND;
    } catch (const Xapian::DatabaseModifiedError &e) {
        set_err(err, "index was modified", detail_of(e));
        return ACCS_EMODIFIED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        set_err(err, "index is corrupt", detail_of(e));
        return ACCS_ECORRUPT;
    } catch (const Xapian::NetworkTimeoutError &e) {
        set_err(err, "remote index timed out", detail_of(e));
        return ACCS_EUNAVAILABLE;
    } catch (const Xapian::NetworkError &e) {
        set_err(err, "remote index unavailable", detail_of(e));
        return ACCS_EUNAVAILABLE;
    } catch (const Xapian::DatabaseError &e) {
        // A reader that opens a table lazily after a compaction swapped a
        // new database in reads the new file with the old revision's block
        // numbers: a retry on a fresh open succeeds.  (A file that really
        // is truncated fails every retry, and is reported as corrupt.)
        if (e.get_msg().find("EOF reading block") != std::string::npos) {
            set_err(err, "index is corrupt or was replaced while being read", detail_of(e));
            return ACCS_ECORRUPT;
        }
        // A failed commit wraps the write's error in its message.
        const char *sys = e.get_error_string();
        if ((sys && std::strstr(sys, "No space left")) ||
            e.get_msg().find("No space left") != std::string::npos) {
            set_err(err, kDiskFull,
                    detail_of(e));
            return ACCS_EIO;
        }
        set_err(err, "index input/output failed", detail_of(e));
        return ACCS_EIO;
    } catch (const Xapian::InvalidArgumentError &e) {
        set_err(err, "invalid argument", detail_of(e));
        return ACCS_EINVAL;
    } catch (const Xapian::RangeError &e) {
        set_err(err, "out of range", detail_of(e));
        return ACCS_EINVAL;
    } catch (const Xapian::Error &e) {
        set_err(err, "Xapian error", e.get_description());
        return ACCS_EINTERNAL;
    } catch (const std::bad_alloc &) {
        set_err(err, "out of memory", "");
        return ACCS_ENOMEM;
    } catch (const std::exception &e) {
        set_err(err, "internal error", e.what());
        return ACCS_EINTERNAL;
    } catch (...) {
        set_err(err, "internal error", "unknown exception");
        return ACCS_EINTERNAL;
    }
}

// Xapian clears a failed change with cancel(), which a scratch database
// (DB_DANGEROUS) does not support: it throws InvalidOperationError instead,
// and the real failure is lost.  Its errno survives, though; say what it
// was (a full disk, most of all).  `saved` is errno on entry to the catch.
static accs_status
map_write_exception(accsi_xdb *db, int saved, accsi_err *err)
{
    if (db->scratch && saved != 0) {
        try {
            throw;
        } catch (const Xapian::InvalidOperationError &) {
            if (saved == ENOSPC) {
                set_err(err, kDiskFull,
                        std::strerror(saved));
                return ACCS_EIO;
            }
            set_err(err, "index input/output failed", std::strerror(saved));
            return ACCS_EIO;
        } catch (...) {
        }
    }
    return map_exception(err);
}

// Open one database name: a local folder, or tcp://host:port.
static Xapian::Database
open_one(const std::string &name)
{
    if (name.compare(0, 6, "tcp://") == 0) {
        std::string rest = name.substr(6);
        size_t colon = rest.rfind(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 >= rest.size())
            throw Xapian::InvalidArgumentError("remote index must be tcp://HOST:PORT: " + name);
        char *end = nullptr;
        unsigned long port = std::strtoul(rest.c_str() + colon + 1, &end, 10);
        if (*end != '\0' || port == 0 || port > 65535)
            throw Xapian::InvalidArgumentError("bad port in " + name);
        // Timeouts in milliseconds: 10 s for a request, 3 s to connect.
        return Xapian::Remote::open(rest.substr(0, colon), (unsigned)port, 10000, 3000);
    }
    return Xapian::Database(name, Xapian::DB_OPEN);
}

extern "C" {

accs_status
accsi_xdb_open_write(accsi_xdb **out, const char *path, int overwrite,
                     accsi_err *err)
{
    return accsi_xdb_open_write_flags(out, path, overwrite ? ACCSI_XDB_OVERWRITE : 0, err);
}

accs_status
accsi_xdb_open_write_flags(accsi_xdb **out, const char *path, int flags,
                           accsi_err *err)
{
    *out = nullptr;
    accsi_xdb *db = nullptr;
    try {
        db = new accsi_xdb();
        db->allow_partial = 0;
        db->paths.push_back(path);
        db->names.push_back(path);
        std::string p(path);
        if (p.compare(0, 6, "tcp://") == 0) {
            std::string rest = p.substr(6);
            size_t colon = rest.rfind(':');
            if (colon == std::string::npos)
                throw Xapian::InvalidArgumentError("remote index must be tcp://HOST:PORT");
            unsigned port = (unsigned)std::atoi(rest.c_str() + colon + 1);
            db->wdb = new Xapian::WritableDatabase(
                Xapian::Remote::open_writable(rest.substr(0, colon), port, 0, 3000));
        } else {
            int xflags = (flags & ACCSI_XDB_OVERWRITE) ? Xapian::DB_CREATE_OR_OVERWRITE
                                                       : Xapian::DB_CREATE_OR_OPEN;
            // Scratch databases that nobody reads and that are thrown away
            // after a crash: no fsync, and blocks updated in place.  Their
            // blocks are twice Xapian's default: each commit of a scratch
            // shard rewrites the last block of every posting list it
            // touches, and larger blocks split less often, in a shallower
            // tree (5-8% less CPU over a 100k-file build; 32 KiB did no
            // better).
            int block = 0;
            if (flags & ACCSI_XDB_SCRATCH) {
                xflags |= Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS;
                block = ACCSI_SCRATCH_BLOCK;
            }
            db->wdb = new Xapian::WritableDatabase(p, xflags, block);
        }
        db->rdb = db->wdb;
        db->scratch = (flags & ACCSI_XDB_SCRATCH) != 0;
        // A scratch database cannot cancel changes, but it is kept inside
        // a transaction too: closing it in the middle of one drops what it
        // holds, where closing it outside would commit it.
        db->wdb->begin_transaction(true);
        *out = db;
        return ACCS_OK;
    } catch (...) {
        accs_status st = map_exception(err);
        if (db) {
            delete db->wdb;
            delete db;
        }
        return st;
    }
}

// Open each of `paths` into `into`.  Those that fail are listed in
// `left_out` (", "-separated) and the first failure is kept in `first`
// (with its path); with `stop_at_first` nothing more is tried after it.
static void
open_each(const std::vector<std::string> &paths, Xapian::Database &into,
          std::vector<std::string> &names, std::string &left_out,
          std::exception_ptr &first, std::string &first_path, bool stop_at_first)
{
    for (const std::string &path : paths) {
        try {
            into.add_database(open_one(path));
            names.push_back(path);
        } catch (const Xapian::Error &) {
            if (!first) {
                first = std::current_exception();
                first_path = path;
            }
            if (!left_out.empty())
                left_out += ", ";
            left_out += path;
            if (stop_at_first)
                return;
        }
    }
}

// Open `db->paths` as one database into `into`, recording in `db` which
// were opened and which were left out (allow_partial).  Returns ACCS_OK or
// a failure already described in `err`.
static accs_status
open_set(accsi_xdb *db, Xapian::Database &into, accsi_buf *missing,
         accsi_err *err)
{
    std::vector<std::string> names;
    std::string left_out, first_path;
    std::exception_ptr first;
    open_each(db->paths, into, names, left_out, first, first_path, !db->allow_partial);
    if (first && !db->allow_partial) {
        accs_status st;
        try {
            std::rethrow_exception(first);
        } catch (...) {
            st = map_exception(err);
        }
        if (err) { // name the failing index in the message
            std::string m = first_path + ": " + err->msg;
            std::snprintf(err->msg, sizeof err->msg, "%s", m.c_str());
        }
        return st;
    }
    if (names.empty()) {
        set_err(err, "no index could be opened", "");
        return ACCS_EUNAVAILABLE;
    }
    db->names.swap(names);
    db->missing.swap(left_out);
    if (missing && !db->missing.empty())
        accsi_buf_adds(missing, db->missing.c_str());
    return ACCS_OK;
}

accs_status
accsi_xdb_open_read(accsi_xdb **out, const char *const *paths, size_t n_paths,
                    int allow_partial, accsi_buf *missing, accsi_err *err)
{
    *out = nullptr;
    accsi_xdb *db = nullptr;
    try {
        db = new accsi_xdb();
        db->wdb = nullptr;
        db->rdb = new Xapian::Database();
        db->allow_partial = allow_partial;
        for (size_t i = 0; i < n_paths; i++)
            db->paths.push_back(paths[i]);
        accs_status st = open_set(db, *db->rdb, missing, err);
        if (st != ACCS_OK) {
            delete db->rdb;
            delete db;
            return st;
        }
        *out = db;
        return ACCS_OK;
    } catch (...) {
        accs_status st = map_exception(err);
        if (db) {
            delete db->rdb;
            delete db;
        }
        return st;
    }
}

void
accsi_xdb_free(accsi_xdb *db)
{
    if (!db)
        return;
    try {
        if (db->wdb && !db->scratch) {
            try {
                db->wdb->cancel_transaction();
            } catch (...) {
            }
            db->wdb->close();
        }
    } catch (...) {
    }
    // A scratch database is still inside its transaction: deleting it
    // drops the uncommitted changes (its cancel fails, and Xapian ignores
    // that in a destructor) instead of committing them.
    try {
        delete db->rdb;
    } catch (...) {
    }
    delete db;
}

int
accsi_xdb_is_writable(const accsi_xdb *db)
{
    return db && db->wdb;
}

int
accsi_xdb_is_scratch(const accsi_xdb *db)
{
    return db && db->scratch;
}

accs_status
accsi_xdb_last_docid(accsi_xdb *db, uint32_t *out, accsi_err *err)
{
    try {
        *out = db->rdb->get_lastdocid();
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

// The room a commit's value changes may need in the postlist table (see
// reserve.h): the new values twice over and 32 blocks for the tree above
// them, plus five blocks (four slots and a parent) for each span of 64
// document ids with a change to earlier documents (a value chunk holds
// more than 64), though never more than the table holds.  Past the cap no
// room is taken, rather than refuse a commit that would likely fit.
static void
value_room(const accsi_xdb *db, int64_t *bytes, int64_t *rewrite)
{
    const int64_t block = 8192, cap = (int64_t)256 << 20;
    int64_t spans = (int64_t)(db->pending_spans.size() + db->pending_deletes);
    *bytes = 32 * block + 2 * (int64_t)db->pending_value_bytes;
    *rewrite = 5 * block * spans;
    if (*bytes > cap || *rewrite > cap)
        *bytes = *rewrite = 0;
}

// Count a change to document `did` (0: a new one) for value_room.
static void
note_change(accsi_xdb *db, uint32_t did, size_t value_bytes)
{
    db->pending_value_bytes += value_bytes;
    if (did != 0)
        db->pending_spans.insert(did >> 6);
}

// After a failed commit: drop what the commit held, so that nothing can
// commit it later, and open a transaction again.  A database that cannot
// cancel (scratch, or one Xapian closed) takes no more commits, and stays
// inside a transaction so that closing it drops its changes.
static void
drop_failed_commit(accsi_xdb *db, bool in_transaction)
{
    if (!db->scratch) {
        try {
            if (!in_transaction)
                db->wdb->begin_transaction(false);
            db->wdb->cancel_transaction();
            db->wdb->begin_transaction(true);
            return;
        } catch (...) {
        }
    }
    db->broken = 1;
    try {
        db->wdb->begin_transaction(false); // throws if inside one already
    } catch (...) {
    }
}

accs_status
accsi_xdb_commit(accsi_xdb *db, accsi_err *err)
{
    if (!db->wdb)
        return accsi_err_set(err, ACCS_EREADONLY, "index is open read-only");
    if (db->broken)
        return accsi_err_set(err, ACCS_EIO,
                             "an earlier write failed; the index stays at its last commit");
    accsi_room room = {-1, 0};
    const std::string &path = db->paths[0];
    if (path.compare(0, 6, "tcp://") != 0) {
        int64_t bytes, rewrite;
        value_room(db, &bytes, &rewrite);
        int e = accsi_room_take(&room, (path + "/postlist.glass").c_str(), bytes, rewrite);
        if (e != 0) {
            drop_failed_commit(db, true);
            set_err(err, e == EFBIG ? "the index would pass the file size limit; "
                                      "it stays at its last commit"
                                    : kDiskFull,
                    std::strerror(e));
            return ACCS_EIO;
        }
    }
    db->pending_value_bytes = db->pending_deletes = 0;
    db->pending_spans.clear();
    bool in_transaction = true;
    errno = 0; /* see map_write_exception */
    try {
        // Opening a value stream makes Xapian write the pending value
        // changes now, while the room is there.
        if (room.fd >= 0)
            (void)db->wdb->valuestream_begin(ACCSI_SLOT_DOC);
        in_transaction = false; // from here on, even if it throws
        db->wdb->commit_transaction();
    } catch (...) {
        int saved = errno;
        accsi_room_give_back(&room);
        accs_status st = map_write_exception(db, saved, err);
        drop_failed_commit(db, in_transaction);
        return st;
    }
    accsi_room_give_back(&room);
    try {
        db->wdb->begin_transaction(true);
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_reopen(accsi_xdb *db, accsi_err *err)
{
    try {
        if (db->wdb) {
            db->rdb->reopen();
            db->guard_state = 0;
            return ACCS_OK;
        }
        // A reader opens afresh rather than calling Database::reopen():
        // after a compaction swapped a new database in, the new revision
        // number can equal the one already open, and reopen() would then
        // keep reading the old files.
        Xapian::Database fresh;
        accs_status st = open_set(db, fresh, nullptr, err);
        if (st != ACCS_OK)
            return st;
        *db->rdb = fresh;
        db->guard_state = 0;
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_get_metadata(accsi_xdb *db, const char *key, char **value_out,
                       accsi_err *err)
{
    *value_out = nullptr;
    try {
        std::string v = db->rdb->get_metadata(key);
        *value_out = accsi_strndup(v.data(), v.size());
        if (!*value_out)
            return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_set_metadata(accsi_xdb *db, const char *key, const char *value,
                       accsi_err *err)
{
    if (!db->wdb)
        return accsi_err_set(err, ACCS_EREADONLY, "index is open read-only");
    try {
        db->wdb->set_metadata(key, value);
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_put_packed(accsi_xdb *db, uint32_t did, const char *terms, size_t terms_len,
                     unsigned unit, const char *values, size_t values_len, const char *data,
                     size_t data_len, accsi_err *err)
{
    if (!db->wdb)
        return accsi_err_set(err, ACCS_EREADONLY, "index is open read-only");
    errno = 0; /* see map_write_exception */
    try {
        Xapian::Document doc;
        size_t i = 0;
        while (i + 7 <= terms_len) {
            char kind = terms[i];
            uint16_t len;
            uint32_t num;
            std::memcpy(&len, terms + i + 1, sizeof len);
            std::memcpy(&num, terms + i + 3, sizeof num);
            i += 7;
            if (i + len > terms_len)
                break;
            std::string term(terms + i, len);
            i += len;
            if (kind == 'P')
                doc.add_posting(term, num, unit);
            else if (kind == 'T')
                doc.add_term(term, num * unit);
            else
                doc.add_boolean_term(term);
        }
        i = 0;
        while (i + 5 <= values_len) {
            unsigned slot = (unsigned char)values[i];
            uint32_t len;
            std::memcpy(&len, values + i + 1, sizeof len);
            i += 5;
            if (i + len > values_len)
                break;
            doc.add_value(slot, std::string(values + i, len));
            i += len;
        }
        std::string packed;
        if (data_len) {
            pack_data(data, data_len, packed);
            doc.add_value(ACCSI_SLOT_DATA, packed);
        }
        note_change(db, did, values_len + packed.size());
        if (did)
            db->wdb->replace_document(did, doc);
        else
            db->wdb->add_document(doc);
        return ACCS_OK;
    } catch (...) {
        if (db->scratch)
            db->broken = 1; // its half-made change cannot be taken back
        return map_write_exception(db, errno, err);
    }
}

accs_status
accsi_xdb_delete_term(accsi_xdb *db, const char *term, accsi_err *err)
{
    if (!db->wdb)
        return accsi_err_set(err, ACCS_EREADONLY, "index is open read-only");
    try {
        db->pending_deletes++; // one file's passages: one span, wherever
        db->wdb->delete_document(term);
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_docids(accsi_xdb *db, const char *term, uint32_t **ids, size_t *n,
                 accsi_err *err)
{
    *ids = nullptr;
    *n = 0;
    try {
        std::vector<uint32_t> v;
        for (Xapian::PostingIterator it = db->rdb->postlist_begin(term);
             it != db->rdb->postlist_end(term); ++it)
            v.push_back(*it);
        if (v.empty())
            return ACCS_OK;
        uint32_t *out = static_cast<uint32_t *>(std::malloc(v.size() * sizeof *out));
        if (!out)
            return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
        std::memcpy(out, v.data(), v.size() * sizeof *out);
        *ids = out;
        *n = v.size();
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_each_value(accsi_xdb *db, unsigned slot, accsi_xvalue_cb cb, void *payload,
                     accsi_err *err)
{
    try {
        for (Xapian::ValueIterator it = db->rdb->valuestream_begin(slot);
             it != db->rdb->valuestream_end(slot); ++it) {
            const std::string &v = *it;
            if (cb(it.get_docid(), v.data(), v.size(), payload))
                break;
        }
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_doc_data(accsi_xdb *db, uint32_t did, accsi_buf *out, accsi_err *err)
{
    accsi_buf_clear(out);
    try {
        std::string v = document_data(db->rdb->get_document(did));
        accsi_buf_add(out, v.data(), v.size());
        return out->failed ? accsi_err_set(err, ACCS_ENOMEM, "out of memory") : ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_doc_value(accsi_xdb *db, uint32_t did, unsigned slot, accsi_buf *out,
                    accsi_err *err)
{
    accsi_buf_clear(out);
    try {
        std::string v = db->rdb->get_document(did).get_value(slot);
        accsi_buf_add(out, v.data(), v.size());
        return out->failed ? accsi_err_set(err, ACCS_ENOMEM, "out of memory") : ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_delete_doc(accsi_xdb *db, uint32_t did, accsi_err *err)
{
    if (!db->wdb)
        return accsi_err_set(err, ACCS_EREADONLY, "index is open read-only");
    try {
        note_change(db, did, 0);
        db->wdb->delete_document(did);
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_termfreq(accsi_xdb *db, const char *term, uint64_t *out,
                   accsi_err *err)
{
    try {
        *out = db->rdb->get_termfreq(term);
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_doccount(accsi_xdb *db, uint64_t *out, accsi_err *err)
{
    try {
        *out = db->rdb->get_doccount();
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

uint64_t
accsi_xdb_disk_size(const char *path)
{
    uint64_t total = 0;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != nullptr) {
        if (e->d_name[0] == '.')
            continue;
        std::string p = std::string(path) + "/" + e->d_name;
        struct stat st;
        if (stat(p.c_str(), &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            total += accsi_xdb_disk_size(p.c_str());
        else
            total += (uint64_t)st.st_size;
    }
    closedir(d);
    return total;
}

accs_status
accsi_xdb_each_doc(accsi_xdb *db, const char *term, accsi_xdata_cb cb,
                   void *payload, accsi_err *err)
{
    try {
        for (Xapian::PostingIterator it = db->rdb->postlist_begin(term);
             it != db->rdb->postlist_end(term); ++it) {
            std::string data = document_data(db->rdb->get_document(*it));
            if (cb(data.data(), data.size(), payload))
                break;
        }
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_each_term(accsi_xdb *db, const char *prefix, accsi_xterm_cb cb,
                    void *payload, accsi_err *err)
{
    try {
        for (Xapian::TermIterator it = db->rdb->allterms_begin(prefix);
             it != db->rdb->allterms_end(prefix); ++it) {
            const std::string &t = *it;
            if (cb(t.data(), t.size(), it.get_termfreq(), payload))
                break;
        }
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_walk_terms(accsi_xdb *db, const char *prefix, accsi_xterm_seek_cb cb,
                     void *payload, accsi_err *err)
{
    accsi_buf seek;
    accsi_buf_init(&seek);
    try {
        Xapian::TermIterator end = db->rdb->allterms_end(prefix);
        for (Xapian::TermIterator it = db->rdb->allterms_begin(prefix); it != end;) {
            const std::string &t = *it;
            accsi_buf_clear(&seek);
            if (cb(t.data(), t.size(), it.get_termfreq(), &seek, payload))
                break;
            if (seek.failed) {
                accsi_buf_free(&seek);
                return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
            }
            if (seek.len)
                it.skip_to(std::string(seek.data, seek.len));
            else
                ++it;
        }
        accsi_buf_free(&seek);
        return ACCS_OK;
    } catch (...) {
        accsi_buf_free(&seek);
        return map_exception(err);
    }
}

accs_status
accsi_xdb_check(const char *path, uint64_t *n_errors, accsi_buf *report,
                accsi_err *err)
{
    try {
        // The structure check reads the files directly; while a writer
        // commits they change under it and it would report damage that is
        // not there.  The caller's reader-based checks still run.
        if (Xapian::Database(path).locked()) {
            *n_errors = 0;
            if (report)
                accsi_buf_printf(report, "%s: being written; structure check skipped\n", path);
            return ACCS_OK;
        }
        std::ostringstream os;
        *n_errors = Xapian::Database::check(path, Xapian::DBCHECK_SHORT_TREE, &os);
        if (report)
            accsi_buf_adds(report, os.str().c_str());
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xdb_compact(const char *const *sources, size_t n_sources,
                  const char *dest, int renumber, accsi_err *err)
{
    try {
        Xapian::Database db;
        for (size_t i = 0; i < n_sources; i++)
            db.add_database(Xapian::Database(sources[i]));
        // STANDARD packs blocks full without splitting items, which keeps
        // later updates cheap; with one source the document ids are kept.
        unsigned flags = Xapian::Compactor::STANDARD;
        if (!renumber)
            flags |= Xapian::DBCOMPACT_NO_RENUMBER;
        db.compact(dest, flags);
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xstem(const char *algorithm, const char *word, accsi_buf *out,
            accsi_err *err)
{
    try {
        Xapian::Stem stem(algorithm);
        std::string s = stem(word);
        accsi_buf_add(out, s.data(), s.size());
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

} // extern "C"

// A term's BM25 weight is its idf times a function of its wdf.  Xapian 1.4
// takes the idf as log((N - n + 0.5) / (n + 0.5)), for n of the N
// documents, raising values of that ratio below 2 to half of it plus one.
static double
bm25_idf(double n_docs, double n)
{
    double tw = (n_docs - n + 0.5) / (n + 0.5);
    if (tw <= 2.0)
        tw = tw * 0.5 + 1.0;
    return std::log(tw);
}

// See accsi_xdb_scale_factor.  The terms of `ref` are counted together,
// as Xapian counts the terms of an OP_SYNONYM (which they are when there
// are two: a stem's term and the word that is its own stem).
static double
scale_factor(const Xapian::Database &db, const accsi_qnode *q)
{
    if (!q->ref || q->n_kids != 1)
        return q->factor;
    const accsi_qnode *part = q->kids[0];
    if (part->op == ACCSI_Q_AND_NOT && part->n_kids > 0) // the term where others are not
        part = part->kids[0];
    if (part->op != ACCSI_Q_TERM)
        return q->factor;
    double n_docs = db.get_doccount();
    double n = db.get_termfreq(part->term);
    double n_ref = 0;
    for (const char *t = q->ref; *t;) {
        size_t len = strcspn(t, " ");
        if (len)
            n_ref += db.get_termfreq(std::string(t, len));
        t += len;
        t += *t == ' ';
    }
    if (n == 0 || n_ref == 0)
        return q->factor;
    if (n_ref > n_docs)
        n_ref = n_docs;
    double mine = bm25_idf(n_docs, n), theirs = bm25_idf(n_docs, n_ref);
    return mine > theirs ? q->factor * theirs / mine : q->factor;
}

// Can `q` match anything in `db`?  False only when it surely cannot: a
// term no document holds, or an operator whose kids all (any, for the
// ones that need every kid) cannot.
static bool
may_match(const Xapian::Database &db, const accsi_qnode *q)
{
    switch (q->op) {
    case ACCSI_Q_TERM:
        return db.get_termfreq(q->term) > 0;
    case ACCSI_Q_OR:
    case ACCSI_Q_SYNONYM:
    case ACCSI_Q_MAX:
        for (size_t i = 0; i < q->n_kids; i++)
            if (may_match(db, q->kids[i]))
                return true;
        return false;
    case ACCSI_Q_AND:
    case ACCSI_Q_PHRASE:
    case ACCSI_Q_NEAR:
    case ACCSI_Q_FILTER:
        for (size_t i = 0; i < q->n_kids; i++)
            if (!may_match(db, q->kids[i]))
                return false;
        return true;
    case ACCSI_Q_SCALE:
    case ACCSI_Q_BONUS:
    case ACCSI_Q_AND_NOT:
    case ACCSI_Q_AND_MAYBE:
        return q->n_kids == 0 || may_match(db, q->kids[0]);
    case ACCSI_Q_NOTHING:
        return false;
    default:
        return true;
    }
}

// What build_query needs besides the tree.  With `db`, SCALE factors with
// a reference are worked out (scale_factor); with `prune` too, the
// alternatives of an OP_MAX that match nothing are left out first.  That
// changes no score, and an OP_MAX left with one alternative becomes that
// alternative: Xapian's MaxPostList roughly doubles the cost of walking a
// long posting list, and most words have no compound or synonym in the
// index.  (Not for remote databases, where each look-up is a round trip.)
struct build_ctx {
    const Xapian::Query *guard = nullptr;
    const Xapian::Database *db = nullptr;
    bool prune = false;
};

// OP_MAX needs a guard.  Xapian 1.4's MaxPostList deletes a subquery's
// postings when it reaches its end; when two or more subqueries end in the
// same step none is left, and the matcher then reads the deleted ones (a
// crash, or garbage).  That happens whenever the last passage matching
// one alternative of a word is also the last matching another.  So each
// OP_MAX gets one more subquery, of weight 0, that matches only the last
// document of each database searched, a file record that no word query
// matches: it always ends last and alone.  Without a guard, OP_MAX
// becomes OP_OR.
static Xapian::Query
build_query(const accsi_qnode *q, const build_ctx &c)
{
    // (An AND_NOT of a term no document holds is nothing, without opening
    // the posting lists of the others: a compound part, see query.c.)
    if (q->op == ACCSI_Q_AND_NOT && c.prune && q->n_kids > 0 &&
        q->kids[0]->op == ACCSI_Q_TERM && !may_match(*c.db, q->kids[0]))
        return Xapian::Query::MatchNothing;
    std::vector<Xapian::Query> kids;
    for (size_t i = 0; i < q->n_kids; i++)
        if (q->op != ACCSI_Q_MAX || !c.prune || may_match(*c.db, q->kids[i]))
            kids.push_back(build_query(q->kids[i], c));
    const Xapian::Query *guard = c.guard;
    const Xapian::Database *db = c.db;
    switch (q->op) {
    case ACCSI_Q_TERM:
        return Xapian::Query(q->term);
    case ACCSI_Q_PHRASE:
        return Xapian::Query(Xapian::Query::OP_PHRASE, kids.begin(), kids.end(),
                             (Xapian::termcount)kids.size());
    case ACCSI_Q_NEAR:
        return Xapian::Query(Xapian::Query::OP_NEAR, kids.begin(), kids.end(),
                             q->window ? q->window : (Xapian::termcount)kids.size() + 5);
    case ACCSI_Q_AND:
        return Xapian::Query(Xapian::Query::OP_AND, kids.begin(), kids.end());
    case ACCSI_Q_OR:
        return Xapian::Query(Xapian::Query::OP_OR, kids.begin(), kids.end());
    case ACCSI_Q_AND_NOT:
        return Xapian::Query(Xapian::Query::OP_AND_NOT, kids.begin(), kids.end());
    case ACCSI_Q_AND_MAYBE:
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, kids.begin(), kids.end());
    case ACCSI_Q_SYNONYM:
        return Xapian::Query(Xapian::Query::OP_SYNONYM, kids.begin(), kids.end());
    case ACCSI_Q_MAX:
        if (kids.empty())
            return Xapian::Query::MatchNothing;
        if (kids.size() == 1)
            return kids[0];
        if (!guard)
            return Xapian::Query(Xapian::Query::OP_OR, kids.begin(), kids.end());
        kids.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, *guard, 0.0));
        return Xapian::Query(Xapian::Query::OP_MAX, kids.begin(), kids.end());
    case ACCSI_Q_SCALE:
        if (kids.empty())
            return Xapian::Query();
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, kids[0],
                             db ? scale_factor(*db, q) : q->factor);
    case ACCSI_Q_FILTER:
        return Xapian::Query(Xapian::Query::OP_FILTER, kids.begin(), kids.end());
    case ACCSI_Q_BONUS: {
        if (kids.empty())
            return Xapian::Query();
        Xapian::PostingSource *ps = new Xapian::FixedWeightPostingSource(q->factor);
        Xapian::Query fixed(ps->release());
        return Xapian::Query(Xapian::Query::OP_AND, kids[0], fixed);
    }
    case ACCSI_Q_PREFIX:
        // The most frequent words with the prefix, counted as one word:
        // "cyber*" weighs as much as "cyber" would.
        return Xapian::Query(Xapian::Query::OP_WILDCARD, q->term, ACCSI_PREFIX_MAX,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                             Xapian::Query::OP_SYNONYM);
    case ACCSI_Q_PATH: // replaced before a search; nothing if not
        return Xapian::Query::MatchNothing;
    case ACCSI_Q_RANGE:
        if (q->term && q->hi)
            return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, q->slot, q->term, q->hi);
        if (q->term)
            return Xapian::Query(Xapian::Query::OP_VALUE_GE, q->slot, q->term);
        if (q->hi)
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, q->slot, q->hi);
        return Xapian::Query(std::string());
    case ACCSI_Q_ALL:
        return Xapian::Query::MatchAll;
    case ACCSI_Q_NOTHING:
        return Xapian::Query::MatchNothing;
    }
    return Xapian::Query();
}

extern "C" {

accs_status
accsi_xdb_scale_factor(accsi_xdb *db, const accsi_qnode *q, double *out, accsi_err *err)
{
    *out = q->factor;
    try {
        *out = scale_factor(*db->rdb, q);
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

accs_status
accsi_xquery_describe(const accsi_qnode *q, accsi_buf *out, accsi_err *err)
{
    try {
        const Xapian::Query shown("F<last file record>");
        build_ctx shown_ctx;
        shown_ctx.guard = &shown;
        accsi_buf_adds(out, build_query(q, shown_ctx).get_description().c_str());
        return ACCS_OK;
    } catch (...) {
        return map_exception(err);
    }
}

// The F term of file record `did`, or "" if it is none.  A record listed
// under Kfile but without a term list means a writer committed between
// the two reads (Xapian opens tables lazily, so they can be at different
// revisions): the search starts again on a fresh open.
static std::string
record_term(Xapian::Database &rdb, Xapian::docid did)
{
    try {
        Xapian::Document doc = rdb.get_document(did);
        Xapian::TermIterator t = doc.termlist_begin();
        t.skip_to(ACCSI_PFX_FILE);
        if (t != doc.termlist_end() && (*t).compare(0, 1, ACCSI_PFX_FILE) == 0)
            return *t;
        return std::string();
    } catch (const Xapian::DocNotFoundError &e) {
        throw Xapian::DatabaseModifiedError("the index changed while it was read: " +
                                            e.get_msg());
    }
}

// The guard for OP_MAX (see build_query): the last file record of every
// database searched, or NULL.  The last document of a database is always a
// file record (a file's record is written after its passages), so it is
// the record with the highest id in each database; in Xapian's combined
// numbering database i of n holds ids i+1, n+i+1, ...  Records are read
// from the end of the record list backwards, in growing spans, until each
// database that has one is seen.
static const Xapian::Query *
max_guard(accsi_xdb *db)
{
    if (db->guard_state != 0 && !db->wdb)
        return db->guard_state == 1 ? &db->guard : nullptr;
    db->guard_state = -1;
    Xapian::doccount n = db->rdb->size();
    Xapian::docid last = db->rdb->get_lastdocid();
    if (n == 0 || last == 0)
        return nullptr;
    std::vector<Xapian::docid> top(n, 0);
    for (Xapian::docid span = 64 * n;; span *= 4) {
        Xapian::docid from = last > span ? last - span : 1;
        Xapian::PostingIterator p = db->rdb->postlist_begin(ACCSI_TERM_RECORD);
        p.skip_to(from);
        for (; p != db->rdb->postlist_end(ACCSI_TERM_RECORD); ++p)
            top[(*p - 1) % n] = *p;
        size_t seen = 0;
        for (Xapian::docid d : top)
            seen += d != 0;
        if (seen == n || from == 1 || span > last)
            break;
    }
    std::vector<Xapian::Query> terms;
    for (Xapian::docid d : top) {
        if (d == 0)
            continue; // a database without files matches nothing anyway
        std::string t = record_term(*db->rdb, d);
        if (t.empty())
            return nullptr;
        terms.push_back(Xapian::Query(t));
    }
    if (terms.empty())
        return nullptr;
    db->guard = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    db->guard_state = 1;
    return &db->guard;
}

// Is one of the databases searched a remote one?
static bool
has_remote(const accsi_xdb *db)
{
    for (const std::string &n : db->names)
        if (n.compare(0, 6, "tcp://") == 0)
            return true;
    return false;
}

static accs_status
search_once(accsi_xmset **out, accsi_xdb *db, const accsi_qnode *q,
            const accsi_xsearch_opts *opts, accsi_err *err)
{
    accsi_xmset *m = nullptr;
    try {
        Xapian::Enquire enq(*db->rdb);
        const Xapian::Query *guard = max_guard(db);
        build_ctx bc;
        bc.guard = guard;
        bc.db = db->rdb;
        bc.prune = !has_remote(db);
        Xapian::Query query = build_query(q, bc);
        if (guard) // the records the guard matches are never hits
            query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, *guard);
        // The wdfs are normalised and scaled at indexing (schema.h): with
        // k1 scaled alike and b = 0, BM25 gives every term's weight times
        // (S k1 + 1) / (k1 + 1), which the outer factor takes back.
        double k1 = opts->k1 * ACCSI_WDF_SCALE;
        query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query,
                              (opts->k1 + 1.0) / (k1 + 1.0));
        enq.set_query(query);
        enq.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, 0, 0));
        if (opts->collapse_slot >= 0 && opts->per_doc > 0)
            enq.set_collapse_key((Xapian::valueno)opts->collapse_slot, opts->per_doc);
        enq.set_docid_order(Xapian::Enquire::ASCENDING);
        // Dates sort as written (YYYY-MM[-DD]); an undated document sorts
        // last either way: "" is last when descending, "~" when ascending.
        Xapian::MultiValueKeyMaker by_date;
        if (opts->sort_date) {
            by_date.add_value(ACCSI_SLOT_DATE, opts->sort_date > 0,
                              opts->sort_date > 0 ? "" : "~");
            enq.set_sort_by_key_then_relevance(&by_date, false);
        }
        m = new accsi_xmset();
        // Counting values needs every match seen: check them all.  The
        // spy sees each match before any collapsing, and Xapian's remote
        // servers run it too and send its counts back.  The Enquire owns
        // the spy (release()), and outlives this use of it.
        Xapian::ValueCountMatchSpy *spy = nullptr;
        Xapian::doccount check = (Xapian::doccount)(opts->offset + opts->limit);
        if (opts->facet_slot >= 0) {
            spy = new Xapian::ValueCountMatchSpy((Xapian::valueno)opts->facet_slot);
            enq.add_matchspy(spy->release());
            check = db->rdb->get_doccount();
        }
        m->mset = enq.get_mset((Xapian::doccount)opts->offset,
                               (Xapian::doccount)opts->limit, check);
        if (spy)
            for (Xapian::TermIterator v = spy->values_begin(); v != spy->values_end(); ++v)
                m->facets.emplace_back(*v, v.get_termfreq());
        // Hits name the database they came from; with a shard-list folder the
        // sub-databases are its shards, all reported under its name.
        size_t n_sub = db->rdb->size() == db->names.size() ? db->names.size() : 0;
        for (Xapian::MSetIterator it = m->mset.begin(); it != m->mset.end(); ++it) {
            m->docs.push_back(it.get_document());
            m->weights.push_back(it.get_weight());
            m->shards.push_back(n_sub ? (unsigned)((*it - 1) % n_sub) : 0);
            if (opts->collapse_slot >= 0 && opts->per_doc > 0)
                m->keys.push_back(it.get_collapse_key()); // read by the match
        }
        bool collapsed = opts->collapse_slot >= 0 && opts->per_doc > 0;
        m->key_slot = collapsed ? opts->collapse_slot : ACCSI_SLOT_DOC;
        m->keys.resize(m->docs.size());
        m->have_key.assign(m->docs.size(), collapsed);
        m->data.resize(m->docs.size());
        m->have_data.resize(m->docs.size(), 0);
        m->values.resize(m->docs.size());
        *out = m;
        return ACCS_OK;
    } catch (...) {
        delete m;
        return map_exception(err);
    }
}

// A remote database failed during a search: find out which ones still
// answer, name the others, and with allow_partial carry on without them.
static accs_status
regroup(accsi_xdb *db, accsi_err *err)
{
    std::vector<std::string> names;
    std::string down, first_path, detail;
    std::exception_ptr first;
    Xapian::Database fresh;
    try {
        open_each(db->paths, fresh, names, down, first, first_path, false);
    } catch (...) {
        return map_exception(err);
    }
    if (down.empty())
        return ACCS_EUNAVAILABLE; // nothing is down now; report the original error
    if (!db->allow_partial || names.empty()) {
        try {
            std::rethrow_exception(first);
        } catch (const Xapian::Error &e) {
            detail = e.get_msg();
        } catch (...) {
        }
        set_err(err, ("remote index unavailable: " + down).c_str(), detail);
        return ACCS_EUNAVAILABLE;
    }
    *db->rdb = fresh;
    db->guard_state = 0;
    db->names = names;
    if (!db->missing.empty())
        db->missing += ", ";
    db->missing += down;
    return ACCS_OK;
}

accs_status
accsi_xdb_search(accsi_xmset **out, accsi_xdb *db, const accsi_qnode *q,
                 const accsi_xsearch_opts *opts, accsi_err *err)
{
    *out = nullptr;
    accs_status st = search_once(out, db, q, opts, err);
    if (st == ACCS_EMODIFIED) {
        st = accsi_xdb_reopen(db, err);
        if (st == ACCS_OK)
            st = search_once(out, db, q, opts, err);
    }
    if (st == ACCS_EUNAVAILABLE && !db->wdb) {
        accs_status r = regroup(db, err);
        if (r == ACCS_OK)
            st = search_once(out, db, q, opts, err);
    }
    return st;
}

size_t
accsi_xmset_facets(const accsi_xmset *m)
{
    return m->facets.size();
}

const char *
accsi_xmset_facet(const accsi_xmset *m, size_t i, size_t *len, uint64_t *count)
{
    *len = m->facets[i].first.size();
    *count = m->facets[i].second;
    return m->facets[i].first.data();
}

const char *
accsi_xdb_missing(const accsi_xdb *db)
{
    return db->missing.empty() ? nullptr : db->missing.c_str();
}

size_t
accsi_xdb_n_open(const accsi_xdb *db)
{
    return db->names.size();
}

const char *
accsi_xdb_open_name(const accsi_xdb *db, size_t i)
{
    return i < db->names.size() ? db->names[i].c_str() : "";
}

size_t
accsi_xmset_size(const accsi_xmset *m)
{
    return m->docs.size();
}

uint64_t
accsi_xmset_estimate(const accsi_xmset *m)
{
    return m->mset.get_matches_estimated();
}

double
accsi_xmset_weight(const accsi_xmset *m, size_t i)
{
    return m->weights[i];
}

accs_status
accsi_xmset_data(accsi_xmset *m, size_t i, const char **data, size_t *len,
                 accsi_err *err)
{
    try {
        if (!m->have_data[i]) {
            m->data[i] = document_data(m->docs[i]);
            m->have_data[i] = 1;
        }
        *len = m->data[i].size();
        *data = m->data[i].data();
        return ACCS_OK;
    } catch (...) {
        *len = 0;
        *data = nullptr;
        return map_exception(err);
    }
}

const char *
accsi_xmset_value(accsi_xmset *m, size_t i, unsigned slot, size_t *len)
{
    // The collapse key is read once per hit: by the match when Xapian
    // collapsed, else at the first request (it costs a block read).
    bool key = m->key_slot >= 0 && (unsigned)m->key_slot == slot;
    try {
        if (key && !m->have_key[i]) {
            m->keys[i] = m->docs[i].get_value(slot);
            m->have_key[i] = 1;
        }
        std::string &v = key ? m->keys[i] : m->values[i];
        if (!key)
            v = m->docs[i].get_value(slot);
        *len = v.size();
        return v.data();
    } catch (...) {
        *len = 0;
        return "";
    }
}

unsigned
accsi_xmset_shard(const accsi_xmset *m, size_t i)
{
    return m->shards[i];
}

void
accsi_xmset_free(accsi_xmset *m)
{
    delete m;
}

} // extern "C"
