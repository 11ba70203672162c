#include "mesh/io/text_cursor.h"

#include <algorithm>

namespace intake::mesh::io {

size_t line_of(std::string_view text, size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

Failure text_error(std::string_view name, std::string_view text, size_t offset,
                   const std::string& what) {
    return fail(Errc::bad_input, std::string(name) + ": " + what + " at line " +
                                     std::to_string(line_of(text, offset)));
}

Failure byte_error(std::string_view name, size_t offset, const std::string& what) {
    return fail(Errc::bad_input,
                std::string(name) + ": " + what + " at byte " + std::to_string(offset));
}

}  // namespace intake::mesh::io
