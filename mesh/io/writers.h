// Encoders for the three output formats. They stream through a ChunkWriter so writing a
// million-triangle STL never holds the whole file in memory.
#pragma once

#include <cstddef>
#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "base/result.h"
#include "mesh/mesh.h"

namespace intake::mesh::io {

using ByteSink = std::function<Status(std::span<const std::byte>)>;

class ChunkWriter {
  public:
    explicit ChunkWriter(ByteSink sink, size_t chunk = 1 << 20)
        : sink_(std::move(sink)), buffer_(new std::byte[chunk]), capacity_(chunk) {}
    void put(const void* data, size_t size) {
        if (size > capacity_ - used_) {
            flush();
            if (size > capacity_) {  // larger than a chunk: straight to the sink
                if (status_) status_ = sink_({static_cast<const std::byte*>(data), size});
                return;
            }
        }
        std::memcpy(buffer_.get() + used_, data, size);
        used_ += size;
    }
    void put(std::string_view text) { put(text.data(), text.size()); }
    template <typename T>
    void put_value(const T& value) {
        put(&value, sizeof value);
    }
    // Room for `size` bytes (at most one chunk) that the caller fills in place: fixed-size
    // records are built where they will be written instead of being copied there.
    std::byte* claim(size_t size) {
        if (size > capacity_ - used_) flush();
        std::byte* at = buffer_.get() + used_;
        used_ += size;
        return at;
    }
    Status finish() {
        flush();
        return status_;
    }

  private:
    void flush() {
        if (status_ && used_ > 0) status_ = sink_({buffer_.get(), used_});
        used_ = 0;  // after a failure the bytes are dropped; finish() reports the failure
    }
    ByteSink sink_;
    std::unique_ptr<std::byte[]> buffer_;
    size_t capacity_ = 0;
    size_t used_ = 0;
    Status status_;
};

void write_stl_binary(const Mesh& mesh, ChunkWriter& out);
void write_ply_binary(const Mesh& mesh, ChunkWriter& out);
void write_obj(const Mesh& mesh, ChunkWriter& out);

}  // namespace intake::mesh::io
