#include "handout_adapter.h"

#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <system_error>

#include "base/file_io.h"
#include "station/record/case_file.h"
#include "station/record/case_registry.h"
#include "station/record/civil_date.h"
#include "station/record/handout.h"
#include "station/record/rule_pack.h"
#include "station/record/store.h"

namespace intake::app {

HandoutAdapter::HandoutAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context) {
    connect(&context_, &AppContext::caseChanged, this, &HandoutAdapter::render);
    render();
}

namespace {

namespace rec = intake::record;

// From the case when the store has it: the aligner worn from tonight (the case's phases) and the
// expected arrival (the rule pack's turnaround); otherwise the name and the date only.
rec::HandoutInfo handout_info(AppContext& context) {
    const std::string patient =
        context.patient_name().isEmpty() ? "the patient" : context.patient_name().toStdString();
    const std::string practice = context.practice_name.toStdString();
    const rec::CivilDate today = rec::CivilDate::today();
    rec::HandoutInfo plain{patient, practice, "", today, std::nullopt, std::nullopt};
    if (context.case_id().isEmpty()) return plain;
    std::optional<rec::CaseRecord> record;
    context.store().with_store([&](rec::Store& store, rec::AuditLog&) {
        auto found = rec::require_case(store, context.case_id().toStdString());
        if (found) record = *found;
    });
    if (!record) return plain;
    auto file = rec::parse_case_json(record->case_json, record->case_id);
    if (!file) return plain;
    auto pack = rec::load_rule_pack(file->rules, rec::default_rules_dir());
    return rec::handout_for_case(*file, patient, practice, today, pack ? pack->turnaround_days : 0);
}

}  // namespace

void HandoutAdapter::render() {
    text_ = QString::fromStdString(intake::record::handout_text(handout_info(context_)));
    pdf_path_.clear();
    message_.clear();
    emit changed();
}

bool HandoutAdapter::print() {
    const auto dir = context_.draft_dir();
    std::error_code ec;
    (void)create_private_directories(dir);  // a failure shows as the PDF failing to open
    const QString path = QString::fromStdString((dir / "handout.pdf").string());
    const QString tmp = path + ".tmp";
    {
        QPdfWriter pdf(tmp);
        pdf.setPageSize(QPageSize(QPageSize::A4));
        pdf.setResolution(300);
        pdf.setTitle("Refinement hand-out");
        QTextDocument doc;
        doc.setPlainText(text_);
        QFont font("DejaVu Sans", 12);
        doc.setDefaultFont(font);
        QPainter painter;
        if (!painter.begin(&pdf)) {
            message_ = "Cannot print: " + tmp + " could not be opened for writing.";
            emit changed();
            return false;
        }
        const QRectF page = pdf.pageLayout().paintRectPixels(pdf.resolution());
        doc.setPageSize(page.size());
        painter.scale(pdf.resolution() / 96.0, pdf.resolution() / 96.0);
        doc.setPageSize(page.size() / (pdf.resolution() / 96.0));
        doc.drawContents(&painter);
        painter.end();
    }
    // The patient's name is in it: owner-only whatever the umask, before it takes its final name.
    std::filesystem::permissions(
        tmp.toStdString(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
        ec);
    // Rename into place so a half-written PDF never sits at the final path.
    if (!ec) std::filesystem::rename(tmp.toStdString(), path.toStdString(), ec);
    if (ec) {
        message_ = "Cannot print: " + path + ": " + QString::fromStdString(ec.message());
        emit changed();
        return false;
    }
    pdf_path_ = path;
    message_ = "Printed to " + path;
    emit changed();
    return true;
}

}  // namespace intake::app
