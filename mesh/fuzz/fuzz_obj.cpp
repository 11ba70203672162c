// libFuzzer target for the OBJ reader.
#include "mesh/fuzz/fuzz_reader.h"
#include "mesh/io/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace intake::mesh;
    auto bytes = fuzz::as_bytes(data, size);
    fuzz::exercise(io::read_obj(io::as_text(bytes), "fuzz.obj", fuzz::fuzz_read_options()));
    (void)read_mesh_bytes(bytes, "fuzz.obj", fuzz::fuzz_read_options());
    return 0;
}
