#ifndef PASSAGE_CSQLITE_SHIM_H
#define PASSAGE_CSQLITE_SHIM_H

#include <sqlite3.h>

// sqlite3_db_config is variadic, which Swift cannot call: one fixed-arity
// wrapper for the integer on/off options.
static inline int passage_sqlite3_db_config_int(sqlite3 *db, int op, int value, int *result) {
    return sqlite3_db_config(db, op, value, result);
}

// sqlite3_config is variadic too. Memory statistics take a global mutex on
// every allocation; Passage never reads them. Must run before SQLite
// initializes (before the first connection opens); returns SQLITE_MISUSE after.
static inline int passage_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
