# libFuzzer targets for the mesh readers. Seed corpora: fuzz/corpus/mesh_<format>/.
foreach(format stl ply obj)
    intake_add_fuzzer(${format} ${PROJECT_SOURCE_DIR}/mesh/fuzz/fuzz_${format}.cpp)
    target_link_libraries(fuzz_${format} PRIVATE intake_mesh)
    target_include_directories(fuzz_${format} PRIVATE "${PROJECT_SOURCE_DIR}")
endforeach()
