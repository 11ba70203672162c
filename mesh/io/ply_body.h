// Value sources for the PLY body: one for ASCII tokens, one for binary (either byte order).
// The element readers are templates over these, so the hot loops have no virtual calls.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "base/result.h"
#include "mesh/io/ply_header.h"
#include "mesh/io/text_cursor.h"

namespace intake::mesh::io {

class BinaryPlyBody {
  public:
    BinaryPlyBody(std::string_view data, size_t base, bool big_endian, std::string_view name)
        : data_(data),
          base_(base),
          swap_(big_endian != (std::endian::native == std::endian::big)),
          name_(name) {}

    size_t pos() const { return pos_; }
    size_t remaining() const { return data_.size() - pos_; }
    bool at_end() const { return pos_ >= data_.size(); }

    // False when the data ends first.
    bool read(PlyType type, double& out) {
        size_t n = ply_type_size(type);
        if (data_.size() - pos_ < n) return false;
        unsigned char raw[8];
        std::memcpy(raw, data_.data() + pos_, n);
        if (swap_) {
            for (size_t i = 0; i < n / 2; ++i) std::swap(raw[i], raw[n - 1 - i]);
        }
        pos_ += n;
        out = decode(type, raw);
        return true;
    }

    Failure error(size_t at, const std::string& what) const {
        return byte_error(name_, base_ + at, what);
    }

    // For the fast paths: raw access and advancing past bytes already validated.
    const char* data() const { return data_.data(); }
    bool swapped() const { return swap_; }
    void skip(size_t bytes) { pos_ += bytes; }

  private:
    static double decode(PlyType type, const unsigned char* raw) {
        switch (type) {
            case PlyType::i8:
                return static_cast<int8_t>(raw[0]);
            case PlyType::u8:
                return raw[0];
            case PlyType::i16:
                return load<int16_t>(raw);
            case PlyType::u16:
                return load<uint16_t>(raw);
            case PlyType::i32:
                return load<int32_t>(raw);
            case PlyType::u32:
                return load<uint32_t>(raw);
            case PlyType::f32:
                return load<float>(raw);
            case PlyType::f64:
                return load<double>(raw);
        }
        return 0;
    }
    template <typename T>
    static T load(const unsigned char* raw) {
        T v;
        std::memcpy(&v, raw, sizeof v);
        return v;
    }

    std::string_view data_;
    size_t base_ = 0;
    size_t pos_ = 0;
    bool swap_ = false;
    std::string_view name_;
};

class AsciiPlyBody {
  public:
    AsciiPlyBody(std::string_view text, size_t body_offset, std::string_view name)
        : cur_(text, body_offset), name_(name) {}

    size_t pos() const { return cur_.pos(); }
    size_t remaining() const { return cur_.text().size() - cur_.pos(); }
    bool at_end() {
        cur_.skip_space();
        return cur_.at_end();
    }

    // False when the data ends first or the token is not a number.
    bool read(PlyType /*type*/, double& out) {
        cur_.skip_space();
        return cur_.number(out);
    }

    Failure error(size_t at, const std::string& what) const {
        return text_error(name_, cur_.text(), at, what);
    }

  private:
    TextCursor cur_;
    std::string_view name_;
};

}  // namespace intake::mesh::io
