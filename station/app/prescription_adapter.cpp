#include "prescription_adapter.h"

#include <algorithm>

#include "station/record/movement.h"
#include "station/record/prescription.h"

namespace intake::app {

namespace rec = intake::record;

namespace {

std::optional<std::string> optional_text(const QString& text) {
    const QString t = text.trimmed();
    return t.isEmpty() ? std::nullopt : std::optional<std::string>(t.toStdString());
}

rec::Instruction to_record(const Instruction& i) {
    rec::Instruction in;
    in.teeth = i.teeth.trimmed().toStdString();
    in.movement = i.movement.toStdString();
    in.note = optional_text(i.note);
    const auto* spec = rec::find_movement(in.movement);
    if (spec && spec->kind == rec::MovementKind::elastic) {
        in.teeth.clear();
        in.from = optional_text(i.from);
        in.to = optional_text(i.to);
        in.elastic_class = optional_text(i.elastic_class);
    }
    if (spec && spec->unit != rec::AmountUnit::none) {
        in.amount = i.amount;
        in.unit = std::string(rec::unit_name(spec->unit));
    }
    return in;
}

// The sentence the screen lists for an instruction the core could not render.
QString fallback_text(const Instruction& i) {
    return QString("%1 %2 %3")
        .arg(i.movement, i.teeth.isEmpty() ? i.from + "→" + i.to : i.teeth,
             QString::number(i.amount, 'f', 1));
}

QVariantMap instruction_row(const Instruction& i, const QString& sentence, const QString& unit) {
    return QVariantMap{{"teeth", i.teeth},
                       {"movement", i.movement},
                       {"amount", i.amount},
                       {"unit", unit},
                       {"note", i.note},
                       {"from", i.from},
                       {"to", i.to},
                       {"elasticClass", i.elastic_class},
                       {"text", sentence.isEmpty() ? fallback_text(i) : sentence}};
}

}  // namespace

std::string attachments_decision(const AppContext& context) {
    if (context.draft().keep_all_attachments) return "keep-all";
    return context.draft().attachments_teeth.trimmed().isEmpty() ? "remove-all" : "remove-some";
}

rec::Prescription build_prescription(const AppContext& context) {
    rec::Prescription rx;
    rx.case_id = context.case_id().toStdString();
    rx.arches_to_treat = context.draft().treat_arches.toStdString();
    rx.arches_defaulted = false;
    // Given for either arch: both go to the core, which asks for a treated arch's missing one.
    if (context.draft().aligner_now_upper > 0 || context.draft().aligner_now_lower > 0) {
        rec::CurrentAligner now;
        if (context.draft().aligner_now_upper > 0) now.upper = context.draft().aligner_now_upper;
        if (context.draft().aligner_now_lower > 0) now.lower = context.draft().aligner_now_lower;
        rx.current_aligner = now;
    }
    rx.attachments.decision = attachments_decision(context);
    rx.attachments.defaulted = false;
    rx.attachments.decided_by = context.session().user_id().toStdString();
    rx.attachments.decided_by_role = context.session().role().toStdString();
    if (!context.draft().keep_all_attachments) {
        // Only what the clinician typed and confirmed: the core refuses a removal without both.
        rx.attachments.confirmed = context.draft().attachments_confirmed;
        rx.attachments.reason = optional_text(context.draft().attachments_reason);
        if (rx.attachments.decision == "remove-some")
            rx.attachments.teeth = context.draft().attachments_teeth.trimmed().toStdString();
    }
    for (const auto& i : context.draft().instructions) rx.instructions.push_back(to_record(i));
    rx.free_text = context.draft().free_text.toStdString();
    return rx;
}

PrescriptionAdapter::PrescriptionAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    for (const auto& spec : rec::movement_specs()) {
        movements_ << QString::fromUtf8(spec.id.data(), static_cast<qsizetype>(spec.id.size()));
    }
    connect(&context_, &AppContext::caseChanged, this, &PrescriptionAdapter::render);
    connect(&context_.session(), &Session::changed, this, &PrescriptionAdapter::render);
    render();
}

QString PrescriptionAdapter::unitOf(const QString& movement) const {
    const auto* spec = rec::find_movement(movement.toStdString());
    if (!spec || spec->unit == rec::AmountUnit::none) return {};
    return spec->unit == rec::AmountUnit::deg ? QString("°") : QString("mm");
}

