#include "station/package/dicom_export.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/libi2d/i2d.h>
#include <dcmtk/dcmdata/libi2d/i2djpgs.h>
#include <dcmtk/dcmdata/libi2d/i2dplvlp.h>
#include <fcntl.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "station/package/package_reader.h"

namespace intake::package {

namespace fs = std::filesystem;

namespace {

std::string new_uid(const char* root) {
    char buf[100];
    return dcmGenerateUniqueIdentifier(buf, root);
}

struct Common {
    std::string study_uid;
    std::string patient_id;
    std::string patient_name;  // Family^Given
    std::string case_id;
    std::string date;  // YYYYMMDD from created_at
    std::string time;  // HHMMSS
};

void put_common(DcmDataset* ds, const Common& c, const std::string& series_description,
                int series_number) {
    ds->putAndInsertString(DCM_StudyInstanceUID, c.study_uid.c_str());
    ds->putAndInsertString(DCM_SeriesInstanceUID, new_uid(SITE_SERIES_UID_ROOT).c_str());
    ds->putAndInsertString(DCM_PatientID, c.patient_id.c_str());
    ds->putAndInsertString(DCM_PatientName, c.patient_name.c_str());
    ds->putAndInsertString(DCM_AccessionNumber, c.case_id.substr(0, 16).c_str());
    ds->putAndInsertString(DCM_StudyID, "1");
    ds->putAndInsertString(DCM_StudyDate, c.date.c_str());
    ds->putAndInsertString(DCM_StudyTime, c.time.c_str());
    ds->putAndInsertString(DCM_ContentDate, c.date.c_str());
    ds->putAndInsertString(DCM_ContentTime, c.time.c_str());
    ds->putAndInsertString(DCM_SeriesDescription, series_description.c_str());
    ds->putAndInsertString(DCM_SeriesNumber, std::to_string(series_number).c_str());
    ds->putAndInsertString(DCM_InstanceNumber, "1");
    ds->putAndInsertString(DCM_Manufacturer, "Intake Station");
}

// DCMTK writes in place; we write a temp name, fsync, then rename so DIR never holds half a file.
Status save_atomic(DcmFileFormat& ff, E_TransferSyntax ts, const fs::path& out) {
    fs::path tmp = out.parent_path() / ("." + out.filename().string() + ".tmp");
    OFCondition cond = ff.saveFile(tmp.c_str(), ts);
    if (cond.bad()) {
        fs::remove(tmp);
        return fail(Errc::io, out.string() + ": " + cond.text());
    }
    int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    bool synced = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    std::error_code ec;
    if (synced) fs::rename(tmp, out, ec);
    if (!synced || ec) {
        fs::remove(tmp, ec);
        return fail(Errc::io, out.string() + ": could not be written durably");
    }
    return fsync_directory(out.parent_path());
}

Status write_stl(const std::vector<std::byte>& stl, const std::string& role, const Common& c,
                 int series, const fs::path& out) {
    DcmFileFormat ff;
    DcmDataset* ds = ff.getDataset();
    ds->putAndInsertString(DCM_SOPClassUID, UID_EncapsulatedSTLStorage);
    ds->putAndInsertString(DCM_SOPInstanceUID, new_uid(SITE_INSTANCE_UID_ROOT).c_str());
    ds->putAndInsertString(DCM_Modality, "M3D");
    put_common(ds, c, role, series);
    ds->putAndInsertString(DCM_FrameOfReferenceUID, new_uid(SITE_INSTANCE_UID_ROOT).c_str());
    ds->putAndInsertString(DCM_DocumentTitle, role.c_str());
    ds->putAndInsertString(DCM_MIMETypeOfEncapsulatedDocument, "model/stl");
    ds->putAndInsertString(DCM_BurnedInAnnotation, "NO");
    ds->putAndInsertUint32(DCM_EncapsulatedDocumentLength, static_cast<Uint32>(stl.size()));
    ds->putAndInsertUint8Array(DCM_EncapsulatedDocument, reinterpret_cast<const Uint8*>(stl.data()),
                               static_cast<unsigned long>(stl.size()));
    return save_atomic(ff, EXS_LittleEndianExplicit, out);
}

Status write_photo(const std::vector<std::byte>& jpeg, const std::string& role, const Common& c,
                   int series, const fs::path& out) {
    // libi2d reads the JPEG from a file; a temp copy next to the output keeps it on one disk.
    fs::path jpg = out.parent_path() / ("." + out.filename().string() + ".jpg");
    INTAKE_TRY(write_file_atomic(jpg, jpeg));
    Image2Dcm i2d;
    I2DJpegSource source;
    source.setImageFile(jpg.c_str());
    I2DOutputPlugVLP plug;
    DcmDataset* raw = nullptr;
    E_TransferSyntax ts = EXS_Unknown;
    OFCondition cond = i2d.convertFirstFrame(&source, &plug, 1, raw, ts);
    if (cond.good()) cond = i2d.updateOffsetTable();
    if (cond.good()) cond = i2d.updateLossyCompressionInfo(&source, 1, raw);
    std::error_code ec;
    fs::remove(jpg, ec);
    std::unique_ptr<DcmDataset> ds(raw);
    if (cond.bad() || !ds)
        return fail(Errc::bad_input, role + ": JPEG not convertible: " + cond.text());
    std::string view = role.substr(std::string("photo-").size());
    ds->putAndInsertString(DCM_Modality, "XC");
    put_common(ds.get(), c, role, series);
    ds->putAndInsertString(DCM_ImageComments, ("view: " + view).c_str());
    DcmItem* code = nullptr;
    if (ds->findOrCreateSequenceItem(DCM_ViewCodeSequence, code, 0).good() && code) {
        // A local coding scheme until the ADA 1107 view codes are mapped (docs/package.md).
        code->putAndInsertString(DCM_CodeValue, view.substr(0, 16).c_str());
        code->putAndInsertString(DCM_CodingSchemeDesignator, "99INTAKE");
        code->putAndInsertString(DCM_CodeMeaning, view.c_str());
    }
    DcmFileFormat ff(ds.get());
    return save_atomic(ff, ts, out);
}

Common common_for(const Manifest& m, const DicomPatient& patient) {
    Common c{new_uid(SITE_STUDY_UID_ROOT),
             patient.chart_id.empty() ? m.patient_id : patient.chart_id,
             dicom_person_name(patient.name),
             m.case_id,
             "",
             ""};
    // created_at is "YYYY-MM-DDTHH:MM:SSZ".
    if (m.created_at.size() >= 19) {
        c.date = m.created_at.substr(0, 4) + m.created_at.substr(5, 2) + m.created_at.substr(8, 2);
        c.time =
            m.created_at.substr(11, 2) + m.created_at.substr(14, 2) + m.created_at.substr(17, 2);
    }
    return c;
}

}  // namespace

std::string dicom_person_name(std::string_view name) {
    std::string clean;
    for (char ch : name) {
        if (ch != '^' && ch != '=' && ch != '\\' && static_cast<unsigned char>(ch) >= 0x20) {
            clean += ch;
        }
    }
    const auto trim = [](const std::string& s) {
        const auto first = s.find_first_not_of(' ');
        return first == std::string::npos ? std::string()
                                          : s.substr(first, s.find_last_not_of(' ') - first + 1);
    };
    std::string family, given;
    if (const auto comma = clean.find(','); comma != std::string::npos) {
        family = trim(clean.substr(0, comma));
        given = trim(clean.substr(comma + 1));
    } else {
        const std::string all = trim(clean);
        const auto space = all.rfind(' ');
        family = space == std::string::npos ? all : trim(all.substr(space + 1));
        given = space == std::string::npos ? "" : trim(all.substr(0, space));
    }
    return given.empty() ? family : family + "^" + given;
}

Result<DicomExport> export_dicom(const fs::path& package_zip, const fs::path& out_dir,
                                 const PatientLookup& lookup) {
    auto contents = read_package(package_zip);
    if (!contents) return fail(contents.error());
    auto report = verify_contents(*contents);
    if (!report.ok)
        return fail(Errc::corrupt,
                    package_zip.string() + ": does not verify: " + report.problems.front());
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) return fail(Errc::io, out_dir.string() + ": cannot create: " + ec.message());
    const DicomPatient patient = lookup ? lookup(contents->manifest) : DicomPatient{};
    Common common = common_for(contents->manifest, patient);
    DicomExport result{common.study_uid, {}, {}};
    int series = 0;
    for (const auto& f : contents->manifest.files) {
        const auto& bytes = contents->files.at(f.path);
        bool is_scan = f.role.rfind("scan-", 0) == 0, is_photo = f.role.rfind("photo-", 0) == 0;
        if (!is_scan && !is_photo) continue;
        if (is_scan && f.media_type != "model/stl") {
            result.skipped.push_back(f.path + ": scan is " + f.media_type +
                                     ", Encapsulated STL needs STL");
            continue;
        }
        if (is_photo && f.media_type != "image/jpeg") {
            result.skipped.push_back(f.path + ": photo is " + f.media_type +
                                     ", VL Photographic needs JPEG");
            continue;
        }
        fs::path out = out_dir / (f.role + ".dcm");
        Status st = is_scan ? write_stl(bytes, f.role, common, ++series, out)
                            : write_photo(bytes, f.role, common, ++series, out);
        if (!st) return fail(st.error());
        result.written.push_back(
            {f.path, f.role, is_scan ? UID_EncapsulatedSTLStorage : UID_VLPhotographicImageStorage,
             out});
    }
    return result;
}

nlohmann::json to_json(const DicomExport& result) {
    nlohmann::json written = nlohmann::json::array();
    for (const auto& o : result.written) {
        written.push_back({{"source", o.source},
                           {"role", o.role},
                           {"sop_class_uid", o.sop_class_uid},
                           {"file", o.file.string()}});
    }
    return {{"study_instance_uid", result.study_instance_uid},
            {"written", written},
            {"skipped", result.skipped}};
}

}  // namespace intake::package
