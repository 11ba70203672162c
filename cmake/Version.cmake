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
# Re-run configure when HEAD or the branch it names moves, so the string follows the commits
# (`--git-path` also finds them in a linked worktree).
if(GIT_FOUND)
    execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --git-path HEAD --symbolic-full-name HEAD
                    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                    OUTPUT_VARIABLE _heads OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    string(REPLACE "\n" ";" _heads "${_heads}")
    list(LENGTH _heads _count)
    if(_count EQUAL 2)
        list(GET _heads 0 _head_file)
        list(GET _heads 1 _ref)
        execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --git-path "${_ref}"
                        WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                        OUTPUT_VARIABLE _ref_file OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
        foreach(_file "${_head_file}" "${_ref_file}")
            get_filename_component(_file "${_file}" ABSOLUTE BASE_DIR "${PROJECT_SOURCE_DIR}")
            if(EXISTS "${_file}")
                set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_file}")
            endif()
        endforeach()
    endif()
endif()
