// AppointmentDraft: what the refinement appointment has gathered on the case in hand and not yet
// handed to the core — photos and scans with their verdicts, the attachments decision, the
// prescription's choices, instructions, free text — and the wizard page on screen. Plain data,
// used on the GUI thread only; AppContext owns it, clears it per case and keeps it in the store
// (draft_state.h) so a restart resumes it.
#pragma once

#include <QString>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mesh/mesh.h"

namespace intake::app {

struct PhotoShot {
    std::filesystem::path file;  // the stored JPEG/PNG in the case folder
    QString verdict;             // pass / warn / fail from the photo check
    QString reason;
    std::vector<std::string> reasons;  // every finding, for the gate
    int long_side = 0;
    std::optional<double> sharpness;
};

struct ArchScan {
    std::filesystem::path file;  // the cleaned mesh in the case folder
    QString verdict;             // QA verdict
    QString reasons;
    std::vector<std::string> reason_list;
    std::filesystem::path raw_file;  // as the scanner delivered it (the package keeps both)
    int voids = 0;
    std::shared_ptr<const intake::mesh::Mesh> mesh;  // cleaned, for bite and compare
    int64_t triangles = 0;  // of the cleaned mesh; kept when a resumed draft has no mesh loaded
    // Taken while the decision was to keep the attachments (they were on the teeth). The QA
    // verdict above stays the scan's own; a removal decision fails it for a rescan beside that
    // (station/record's scan_standing), and going back to keep-all restores it.
    bool taken_with_attachments = true;
};

// One movement instruction as the clinician entered it (station/record's Instruction).
struct Instruction {
    QString teeth;  // "24", "11, 21", "lower 3-3"; IPR: the contact "33/34"; elastic: ""
    QString movement;
    double amount = 0;  // in the movement's unit (mm or degrees); unused when it takes none
    QString note;       // "into better occlusion"
    QString from, to, elastic_class;  // elastics: the hook teeth and the class (I, II, III)
};

struct AppointmentDraft {
    std::map<std::string, PhotoShot> photos;  // by view key
    std::map<std::string, ArchScan> scans;    // "upper", "lower", "bite"
    QString bite_verdict, bite_reason;
    bool keep_all_attachments = true;
    // A removal (keep_all_attachments false): which attachments come off ("" = all of them), the
    // clinician's own reason (never filled in for them) and their explicit confirmation.
    QString attachments_teeth, attachments_reason;
    bool attachments_confirmed = false;
    QString treat_arches = "both";
    int aligner_now_upper = 0, aligner_now_lower = 0;  // the aligner worn now (0: not given)
    std::vector<Instruction> instructions;
    QString free_text;
    QString lab_text;  // the prescription rendered for the lab (derived; not kept in the store)
    // The wizard page the user was on, so a resumed appointment opens where it stopped.
    QString page;

    // Back to a fresh appointment: keep-all attachments, both arches, nothing captured.
    void clear() { *this = AppointmentDraft(); }
};

}  // namespace intake::app
