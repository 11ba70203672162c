# The station's read-only data dir (base/data_dir.h). Installed as
# ${CMAKE_INSTALL_FULL_DATADIR}/intake-station; the build tree gets the same layout as symlinks
# into the sources under ${PROJECT_BINARY_DIR}/share/intake-station, which the tests and
# scripts/run.sh name through $INTAKE_DATA_DIR. No path below is compiled into a library.
#   rules/      rule packs (station/rules), rules/demo/ the demo case and prescription
#   demo/       the demo recordings the simulated scan head and camera serve (testdata/)
#   lab-inbox/  the demo's local tus lab inbox: tus-inbox.mjs + its npm modules (tests/servers)
set(INTAKE_BUILD_DATA_DIR "${PROJECT_BINARY_DIR}/share/intake-station")
file(MAKE_DIRECTORY "${INTAKE_BUILD_DATA_DIR}")
foreach(pair "rules=station/rules" "demo=testdata" "lab-inbox=tests/servers")
    string(REPLACE "=" ";" pair "${pair}")
    list(GET pair 0 link)
    list(GET pair 1 target)
    file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${target}" "${INTAKE_BUILD_DATA_DIR}/${link}" SYMBOLIC)
endforeach()
