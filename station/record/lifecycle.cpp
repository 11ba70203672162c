#include "station/record/lifecycle.h"

namespace intake::record {
namespace {

using nlohmann::json;

bool happened(const std::optional<CivilDate>& d, CivilDate on) { return d && *d <= on; }

std::string days_text(int64_t n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

// The final phase is the highest-numbered phase that is not retentive.
const Phase* final_phase(const CaseFile& file) {
    const Phase* best = nullptr;
    for (const Phase& p : file.phases) {
        if (p.kind != PhaseKind::retentive && (best == nullptr || p.number > best->number)) {
            best = &p;
        }
    }
    return best;
}

struct Context {
    const CaseFile& file;
    CivilDate on;
    const LifecycleTerms& terms;
    std::optional<CivilDate> reopened;  // the re-opening, when it has happened by `on`
    const Phase* final = nullptr;
    std::optional<CivilDate> final_arrived;
};

CivilDate worn_close(const Context& cx, CivilDate arrival) {
    return arrival.add_days(int64_t{cx.final->steps} * cx.file.wear_days_per_step +
                            cx.terms.close_after_final_wear_days);
}

// Close date from the final phase: only once it has arrived. Before that, a projection from
// the expected arrival (or shipment date, the earliest it could arrive) is shown but never used.
std::optional<CivilDate> final_phase_close(const Context& cx, CaseStatus& st) {
    if (cx.final == nullptr) {
        st.warnings.push_back("no starter or treatment phase recorded: the case has no close date");
        return std::nullopt;
    }
    const bool reopened_later = cx.reopened.has_value();
    if (cx.final_arrived) {
        const CivilDate close = worn_close(cx, *cx.final_arrived);
        if (reopened_later && close < *cx.reopened) {
            st.warnings.push_back("re-opened on " + cx.reopened->to_string() +
                                  ": record the additional phase purchased; until it arrives "
                                  "the case has no close date");
            return std::nullopt;
        }
        return close;
    }
    const Phase& p = *cx.final;
    std::optional<CivilDate> base = p.arrived_on   ? p.arrived_on
                                    : p.shipped_on ? p.shipped_on
                                                   : p.ship_on;
    if (base) {
        const CivilDate projected = worn_close(cx, *base);
        if (!reopened_later || projected >= *cx.reopened) st.close_date_projected = projected;
    }
    st.warnings.push_back(
        "final phase " + std::to_string(p.number) + " has not arrived: no close date yet" +
        (st.close_date_projected ? " (projected " + st.close_date_projected->to_string() + ")"
                                 : ""));
    return std::nullopt;
}

std::optional<CivilDate> retainer_close(const Context& cx, CaseStatus& st) {
    const auto& r = cx.file.retainer_requested_on;
    if (!cx.terms.close_on_retainer_request || !happened(r, cx.on)) return std::nullopt;
    if (cx.reopened && *r < *cx.reopened) {
        st.warnings.push_back("retainer requested on " + r->to_string() +
                              " no longer counts: the case was re-opened on " +
                              cx.reopened->to_string());
        return std::nullopt;
    }
    return r;
}

void decide_close(const Context& cx, CaseStatus& st) {
    const auto by_final = final_phase_close(cx, st);
    const auto by_retainer = retainer_close(cx, st);
    if (by_retainer && (!by_final || *by_retainer <= *by_final)) {
        st.close_date = by_retainer;
        st.close_reason = CloseReason::retainer_requested;
    } else if (by_final) {
        st.close_date = by_final;
        st.close_reason = CloseReason::final_phase_worn;
    }
    st.open = !(st.close_date && cx.on >= *st.close_date);
    if (st.close_date) st.days_left = st.open ? st.close_date->days_since(cx.on) : 0;
}

void closed_warnings(const Context& cx, CaseStatus& st) {
    int unused = 0;
    for (const Phase& p : cx.file.phases) {
        if (!happened(p.arrived_on, cx.on) && !happened(p.shipped_on, cx.on)) unused += p.steps;
    }
    std::string text = "case closed on " + st.close_date->to_string() + " (" +
                       std::string(close_reason_name(st.close_reason)) + ")";
    if (unused > 0) text += ": " + std::to_string(unused) + " unshipped steps are forfeited";
    st.warnings.push_back(text);
    st.warnings.push_back(
        "to submit a refinement, re-open the case by purchasing additional phases; no credit for "
        "forfeited steps and no retainer is included with an extension");
}

void revision_warnings(const Context& cx, CaseStatus& st) {
    const bool final_delivered = cx.final_arrived.has_value();
    if (st.open && final_delivered && st.close_date) {
        st.warnings.push_back(
            "final phase delivered: a refinement must be fully processed by the "
            "lab before " +
            st.close_date->to_string() + " (" + days_text(*st.days_left) +
            " left) to keep the case open");
    }
    for (const Revision& rev : cx.file.revisions) {
        if (rev.requested_on > cx.on) continue;
        const std::string what = "revision requested on " + rev.requested_on.to_string();
        for (const Phase& p : cx.file.phases) {
            const auto shipped = p.shipped_on ? p.shipped_on : p.arrived_on;
            if (rev.phase == p.number && shipped && *shipped <= rev.requested_on) {
                st.warnings.push_back(what + " revises phase " + std::to_string(p.number) +
                                      ", which shipped on " + shipped->to_string() +
                                      ": a phase can be revised only until it ships");
            }
        }
        if (!final_delivered || rev.requested_on < *cx.final_arrived || !st.close_date) continue;
        const bool processed = happened(rev.processed_on, cx.on);
        if (processed && *rev.processed_on >= *st.close_date) {
            st.warnings.push_back(what + " was processed on " + rev.processed_on->to_string() +
                                  ", after the close date " + st.close_date->to_string());
        } else if (!processed && st.open) {
            st.warnings.push_back(what + " is not processed yet: it must be before " +
                                  st.close_date->to_string() + " (" + days_text(*st.days_left) +
                                  " left)");
        } else if (!processed) {
            st.warnings.push_back(what + " was not processed before the case closed");
        }
    }
}

void hold_and_age_warnings(const Context& cx, CaseStatus& st) {
    bool any_scheduled = false;
    for (const Phase& p : cx.file.phases) {
        const bool unshipped = !happened(p.shipped_on, cx.on) && !happened(p.arrived_on, cx.on);
        if (unshipped && (p.status == PhaseStatus::scheduled || p.status == PhaseStatus::on_hold)) {
            any_scheduled = true;
        }
        if (p.status == PhaseStatus::on_hold && !unshipped) {
            st.warnings.push_back(
                "phase " + std::to_string(p.number) +
                " is marked on hold but has shipped: holds apply before shipment");
        }
    }
    if (cx.file.hold_requested) {
        st.warnings.push_back(any_scheduled ? "holds apply to phases, not cases: put the scheduled "
                                              "phases on hold or reschedule them"
                                            : "a case with no scheduled phase cannot be placed on "
                                              "hold");
    }
    if (cx.file.submitted_on > cx.on) {
        st.warnings.push_back("evaluated on " + cx.on.to_string() +
                              ", before the case was submitted");
    }
    if (cx.terms.lab_may_close_after_years <= 0) return;
    const CivilDate from = cx.file.submitted_on.add_years(cx.terms.lab_may_close_after_years);
    st.lab_may_close_from = from;
    st.may_be_closed_by_lab = cx.on >= from;
    const std::string years = std::to_string(cx.terms.lab_may_close_after_years);
    if (st.may_be_closed_by_lab) {
        st.warnings.push_back("submitted more than " + years + " years ago (" +
                              cx.file.submitted_on.to_string() +
                              "): the lab may close this case "
                              "at any time");
    } else if (from.days_since(cx.on) <= cx.terms.five_year_notice_days) {
        st.warnings.push_back("the lab may close this case from " + from.to_string() + " (" +
                              years + " years after submission)");
    }
}

}  // namespace

std::string_view close_reason_name(CloseReason reason) {
    switch (reason) {
        case CloseReason::retainer_requested:
            return "retainer-requested";
        case CloseReason::final_phase_worn:
            return "final-phase-worn";
        case CloseReason::none:
            break;
    }
    return "";
}

CaseStatus evaluate_case(const CaseFile& file, CivilDate on, const LifecycleTerms& terms) {
    Context cx{file, on, terms, std::nullopt, final_phase(file), std::nullopt};
    if (happened(file.reopened_on, on)) cx.reopened = file.reopened_on;
    if (cx.final != nullptr && happened(cx.final->arrived_on, on)) {
        cx.final_arrived = cx.final->arrived_on;
    }
    CaseStatus st;
    if (cx.final != nullptr) st.final_phase = cx.final->number;
    decide_close(cx, st);
    if (!st.open) closed_warnings(cx, st);
    revision_warnings(cx, st);
    hold_and_age_warnings(cx, st);
    st.can_submit_refinement = st.open;
    st.needs_reopen = !st.open;
    return st;
}

json to_json(const CaseStatus& st, const CaseFile& file, CivilDate on) {
    auto date_or_null = [](const std::optional<CivilDate>& d) {
        return d ? json(d->to_string()) : json(nullptr);
    };
    json j = {{"case_id", file.case_id},
              {"rules", file.rules},
              {"on", on.to_string()},
              {"state", st.open ? "open" : "closed"},
              {"close_date", date_or_null(st.close_date)},
              {"close_date_projected", date_or_null(st.close_date_projected)},
              {"close_reason", st.close_reason == CloseReason::none
                                   ? json(nullptr)
                                   : json(close_reason_name(st.close_reason))},
              {"days_left", st.days_left ? json(*st.days_left) : json(nullptr)},
              {"can_submit_refinement", st.can_submit_refinement},
              {"needs_reopen", st.needs_reopen},
              {"may_be_closed_by_lab", st.may_be_closed_by_lab},
              {"lab_may_close_from", date_or_null(st.lab_may_close_from)},
              {"final_phase", st.final_phase ? json(*st.final_phase) : json(nullptr)},
              {"warnings", st.warnings}};
    return j;
}

}  // namespace intake::record
