# Fuzz target of intake_capture: the photo decode path (JPEG, PNG, HEIC, EXIF) and the export's
# metadata rewrite. Seeds in fuzz/corpus/photo/: small copies of testdata/photos/0-1.png and
# 0-3.png (ImageMagick, 64x48 and smaller), one JPEG with a hand-built EXIF block (orientation 6,
# DateTimeOriginal, an empty GPS IFD); the first byte of each seed picks the path.
intake_add_fuzzer(photo ${CMAKE_CURRENT_SOURCE_DIR}/capture/fuzz_photo.cpp)
target_link_libraries(fuzz_photo PRIVATE intake_capture)