QString PrescriptionAdapter::kindOf(const QString& movement) const {
    const auto* spec = rec::find_movement(movement.toStdString());
    if (spec && spec->kind == rec::MovementKind::contact) return "contact";
    if (spec && spec->kind == rec::MovementKind::elastic) return "elastic";
    return "teeth";
}

// Scans taken with the attachments on are not touched: each keeps its own QA verdict and the
// fact that it was taken with them on, and station/record's scan_standing fails it for a rescan
// only while the decision removes them (so going back to keep-all restores it).
void PrescriptionAdapter::set_keep_all(bool keep) {
    if (context_.draft().keep_all_attachments == keep) return;
    context_.draft().keep_all_attachments = keep;
    render();
}

void PrescriptionAdapter::set_attachments_teeth(const QString& teeth) {
    if (context_.draft().attachments_teeth == teeth) return;
    context_.draft().attachments_teeth = teeth;
    render();
}

void PrescriptionAdapter::set_attachments_reason(const QString& reason) {
    if (context_.draft().attachments_reason == reason) return;
    context_.draft().attachments_reason = reason;
    render();
}

void PrescriptionAdapter::set_attachments_confirmed(bool confirmed) {
    if (context_.draft().attachments_confirmed == confirmed) return;
    context_.draft().attachments_confirmed = confirmed;
    render();
}

void PrescriptionAdapter::set_treat_arches(const QString& arches) {
    if (context_.draft().treat_arches == arches) return;
    context_.draft().treat_arches = arches;
    render();
}

void PrescriptionAdapter::set_aligner_now_upper(int number) {
    if (context_.draft().aligner_now_upper == number) return;
    context_.draft().aligner_now_upper = number;
    render();
}

void PrescriptionAdapter::set_aligner_now_lower(int number) {
    if (context_.draft().aligner_now_lower == number) return;
    context_.draft().aligner_now_lower = number;
    render();
}

void PrescriptionAdapter::set_free_text(const QString& text) {
    if (context_.draft().free_text == text) return;
    context_.draft().free_text = text;
    render();
}

bool PrescriptionAdapter::addInstruction(const QVariantMap& entry) {
    const Instruction added{
        entry.value("teeth").toString(),       entry.value("movement").toString(),
        entry.value("amount").toDouble(),      entry.value("note").toString(),
        entry.value("from").toString(),        entry.value("to").toString(),
        entry.value("elasticClass").toString()};
    const rec::RxCheck before = rec::check_prescription(build_prescription(context_));
    context_.draft().instructions.push_back(added);
    const rec::RxCheck after = rec::check_prescription(build_prescription(context_));
    QStringList fresh;
    for (const auto& e : after.errors)
        if (std::find(before.errors.begin(), before.errors.end(), e) == before.errors.end())
            fresh << QString::fromStdString(e);
    if (!fresh.isEmpty()) {
        context_.draft().instructions.pop_back();  // refused: nothing half-added
        render();
        message_ = "Not added: " + fresh.join("; ");
        emit changed();
        return false;
    }
    render();
    return true;
}

void PrescriptionAdapter::removeInstruction(int index) {
    if (index < 0 || index >= static_cast<int>(context_.draft().instructions.size())) return;
    context_.draft().instructions.erase(context_.draft().instructions.begin() + index);
    render();
}

void PrescriptionAdapter::render() {
    const rec::Prescription rx = build_prescription(context_);
    const rec::RxCheck check = rec::check_prescription(rx);
    instructions_.clear();
    marked_teeth_.clear();
    for (size_t n = 0; n < context_.draft().instructions.size(); ++n) {
        const auto& i = context_.draft().instructions[n];
        const bool checked = n < check.instructions.size();
        instructions_.append(instruction_row(
            i, checked ? QString::fromStdString(check.instructions[n].sentence) : QString(),
            unitOf(i.movement)));
        if (checked)
            for (int tooth : check.instructions[n].teeth_fdi) marked_teeth_.append(tooth);
    }
    QStringList problems;
    for (const auto& e : check.errors) problems << QString::fromStdString(e);
    for (const auto& w : check.warnings) problems << QString::fromStdString(w);
    message_ = problems.join("\n");
    lab_text_ = QString::fromStdString(rec::render_prescription(rx));
    context_.draft().lab_text = lab_text_;
    context_.notify_draft();
    emit changed();
}

}  // namespace intake::app
