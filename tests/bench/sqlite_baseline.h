// The raw-SQLite side of phase (o): the same rows the Store loads, inserted into a plain SQLite
// database with nothing but SQLite in between, to show what the Store's own work costs.
//
// The file is configured like the Store's (engine/storage): WAL journal, synchronous=FULL,
// 8 KiB pages, a 16 MiB page cache; one table `docs(key TEXT PRIMARY KEY, rev TEXT, body TEXT)`,
// one prepared INSERT, one transaction per `rows_per_transaction` rows (the Store commits an
// insertMany batch in one transaction too, so both make the same number of fsyncs).
//
// The only translation unit of tandem-bench that includes <sqlite3.h>.
// Thread-safety: a plain function; it touches only the file it creates.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace tandem::bench {

struct BaselineRows {
  std::vector<std::string> keys;
  std::vector<std::string> revs;
  std::vector<std::string> bodies;  // the JSON text given to Store::insertMany
};

// Creates `file` (which must not exist), inserts every row and checks the table's count.
// Returns the seconds from the first BEGIN to the last COMMIT (opening the file, the schema and
// preparing the statement come before, the count check after). Throws BenchFailure with
// SQLite's message on any error.
double loadRawSqlite(const std::filesystem::path& file, const BaselineRows& rows,
                     std::size_t rows_per_transaction);

}  // namespace tandem::bench
