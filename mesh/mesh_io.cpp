// Dispatch for reading and writing: sniff the content, run the format's reader, apply the
// checks every format shares; pick the writer from the extension and write atomically.
#include "mesh/mesh_io.h"

#include <fcntl.h>

#include <new>
#include <string>

#include "base/atomic_file.h"
#include "base/file_io.h"
#include "mesh/io/readers.h"
#include "mesh/io/sniff.h"
#include "mesh/io/writers.h"

namespace intake::mesh {
namespace {

constexpr size_t kWritebackBytes = size_t{8} << 20;

Result<Mesh> read_format(std::span<const std::byte> bytes, std::string_view name,
                         const ReadOptions& options, MeshFormat& format, bool mapped_file) {
    switch (format) {
        case MeshFormat::stl_binary:
            return io::read_stl_binary(bytes, name, options, mapped_file);
        case MeshFormat::stl_ascii:
            return io::read_stl_ascii(io::as_text(bytes), name, options);
        case MeshFormat::obj:
            return io::read_obj(io::as_text(bytes), name, options);
        case MeshFormat::ply_ascii:
        case MeshFormat::ply_binary_le:
        case MeshFormat::ply_binary_be:
            return io::read_ply(bytes, name, options, &format);
    }
    return fail(Errc::internal, std::string(name) + ": unknown mesh format");
}

Status encode(const Mesh& mesh, MeshFormat format, io::ByteSink sink) {
    io::ChunkWriter out(std::move(sink));
    switch (format) {
        case MeshFormat::stl_binary:
            io::write_stl_binary(mesh, out);
            break;
        case MeshFormat::ply_binary_le:
            io::write_ply_binary(mesh, out);
            break;
        case MeshFormat::obj:
            io::write_obj(mesh, out);
            break;
        default:
            return fail(Errc::unsupported,
                        std::string("cannot write ") + std::string(format_name(format)));
    }
    return out.finish();
}

}  // namespace

Result<MeshFormat> output_format(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".stl") return MeshFormat::stl_binary;
    if (ext == ".ply") return MeshFormat::ply_binary_le;
    if (ext == ".obj") return MeshFormat::obj;
    return fail(Errc::invalid_argument,
                path.string() + ": unknown output format (use .stl, .ply or .obj)");
}

bool stores_vertex_normals(MeshFormat format) {
    return format != MeshFormat::stl_binary && format != MeshFormat::stl_ascii;
}

std::string_view format_name(MeshFormat format) {
    switch (format) {
        case MeshFormat::stl_binary:
            return "stl-binary";
        case MeshFormat::stl_ascii:
            return "stl-ascii";
        case MeshFormat::ply_ascii:
            return "ply-ascii";
        case MeshFormat::ply_binary_le:
            return "ply-binary-le";
        case MeshFormat::ply_binary_be:
            return "ply-binary-be";
        case MeshFormat::obj:
            return "obj";
    }
    return "unknown";
}

namespace {

// `mapped_file`: `bytes` is read_mesh's private file mapping (see read_stl_binary).
Result<LoadedMesh> read_loaded(std::span<const std::byte> bytes, std::string_view name,
                               const ReadOptions& options, bool mapped_file) {
    try {
        auto format = io::sniff_format(bytes, name);
        if (!format) return fail(format.error());
        LoadedMesh loaded;
        loaded.format = *format;
        auto mesh = read_format(bytes, name, options, loaded.format, mapped_file);
        if (!mesh) return fail(mesh.error());
        if (mesh->triangles.empty()) {
            return fail(Errc::bad_input, std::string(name) +
                                             ": the mesh has no triangles (at byte " +
                                             std::to_string(bytes.size()) + ")");
        }
        loaded.mesh = std::move(mesh).value();
        return loaded;
    } catch (const std::bad_alloc&) {
        return fail(Errc::bad_input, std::string(name) + ": too large to load into memory");
    } catch (const std::length_error&) {
        return fail(Errc::bad_input, std::string(name) + ": too large to load into memory");
    }
}

}  // namespace

Result<LoadedMesh> read_mesh_bytes(std::span<const std::byte> bytes, std::string_view name,
                                   const ReadOptions& options) {
    return read_loaded(bytes, name, options, false);
}

Result<LoadedMesh> read_mesh(const std::filesystem::path& path, const ReadOptions& options) {
    auto mapped = MappedFile::open(path);
    if (!mapped) return fail(mapped.error());
    return read_loaded(mapped->bytes(), path.string(), options, true);
}

Result<std::vector<std::byte>> encode_mesh(const Mesh& mesh, MeshFormat format) {
    std::vector<std::byte> bytes;
    Status st = encode(mesh, format, [&](std::span<const std::byte> chunk) {
        bytes.insert(bytes.end(), chunk.begin(), chunk.end());
        return ok();
    });
    if (!st) return fail(st.error());
    return bytes;
}

Status write_mesh(const std::filesystem::path& path, const Mesh& mesh) {
    auto format = output_format(path);
    if (!format) return fail(format.error());
    if (mesh.triangles.empty()) {
        return fail(Errc::invalid_argument, path.string() + ": refusing to write an empty mesh");
    }
    auto file = AtomicFile::create(path);
    if (!file) return fail(file.error());
    // Writeback of every few MB starts while the rest is still being encoded, so the fsync in
    // commit() waits for the tail instead of the whole file. Only a hint: durability (and any
    // I/O error) still comes from commit()'s fsync.
    size_t written = 0, handed_to_disk = 0;
    Status st = encode(mesh, *format, [&](std::span<const std::byte> chunk) {
        if (Status w = file->write(chunk); !w) return w;
        written += chunk.size();
        if (written - handed_to_disk >= kWritebackBytes) {
            ::sync_file_range(file->fd(), static_cast<off_t>(handed_to_disk),
                              static_cast<off_t>(written - handed_to_disk), SYNC_FILE_RANGE_WRITE);
            handed_to_disk = written;
        }
        return ok();
    });
    if (!st) {
        file->abandon();
        return st;
    }
    return file->commit();
}

}  // namespace intake::mesh
