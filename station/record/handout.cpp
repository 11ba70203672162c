#include "station/record/handout.h"

#include <algorithm>
#include <vector>

namespace intake::record {
namespace {

struct Lines {
    std::string title;
    std::vector<std::string> body;
};

std::string long_date(CivilDate d) {
    static const char* months[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
    return std::to_string(d.day()) + " " + months[d.month() - 1] + " " + std::to_string(d.year());
}

Lines handout_lines(const HandoutInfo& in) {
    const std::string aligner = in.next_aligner_step
                                    ? "aligner number " + std::to_string(*in.next_aligner_step)
                                    : "your next aligner";
    Lines l;
    l.title = "Your aligners until the new ones arrive";
    l.body.push_back("Dear " +
                     (in.patient_name.empty() ? std::string("patient") : in.patient_name) + ",");
    l.body.push_back("Today (" + long_date(in.date) +
                     ") we took new photos and a new scan, and we "
                     "have ordered additional aligners for you.");
    l.body.push_back("From tonight, wear " + aligner +
                     " at NIGHT ONLY. It holds your teeth where "
                     "they are now until the new aligners arrive.");
    if (in.expected_arrival) {
        l.body.push_back("We expect the new aligners around " + long_date(*in.expected_arrival) +
                         ".");
    }
    l.body.push_back(
        "When the new aligners arrive, wear them 20+ hours a day again and continue "
        "as before, changing aligners as we tell you.");
    l.body.push_back(
        "Keep your aligners clean, and call us if one cracks, is lost or stops fitting" +
        (in.practice_phone.empty() ? std::string(".") : " (" + in.practice_phone + ")."));
    if (!in.practice_name.empty()) l.body.push_back(in.practice_name);
    return l;
}

}  // namespace

std::optional<int> current_aligner_step(const CaseFile& file, CivilDate on) {
    std::vector<const Phase*> arrived;
    for (const Phase& p : file.phases) {
        if (p.status == PhaseStatus::delivered && p.arrived_on && *p.arrived_on <= on) {
            arrived.push_back(&p);
        }
    }
    if (arrived.empty()) return std::nullopt;
    std::sort(arrived.begin(), arrived.end(),
              [](const Phase* a, const Phase* b) { return a->number < b->number; });
    int before = 0;
    for (size_t i = 0; i + 1 < arrived.size(); ++i) before += arrived[i]->steps;
    const Phase& latest = *arrived.back();
    if (latest.steps == 0) return before > 0 ? std::optional<int>(before) : std::nullopt;
    const int64_t worn = on.days_since(*latest.arrived_on) / file.wear_days_per_step;
    return before + static_cast<int>(std::min<int64_t>(worn + 1, latest.steps));
}

HandoutInfo handout_for_case(const CaseFile& file, std::string patient_name,
                             std::string practice_name, CivilDate on, int turnaround_days) {
    HandoutInfo info;
    info.patient_name = std::move(patient_name);
    info.practice_name = std::move(practice_name);
    info.date = on;
    info.next_aligner_step = current_aligner_step(file, on);
    if (turnaround_days > 0) info.expected_arrival = on.add_days(turnaround_days);
    return info;
}

std::string html_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string handout_text(const HandoutInfo& info) {
    const Lines l = handout_lines(info);
    std::string out = l.title + "\n" + std::string(l.title.size(), '=') + "\n\n";
    for (const auto& line : l.body) out += line + "\n\n";
    return out;
}

std::string handout_html(const HandoutInfo& info) {
    const Lines l = handout_lines(info);
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
        html_escape(l.title) +
        "</title>\n<style>@page{size:A4;margin:20mm}body{font-family:sans-serif;font-size:14pt;"
        "line-height:1.5;max-width:170mm}h1{font-size:20pt}strong{font-size:16pt}</style>"
        "</head>\n<body>\n<h1>" +
        html_escape(l.title) + "</h1>\n";
    for (const auto& line : l.body) {
        std::string p = html_escape(line);
        const auto at = p.find("NIGHT ONLY");
        if (at != std::string::npos) p.replace(at, 10, "<strong>NIGHT ONLY</strong>");
        out += "<p>" + p + "</p>\n";
    }
    return out + "</body></html>\n";
}

}  // namespace intake::record
