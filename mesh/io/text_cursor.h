// A forward-only cursor over text mesh files (ASCII STL, ASCII PLY, OBJ). Parsing works on
// string_views into the mapped file and std::from_chars, so there is no allocation per line;
// line numbers are only counted when an error message needs one.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace intake::mesh::io {

// 1-based line number of a byte offset (counts newlines; only used for messages).
size_t line_of(std::string_view text, size_t offset);

// "name: what at line N".
Failure text_error(std::string_view name, std::string_view text, size_t offset,
                   const std::string& what);

// "name: what at byte N".
Failure byte_error(std::string_view name, size_t offset, const std::string& what);

class TextCursor {
  public:
    explicit TextCursor(std::string_view text, size_t pos = 0) : text_(text), pos_(pos) {}

    bool at_end() const { return pos_ >= text_.size(); }
    size_t pos() const { return pos_; }
    std::string_view text() const { return text_; }

    // Skips spaces, tabs and carriage returns (not newlines).
    void skip_blanks() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r')) {
            ++pos_;
        }
    }
    // Skips all whitespace including newlines.
    void skip_space() {
        while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    }
    bool at_line_end() {
        skip_blanks();
        return pos_ >= text_.size() || text_[pos_] == '\n';
    }
    // Moves past the next newline (or to the end).
    void skip_line() {
        size_t nl = text_.find('\n', pos_);
        pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
    }
    // The next run of non-whitespace characters on the current line; empty at a line end.
    std::string_view token() {
        skip_blanks();
        size_t start = pos_;
        while (pos_ < text_.size() && !is_space(text_[pos_])) ++pos_;
        return text_.substr(start, pos_ - start);
    }
    // The next token anywhere (crossing newlines), for token-stream formats like ASCII STL.
    std::string_view any_token() {
        skip_space();
        return token();
    }

    // Parses a number token; false when the token is missing or not entirely a number.
    template <typename T>
    bool number(T& out) {
        std::string_view tok = token();
        return parse_number(tok, out);
    }

    template <typename T>
    static bool parse_number(std::string_view tok, T& out) {
        if (!tok.empty() && tok.front() == '+') tok.remove_prefix(1);
        if (tok.empty()) return false;
        auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), out);
        return ec == std::errc() && end == tok.data() + tok.size();
    }

    static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

  private:
    std::string_view text_;
    size_t pos_ = 0;
};

}  // namespace intake::mesh::io
