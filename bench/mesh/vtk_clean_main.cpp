// A stock VTK program doing what `intake mesh clean IN -o OUT` does: VTK's reader, VTK's filters
// (mesh/oracle's pipeline), VTK's writer, all on vtkPolyData; nothing of ours in between.
// With --fsync it also makes OUT durable (fsync of the file and its folder), as `intake` does
// through its atomic write: the benchmark reports the ratio against both variants.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "mesh/oracle/vtk_reference.h"

namespace {

bool fsync_path(const char* path, int flags) {
    int fd = ::open(path, flags | O_CLOEXEC);
    if (fd < 0) return false;
    bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace intake::mesh;
    bool durable = argc == 4 && std::strcmp(argv[3], "--fsync") == 0;
    if (argc != 3 && !durable) {
        std::fprintf(stderr, "usage: bench_mesh_vtk_clean IN.(ply|stl) OUT.(ply|stl) [--fsync]\n");
        return 2;
    }
    auto input = oracle::read_with_vtk(argv[1]);
    if (!input) {
        std::fprintf(stderr, "%s\n", input.error().to_string().c_str());
        return 3;
    }
    CleanReport report;
    vtkSmartPointer<vtkPolyData> cleaned = oracle::clean_with_vtk(*input, {}, report);
    if (intake::Status st = oracle::write_with_vtk(cleaned, argv[2]); !st) {
        std::fprintf(stderr, "%s\n", st.error().to_string().c_str());
        return 4;
    }
    if (durable) {
        std::filesystem::path dir = std::filesystem::path(argv[2]).parent_path();
        if (dir.empty()) dir = ".";
        if (!fsync_path(argv[2], O_RDONLY) || !fsync_path(dir.c_str(), O_RDONLY | O_DIRECTORY)) {
            std::fprintf(stderr, "%s: fsync failed: %s\n", argv[2], std::strerror(errno));
            return 4;
        }
    }
    return 0;
}
