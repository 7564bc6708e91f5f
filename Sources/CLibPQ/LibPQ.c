// libpq, loaded with dlopen when the mirror first needs it (see CLibPQ.h).
//
// Each PQ function Passage calls is defined here under libpq's own name and
// prototype (so the compiler checks it against libpq-fe.h) and forwards to
// the function found in the loaded library. They are hidden: the binary
// does not export them, so libpq's calls to its own functions stay in libpq.

#include "CLibPQ.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// Every function called through the table: one line each.
#define PASSAGE_PQ_FUNCTIONS(X) \
    X(PQclear)                  \
    X(PQcmdTuples)              \
    X(PQconnectdbParams)        \
    X(PQconninfoFree)           \
    X(PQconninfoParse)          \
    X(PQdb)                     \
    X(PQerrorMessage)           \
    X(PQexec)                   \
    X(PQexecParams)             \
    X(PQfinish)                 \
    X(PQfreemem)                \
    X(PQgetResult)              \
    X(PQgetisnull)              \
    X(PQgetvalue)               \
    X(PQhost)                   \
    X(PQnfields)                \
    X(PQntuples)                \
    X(PQport)                   \
    X(PQputCopyData)            \
    X(PQputCopyEnd)             \
    X(PQresultErrorField)       \
    X(PQresultErrorMessage)     \
    X(PQresultStatus)           \
    X(PQserverVersion)          \
    X(PQsetNoticeProcessor)     \
    X(PQsslInUse)               \
    X(PQstatus)                 \
    X(PQuser)

#define PASSAGE_PQ_FIELD(name) __typeof__(name) *name;
static struct {
    PASSAGE_PQ_FUNCTIONS(PASSAGE_PQ_FIELD)
} pq;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];

static void load(void) {
    // The soname, as linking with -lpq would have recorded it.
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "%s", dlerror());
        return;
    }
#define PASSAGE_PQ_FIND(name)                                                                          \
    if (!(pq.name = (__typeof__(name) *)dlsym(library, #name))) {                                      \
        snprintf(load_error, sizeof load_error, "libpq.so.5 has no function %s (libpq 9.5 or later is needed)", #name); \
        return;                                                                                        \
    }
    PASSAGE_PQ_FUNCTIONS(PASSAGE_PQ_FIND)
}

const char *passage_pq_load(void) {
    pthread_once(&load_once, load);
    return load_error[0] ? load_error : NULL;
}

// Reached only when a PQ function is called before passage_pq_load()
// succeeded: a programming error, never a user's.
static void require_loaded(void) {
    const char *error = passage_pq_load();
    if (error) {
        fprintf(stderr, "passage: libpq is not loaded: %s\n", error);
        abort();
    }
}

#define HIDDEN __attribute__((visibility("hidden")))

HIDDEN void PQclear(PGresult *res) { require_loaded(); pq.PQclear(res); }
HIDDEN char *PQcmdTuples(PGresult *res) { require_loaded(); return pq.PQcmdTuples(res); }
HIDDEN PGconn *PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname) {
    require_loaded();
    return pq.PQconnectdbParams(keywords, values, expand_dbname);
}
HIDDEN void PQconninfoFree(PQconninfoOption *connOptions) { require_loaded(); pq.PQconninfoFree(connOptions); }
HIDDEN PQconninfoOption *PQconninfoParse(const char *conninfo, char **errmsg) {
    require_loaded();
    return pq.PQconninfoParse(conninfo, errmsg);
}
HIDDEN char *PQdb(const PGconn *conn) { require_loaded(); return pq.PQdb(conn); }
HIDDEN char *PQerrorMessage(const PGconn *conn) { require_loaded(); return pq.PQerrorMessage(conn); }
HIDDEN PGresult *PQexec(PGconn *conn, const char *query) { require_loaded(); return pq.PQexec(conn, query); }
HIDDEN PGresult *PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                              const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                              int resultFormat) {
    require_loaded();
    return pq.PQexecParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
HIDDEN void PQfinish(PGconn *conn) { require_loaded(); pq.PQfinish(conn); }
HIDDEN void PQfreemem(void *ptr) { require_loaded(); pq.PQfreemem(ptr); }
HIDDEN PGresult *PQgetResult(PGconn *conn) { require_loaded(); return pq.PQgetResult(conn); }
HIDDEN int PQgetisnull(const PGresult *res, int tup_num, int field_num) {
    require_loaded();
    return pq.PQgetisnull(res, tup_num, field_num);
}
HIDDEN char *PQgetvalue(const PGresult *res, int tup_num, int field_num) {
    require_loaded();
    return pq.PQgetvalue(res, tup_num, field_num);
}
HIDDEN char *PQhost(const PGconn *conn) { require_loaded(); return pq.PQhost(conn); }
HIDDEN int PQnfields(const PGresult *res) { require_loaded(); return pq.PQnfields(res); }
HIDDEN int PQntuples(const PGresult *res) { require_loaded(); return pq.PQntuples(res); }
HIDDEN char *PQport(const PGconn *conn) { require_loaded(); return pq.PQport(conn); }
HIDDEN int PQputCopyData(PGconn *conn, const char *buffer, int nbytes) {
    require_loaded();
    return pq.PQputCopyData(conn, buffer, nbytes);
}
HIDDEN int PQputCopyEnd(PGconn *conn, const char *errormsg) { require_loaded(); return pq.PQputCopyEnd(conn, errormsg); }
HIDDEN char *PQresultErrorField(const PGresult *res, int fieldcode) {
    require_loaded();
    return pq.PQresultErrorField(res, fieldcode);
}
HIDDEN char *PQresultErrorMessage(const PGresult *res) { require_loaded(); return pq.PQresultErrorMessage(res); }
HIDDEN ExecStatusType PQresultStatus(const PGresult *res) { require_loaded(); return pq.PQresultStatus(res); }
HIDDEN int PQserverVersion(const PGconn *conn) { require_loaded(); return pq.PQserverVersion(conn); }
HIDDEN PQnoticeProcessor PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor proc, void *arg) {
    require_loaded();
    return pq.PQsetNoticeProcessor(conn, proc, arg);
}
HIDDEN int PQsslInUse(PGconn *conn) { require_loaded(); return pq.PQsslInUse(conn); }
HIDDEN ConnStatusType PQstatus(const PGconn *conn) { require_loaded(); return pq.PQstatus(conn); }
HIDDEN char *PQuser(const PGconn *conn) { require_loaded(); return pq.PQuser(conn); }
