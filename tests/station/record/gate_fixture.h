// The pre-submit gate's inputs for a complete demo record (the bundled rule pack, the demo
// prescription and case, every photo and scan passing): tests take one away to see the gate fail.
#pragma once

#include "base/file_io.h"
#include "station/record/case_file.h"
#include "station/record/demo_data.h"
#include "station/record/prescription.h"
#include "station/record/rule_pack.h"
#include "station/record/submission_gate.h"

namespace intake::record::test {

struct GateFixture {
    RulePack pack;
    Prescription rx;
    GateInputs in;
    GateFixture() {
        pack = *load_rule_pack("aligner-refinement-2026", INTAKE_RULES_DIR);
        rx = *parse_prescription_json(*read_file_text(INTAKE_RULES_DIR "/demo/rx.json"), "rx.json");
        auto c = parse_case_json(demo_case_json(*CivilDate::parse("2026-11-23")), "demo");
        in.pack = &pack;
        in.case_status = evaluate_case(*c, *CivilDate::parse("2026-11-23"), pack.lifecycle);
        in.rx = &rx;
        for (const auto& v : pack.photo_views)
            in.photos[v] = CapturedRecord{Verdict::pass, {}, 4000, 3.0, {}};
        for (const auto& s : pack.scans)
            in.scans[s] = CapturedRecord{Verdict::pass, {}, {}, {}, 250000};
        in.workflow_attachments_decision = "keep-all";
    }
};

}  // namespace intake::record::test
