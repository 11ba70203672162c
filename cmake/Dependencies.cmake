# Every third-party package is found once, here, so imported targets are visible to the whole tree.
# Ownership (house rule): OpenCV -> capture, libusb/libuvc -> drivers, Qt -> the app; VTK -> only
# the tests' and benchmarks' oracle (mesh/oracle).

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# Name OpenCV's components: the full set pulls opencv_viz, whose targets fail to configure here.
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs objdetect)
# capture decodes PNG with libpng itself (imgcodecs only in its tests and benchmark).
find_package(PNG REQUIRED)

find_package(meshoptimizer REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(CURL REQUIRED)
# libzip: Debian's CMake config refers to tools not installed (zipcmp); use pkg-config.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
find_package(DCMTK REQUIRED CONFIG)

pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# PostgreSQL's client library: the practice-wide store (station/record only).
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(LIBUSB REQUIRED IMPORTED_TARGET libusb-1.0)
pkg_check_modules(LIBUVC REQUIRED IMPORTED_TARGET libuvc)
pkg_check_modules(TURBOJPEG REQUIRED IMPORTED_TARGET libturbojpeg)
pkg_check_modules(LIBHEIF REQUIRED IMPORTED_TARGET libheif)
pkg_check_modules(LIBEXIF REQUIRED IMPORTED_TARGET libexif)

if(INTAKE_BUILD_TESTS)
    find_package(GTest REQUIRED)
    include(GoogleTest)
    pkg_check_modules(UMOCKDEV REQUIRED IMPORTED_TARGET umockdev-1.0)
    find_program(UMOCKDEV_WRAPPER umockdev-wrapper REQUIRED)
    find_program(NODE_EXECUTABLE node REQUIRED)
    find_program(XVFB_RUN xvfb-run)
endif()
# VTK is the peer the tests and benchmarks compare against (mesh/oracle), never part of the
# product: a station build (tests and benchmarks off) does not look for it.
if(INTAKE_BUILD_TESTS OR INTAKE_BUILD_BENCH)
    # Debian's VTK config refers to MPI::MPI_C even for non-MPI modules.
    if(NOT TARGET MPI::MPI_C)
        add_library(MPI::MPI_C INTERFACE IMPORTED)
    endif()
    find_package(VTK 9.1 REQUIRED COMPONENTS
        CommonCore CommonDataModel FiltersCore FiltersGeneral FiltersModeling FiltersSources
        IOGeometry IOPLY)
endif()
if(INTAKE_BUILD_APP)
    find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Qml Quick Quick3D QuickTest Test PrintSupport)
endif()
