# intake_add_gtest(NAME SOURCES ... LIBS ... [LABELS ...] [EMULATOR prog] [PG_CLUSTER])
# One GoogleTest binary; each test runs as its own ctest entry (one test per process keeps
# umockdev and Qt state from leaking between tests). Every test may use tests/support.
# PG_CLUSTER: the binary's tests share one throwaway PostgreSQL cluster, started before the
# first of them and stopped after the last (ctest fixture NAME_pg, tests NAME.pg-cluster-start
# and NAME.pg-cluster-stop), instead of each test process starting its own (initdb + start
# cost seconds each). Run outside ctest, the binary starts its own (tests/support/pg_cluster.h).
function(intake_add_gtest name)
    cmake_parse_arguments(ARG "PG_CLUSTER" "EMULATOR;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
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
    if(ARG_PG_CLUSTER)
        set(cluster_file "${CMAKE_CURRENT_BINARY_DIR}/${name}.pgcluster")
        add_test(NAME ${name}.pg-cluster-start
                 COMMAND intake_pg_cluster start "${cluster_file}")
        add_test(NAME ${name}.pg-cluster-stop
                 COMMAND intake_pg_cluster stop "${cluster_file}")
        set_tests_properties(${name}.pg-cluster-start PROPERTIES
            FIXTURES_SETUP ${name}_pg TIMEOUT 120 LABELS "${ARG_LABELS}")
        set_tests_properties(${name}.pg-cluster-stop PROPERTIES
            FIXTURES_CLEANUP ${name}_pg TIMEOUT 120 LABELS "${ARG_LABELS}")
        set(pg_script "${CMAKE_CURRENT_BINARY_DIR}/${name}_pg.cmake")
        file(WRITE "${pg_script}"
            "if(${name}_TESTS)\n  set_tests_properties(\${${name}_TESTS} PROPERTIES FIXTURES_REQUIRED ${name}_pg ENVIRONMENT_MODIFICATION \"INTAKE_PG_CLUSTER_FILE=set:${cluster_file}\")\nendif()\n")
        set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${pg_script}")
        add_dependencies(${name} intake_pg_cluster)
    endif()
endfunction()
