#include "prescription_adapter.h"

#include "station/record/movement.h"
#include "station/record/prescription.h"

namespace intake::app {

namespace rec = intake::record;

// The prescription as station/record models it, from what the screens gathered.
rec::Prescription build_prescription(const AppContext& context) {
    rec::Prescription rx;
    rx.case_id = context.case_id.toStdString();
    rx.attachments.decision = context.keep_all_attachments ? "keep-all" : "remove-all";
    rx.attachments.defaulted = false;
    rx.attachments.decided_by = context.user_id.toStdString();
    rx.attachments.decided_by_role = context.role.toStdString();
    if (!context.keep_all_attachments) {
        rx.attachments.confirmed = true;
        rx.attachments.reason =
            "Only minor tooth movements remain after the first set of aligners.";
    }
    for (const auto& i : context.instructions) {
        rec::Instruction in;
        in.teeth = std::to_string(i.tooth);
        in.movement = i.movement.toStdString();
        const auto* spec = rec::find_movement(in.movement);
        if (spec && spec->unit != rec::AmountUnit::none) {
            in.amount = i.amount_mm;
            in.unit = std::string(rec::unit_name(spec->unit));
        }
        rx.instructions.push_back(in);
    }
    rx.free_text = context.free_text.toStdString();
    return rx;
}

PrescriptionAdapter::PrescriptionAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    for (const auto& spec : rec::movement_specs()) {
        movements_ << QString::fromUtf8(spec.id.data(), static_cast<qsizetype>(spec.id.size()));
    }
    connect(&context_, &AppContext::caseChanged, this, &PrescriptionAdapter::render);
    connect(&context_, &AppContext::sessionChanged, this, &PrescriptionAdapter::render);
    render();
}

void PrescriptionAdapter::set_keep_all(bool keep) {
    if (context_.keep_all_attachments == keep) return;
    context_.keep_all_attachments = keep;
    render();
}

void PrescriptionAdapter::set_free_text(const QString& text) {
    if (context_.free_text == text) return;
    context_.free_text = text;
    render();
}

bool PrescriptionAdapter::addInstruction(int tooth, const QString& movement, double amount_mm) {
    context_.instructions.push_back({tooth, movement, amount_mm});
    render();
    return message_.isEmpty();
}

void PrescriptionAdapter::removeInstruction(int index) {
    if (index < 0 || index >= static_cast<int>(context_.instructions.size())) return;
    context_.instructions.erase(context_.instructions.begin() + index);
    render();
}

void PrescriptionAdapter::render() {
    const rec::Prescription rx = build_prescription(context_);
    const rec::RxCheck check = rec::check_prescription(rx);
    instructions_.clear();
    marked_teeth_.clear();
    for (size_t n = 0; n < context_.instructions.size(); ++n) {
        const auto& i = context_.instructions[n];
        QString text = n < check.instructions.size()
                           ? QString::fromStdString(check.instructions[n].sentence)
                           : QString();
        if (text.isEmpty())
            text = QString("%1 %2 %3 mm").arg(i.movement).arg(i.tooth).arg(i.amount_mm, 0, 'f', 1);
        instructions_.append(QVariantMap{
            {"tooth", i.tooth}, {"movement", i.movement}, {"amount", i.amount_mm}, {"text", text}});
        marked_teeth_.append(i.tooth);
    }
    QStringList problems;
    for (const auto& e : check.errors) problems << QString::fromStdString(e);
    for (const auto& w : check.warnings) problems << QString::fromStdString(w);
    message_ = problems.join("\n");
    lab_text_ = QString::fromStdString(rec::render_prescription(rx));
    context_.lab_text = lab_text_;
    context_.notify_draft();
    emit changed();
}

}  // namespace intake::app
