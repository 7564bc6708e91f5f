#ifndef PASSAGE_CLIBPQ_SHIM_H
#define PASSAGE_CLIBPQ_SHIM_H

#include <libpq-fe.h>

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
