// DICOM export read back with DCMTK: the STL scan as Encapsulated STL with the exact bytes, the
// JPEG photo as a VL Photographic Image with its view, both in one study.
#include "station/package/dicom_export.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "station/package/package_writer.h"
#include "tests/station/package/test_support.h"
#include "tests/support/obj_fixture.h"

namespace intake::package {
namespace {

using test::TempDir;

std::vector<std::byte> gradient_jpeg(int w, int h) {
    std::vector<unsigned char> rgb(static_cast<size_t>(w * h * 3));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            auto* p = &rgb[static_cast<size_t>((y * w + x) * 3)];
            p[0] = static_cast<unsigned char>(x), p[1] = static_cast<unsigned char>(y), p[2] = 128;
        }
    tjhandle tj = tjInitCompress();
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    tjCompress2(tj, rgb.data(), w, 0, h, TJPF_RGB, &jpeg, &size, TJSAMP_420, 90, 0);
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(jpeg),
                               reinterpret_cast<std::byte*>(jpeg) + size);
    tjFree(jpeg);
    tjDestroy(tj);
    return out;
}

std::string get(DcmItem* ds, const DcmTagKey& tag) {
    OFString s;
    ds->findAndGetOFString(tag, s);
    return s.c_str();
}

TEST(DicomExport, ScanAndPhotoReadBackWithDcmtk) {
    TempDir dir;
    auto key = load_or_create_station_key(dir.path()).value();
    auto request = test::sized_request(10, 1);
    request.entries.clear();
    auto stl = intake::test::to_binary_stl(intake::test::read_obj_triangles(
        {intake::test::testdata_scan("Ref_Upper_Mesh_Tag=0.obj")}));
    auto jpeg = gradient_jpeg(256, 192);
    request.entries.push_back({"scans/upper.stl", "scan-upper", "model/stl", stl});
    request.entries.push_back({"photos/frontal.jpg", "photo-frontal", "image/jpeg", jpeg});
    request.entries.push_back(
        {"photos/occlusal.png", "photo-occlusal-upper", "image/png",
         test::read_all(std::filesystem::path(INTAKE_TESTDATA_DIR) / "photos" / "0-2.png")});
    auto pkg = dir.path() / "pkg.zip";
    ASSERT_TRUE(write_package(request, key, pkg));
    auto result = export_dicom(pkg, dir.path() / "dicom");
    ASSERT_TRUE(result) << result.error().to_string();
    ASSERT_EQ(result->written.size(), 2u);
    ASSERT_EQ(result->skipped.size(), 1u);
    EXPECT_NE(result->skipped[0].find("occlusal.png"), std::string::npos);

    DcmFileFormat scan;
    ASSERT_TRUE(scan.loadFile((dir.path() / "dicom" / "scan-upper.dcm").c_str()).good());
    DcmDataset* ds = scan.getDataset();
    EXPECT_EQ(get(ds, DCM_SOPClassUID), UID_EncapsulatedSTLStorage);
    EXPECT_EQ(get(ds, DCM_Modality), "M3D");
    EXPECT_EQ(get(ds, DCM_MIMETypeOfEncapsulatedDocument), "model/stl");
    EXPECT_EQ(get(ds, DCM_PatientID), "P-0001");
    const Uint8* doc = nullptr;
    unsigned long len = 0;
    ASSERT_TRUE(ds->findAndGetUint8Array(DCM_EncapsulatedDocument, doc, &len).good());
    Uint32 true_len = 0;
    ds->findAndGetUint32(DCM_EncapsulatedDocumentLength, true_len);
    ASSERT_EQ(true_len, stl.size());
    EXPECT_EQ(std::memcmp(doc, stl.data(), stl.size()), 0);

    DcmFileFormat photo;
    ASSERT_TRUE(photo.loadFile((dir.path() / "dicom" / "photo-frontal.dcm").c_str()).good());
    DcmDataset* ps = photo.getDataset();
    EXPECT_EQ(get(ps, DCM_SOPClassUID), UID_VLPhotographicImageStorage);
    EXPECT_EQ(get(ps, DCM_StudyInstanceUID), get(ds, DCM_StudyInstanceUID));
    EXPECT_EQ(photo.getMetaInfo() ? get(photo.getMetaInfo(), DCM_TransferSyntaxUID) : "",
              UID_JPEGProcess1TransferSyntax);
    Uint16 rows = 0, cols = 0;
    ps->findAndGetUint16(DCM_Rows, rows);
    ps->findAndGetUint16(DCM_Columns, cols);
    EXPECT_EQ(rows, 192);
    EXPECT_EQ(cols, 256);
    DcmItem* code = nullptr;
    ASSERT_TRUE(ps->findAndGetSequenceItem(DCM_ViewCodeSequence, code, 0).good());
    EXPECT_EQ(get(code, DCM_CodeMeaning), "frontal");
}

TEST(DicomExport, RefusesAPackageThatDoesNotVerify) {
    TempDir dir;
    auto r = export_dicom(dir.path() / "missing.zip", dir.path() / "dicom");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::not_found);
}

}  // namespace
}  // namespace intake::package
