# Fuzz targets of intake_package and intake_record: the package reader (zip +
# manifest), what a tus server answers, and the case / prescription / rule-pack JSON readers.
# Seed corpora: fuzz/corpus/package_reader/, fuzz/corpus/tus_response/, fuzz/corpus/record_json/.
intake_add_fuzzer(package_reader ${CMAKE_CURRENT_SOURCE_DIR}/package/fuzz_package_reader.cpp)
target_link_libraries(fuzz_package_reader PRIVATE intake_package)
intake_add_fuzzer(tus_response ${CMAKE_CURRENT_SOURCE_DIR}/package/fuzz_tus_response.cpp)
target_link_libraries(fuzz_tus_response PRIVATE intake_package)
intake_add_fuzzer(record_json ${CMAKE_CURRENT_SOURCE_DIR}/package/fuzz_record_json.cpp)
target_link_libraries(fuzz_record_json PRIVATE intake_record)
