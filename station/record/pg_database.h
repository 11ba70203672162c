// The PostgreSQL engine behind Database (database.h): one database for a practice's stations.
// libpq stays in pg_database.cpp.
#pragma once

#include <memory>
#include <string_view>

#include "base/result.h"
#include "station/record/database.h"

namespace intake::record {

// Connects with a libpq URI (postgresql://user@/db?host=/run/postgresql). A refused or
// unreachable server is Errc::network; the message names the server, never the password.
Result<std::unique_ptr<Database>> connect_postgresql(std::string_view url);

}  // namespace intake::record
