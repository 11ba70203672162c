// Encoders for the three output formats. They stream through a ChunkWriter so writing a
// million-triangle STL never holds the whole file in memory.
#pragma once

#include <cstddef>
#include <cstring>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "mesh/mesh.h"
#include "station/base/result.h"

namespace intake::mesh::io {

using ByteSink = std::function<Status(std::span<const std::byte>)>;

class ChunkWriter {
  public:
    explicit ChunkWriter(ByteSink sink, size_t chunk = 1 << 20) : sink_(std::move(sink)) {
        buffer_.reserve(chunk);
    }
    void put(const void* data, size_t size) {
        if (!status_) return;
        if (buffer_.size() + size > buffer_.capacity()) flush();
        const auto* p = static_cast<const std::byte*>(data);
        buffer_.insert(buffer_.end(), p, p + size);
    }
    void put(std::string_view text) { put(text.data(), text.size()); }
    template <typename T>
    void put_value(const T& value) {
        put(&value, sizeof value);
    }
    Status finish() {
        flush();
        return status_;
    }

  private:
    void flush() {
        if (status_ && !buffer_.empty()) status_ = sink_(buffer_);
        buffer_.clear();
    }
    ByteSink sink_;
    std::vector<std::byte> buffer_;
    Status status_;
};

void write_stl_binary(const Mesh& mesh, ChunkWriter& out);
void write_ply_binary(const Mesh& mesh, ChunkWriter& out);
void write_obj(const Mesh& mesh, ChunkWriter& out);

}  // namespace intake::mesh::io
