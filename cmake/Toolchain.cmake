# Compiler settings shared by every target: warnings, ccache, sanitizers.

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
    set(CMAKE_C_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
    set(CMAKE_CXX_COMPILER_LAUNCHER "${CCACHE_PROGRAM}")
endif()

set(INTAKE_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")

# intake_warnings: every first-party target links this so -Wall -Wextra stays on.
add_library(intake_warnings INTERFACE)
target_compile_options(intake_warnings INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)

if(INTAKE_SANITIZE)
    add_compile_options(-fsanitize=${INTAKE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=${INTAKE_SANITIZE})
endif()

# Helper: a first-party library with the common settings.
function(intake_library name)
    add_library(${name} ${ARGN})
    # intake::mesh for intake_mesh: what other targets link against.
    string(REGEX REPLACE "^intake_" "" short "${name}")
    add_library(intake::${short} ALIAS ${name})
    target_link_libraries(${name} PRIVATE intake_warnings)
    target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}")
endfunction()
