// libFuzzer target for the PLY reader (ASCII and both binary byte orders).
#include "mesh/fuzz/fuzz_reader.h"
#include "mesh/io/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace intake::mesh;
    auto bytes = fuzz::as_bytes(data, size);
    MeshFormat format{};
    fuzz::exercise(io::read_ply(bytes, "fuzz.ply", fuzz::fuzz_read_options(), &format));
    return 0;
}
