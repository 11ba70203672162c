// At least thirty malformed mesh files, each with the text its error message must contain.
// Shared by the library test and the CLI test (which feeds them to the real `intake`).
#pragma once

#include <string>
#include <vector>

namespace intake::mesh::test {

struct MalformedCase {
    std::string file_name;  // extension chosen to mislead where useful
    std::string bytes;
    std::string expect;  // a fragment of the error message
};

std::vector<MalformedCase> malformed_cases();

}  // namespace intake::mesh::test
