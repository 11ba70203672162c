# intake_add_gtest(NAME SOURCES ... LIBS ... [LABELS ...] [EMULATOR prog])
# One GoogleTest binary; each test runs as its own ctest entry (one test per process keeps
# umockdev and Qt state from leaking between tests). Every test may use tests/support.
function(intake_add_gtest name)
    cmake_parse_arguments(ARG "" "EMULATOR;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main GTest::gmock
                                          intake_test_support intake_warnings)
    target_compile_definitions(${name} PRIVATE
        INTAKE_TESTDATA_DIR="${INTAKE_TESTDATA_DIR}"
        INTAKE_RULES_DIR="${INTAKE_RULES_DIR}"
        INTAKE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        INTAKE_BINARY_DIR="${PROJECT_BINARY_DIR}")
    if(ARG_EMULATOR)
        set_target_properties(${name} PROPERTIES CROSSCOMPILING_EMULATOR "${ARG_EMULATOR}")
    endif()
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    # The binaries under test find rule packs, demo data and the lab inbox through the data dir.
    # A GTEST_SKIP shows as "Skipped" in ctest (not "Passed"), so scripts/test.sh can count it.
    # Listing the tests loads the binary's libraries: under ASan, from a cold page cache (VTK's
    # ~100 libraries for the oracle tests), that took over the default 5 s and failed the run.
    gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 120
                         PROPERTIES TIMEOUT ${ARG_TIMEOUT}
                         ENVIRONMENT "INTAKE_DATA_DIR=${INTAKE_BUILD_DATA_DIR}"
                         SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]")
    # gtest_discover_tests flattens a list-valued LABELS into separate words (only the first
    # label survives), so the labels are set by a script that runs after discovery instead.
    if(ARG_LABELS)
        set(label_script "${CMAKE_CURRENT_BINARY_DIR}/${name}_labels.cmake")
        file(WRITE "${label_script}"
            "if(${name}_TESTS)\n  set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${ARG_LABELS}\")\nendif()\n")
        set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${label_script}")
    endif()
endfunction()
