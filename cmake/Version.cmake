# INTAKE_GIT_DESCRIBE: `git describe` of the checkout this build came from (tags, commit, dirty),
# or the project version when there is no git (a source tarball). Both shells print it on
# --version so a clinic's IT person can say exactly what runs at the chair.
find_package(Git QUIET)
set(INTAKE_GIT_DESCRIBE "v${PROJECT_VERSION}")
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
    execute_process(COMMAND "${GIT_EXECUTABLE}" describe --tags --always --dirty
                    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                    OUTPUT_VARIABLE _describe OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE _rc ERROR_QUIET)
    if(_rc EQUAL 0 AND _describe)
        set(INTAKE_GIT_DESCRIBE "${_describe}")
    endif()
endif()
# Re-run configure when HEAD moves, so the string follows the commits.
if(EXISTS "${PROJECT_SOURCE_DIR}/.git/HEAD")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/.git/HEAD")
endif()
