// A VTK program doing what `intake mesh clean IN -o OUT` does, with stock VTK readers, filters
// and writers (through intake_mesh's reference pipeline, so VTK stays inside mesh/).
#include <cstdio>

#include "mesh/vtk_reference.h"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: bench_mesh_vtk_clean IN.(ply|stl) OUT.(ply|stl)\n");
        return 2;
    }
    intake::Status st = intake::mesh::clean_file_to_file_with_vtk(argv[1], argv[2], {});
    if (!st) {
        std::fprintf(stderr, "%s\n", st.error().to_string().c_str());
        return 3;
    }
    return 0;
}
