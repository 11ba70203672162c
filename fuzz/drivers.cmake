# Fuzz targets of intake_drivers. fuzz/run.sh runs fuzz_frame on fuzz/corpus/frame/.
intake_add_fuzzer(frame ${CMAKE_CURRENT_SOURCE_DIR}/drivers/fuzz_frame.cpp)
target_link_libraries(fuzz_frame PRIVATE intake_drivers)
