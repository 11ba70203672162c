#include "station/record/database.h"

namespace intake::record {

bool is_postgresql_url(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

// A URI may carry a password in its user part or in ?password=: both are cut, as is the whole
// query (host=, sslkey=, ...), leaving scheme, host, port and database name.
std::string redact_url(std::string_view url) {
    const size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return "database";
    std::string_view rest = url.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find_first_of("?#"));
    const size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    const std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
    if (const size_t at = authority.rfind('@'); at != std::string_view::npos)
        authority = authority.substr(at + 1);
    return std::string(url.substr(0, scheme_end + 3)) + std::string(authority) + std::string(path);
}

}  // namespace intake::record
