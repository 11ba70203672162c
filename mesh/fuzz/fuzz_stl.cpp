// libFuzzer target for the STL readers (binary and ASCII) and the sniffer.
#include "mesh/fuzz/fuzz_reader.h"
#include "mesh/io/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace intake::mesh;
    auto bytes = fuzz::as_bytes(data, size);
    auto options = fuzz::fuzz_read_options();
    fuzz::exercise(io::read_stl_binary(bytes, "fuzz.stl", options));
    fuzz::exercise(io::read_stl_ascii(io::as_text(bytes), "fuzz.stl", options));
    (void)read_mesh_bytes(bytes, "fuzz.stl", options);
    return 0;
}
