#ifndef PASSAGE_CLIBPQ_H
#define PASSAGE_CLIBPQ_H

// libpq's declarations (Debian's libpq-dev puts them under postgresql/).
// The binary does not link libpq: LibPQ.c loads it when the mirror first
// needs it, so every other command starts without libpq and the twenty
// libraries it brings (TLS, Kerberos, LDAP), about 5 ms of start-up.
#include <postgresql/libpq-fe.h>

// Loads libpq (libpq.so.5) and finds the functions Passage calls, once per
// process. Returns NULL when they are ready, else what went wrong (static
// text, valid until the next call). Call it before any PQ function.
const char *passage_pq_load(void);

// Notices (CREATE ... IF NOT EXISTS, implicit index names) would be printed
// to standard error by libpq's default processor; the mirror has nothing to
// say about them.
static void passage_pq_ignore_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

static inline void passage_pq_silence_notices(PGconn *conn) {
    PQsetNoticeProcessor(conn, passage_pq_ignore_notice, 0);
}

#endif
