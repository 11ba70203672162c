// Prescription: the refinement rx (additional aligners, the attachments decision, arches) and the
// movement instructions — several teeth or a range per instruction, the unit the movement takes
// (mm or degrees), a note, IPR by contact, elastics with their hooks and class — plus free text,
// with the lab's text rendered live by station/record. A removal of attachments takes the
// clinician's own reason and confirmation (never filled in for them); choosing it after scans
// were taken marks those scans for a rescan.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <string>

#include "app_context.h"

namespace intake::record {
struct Prescription;
}

namespace intake::app {

// The prescription as station/record models it, from what the screens gathered.
intake::record::Prescription build_prescription(const AppContext& context);
// "keep-all", "remove-all" (no teeth named) or "remove-some".
std::string attachments_decision(const AppContext& context);

class PrescriptionAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString submissionType MEMBER submission_type_ CONSTANT)
    Q_PROPERTY(bool keepAllAttachments READ keep_all WRITE set_keep_all NOTIFY changed)
    // A removal: the teeth whose attachments come off ("" = all), the reason the clinician types
    // and their confirmation.
    Q_PROPERTY(
        QString attachmentsTeeth READ attachments_teeth WRITE set_attachments_teeth NOTIFY changed)
    Q_PROPERTY(QString attachmentsReason READ attachments_reason WRITE set_attachments_reason NOTIFY
                   changed)
    Q_PROPERTY(bool attachmentsConfirmed READ attachments_confirmed WRITE set_attachments_confirmed
                   NOTIFY changed)
    Q_PROPERTY(QString treatArches READ treat_arches WRITE set_treat_arches NOTIFY changed)
    // The aligner the patient wears now, per arch (0: not given; the lab form asks for it).
    Q_PROPERTY(
        int alignerNowUpper READ aligner_now_upper WRITE set_aligner_now_upper NOTIFY changed)
    Q_PROPERTY(
        int alignerNowLower READ aligner_now_lower WRITE set_aligner_now_lower NOTIFY changed)
    Q_PROPERTY(QStringList movements MEMBER movements_ CONSTANT)
    Q_PROPERTY(QVariantList instructions MEMBER instructions_ NOTIFY changed)
    Q_PROPERTY(QVariantList markedTeeth MEMBER marked_teeth_ NOTIFY changed)
    Q_PROPERTY(QString freeText READ free_text WRITE set_free_text NOTIFY changed)
    Q_PROPERTY(QString labText MEMBER lab_text_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)

  public:
    explicit PrescriptionAdapter(AppContext& context, QObject* parent = nullptr);

    // Adds {teeth, movement, amount, note} or, for an elastic, {movement, from, to,
    // elasticClass, note}; IPR's teeth are the contact "33/34". false (message says why, naming
    // the tooth or contact) when the core's check refuses it: nothing is added then.
    Q_INVOKABLE bool addInstruction(const QVariantMap& entry);
    Q_INVOKABLE void removeInstruction(int index);
    // "mm", "°" or "" (no amount) for a movement; "teeth", "contact" (IPR) or "elastic".
    Q_INVOKABLE QString unitOf(const QString& movement) const;
    Q_INVOKABLE QString kindOf(const QString& movement) const;

    bool keep_all() const { return context_.draft().keep_all_attachments; }
    void set_keep_all(bool keep);
    QString attachments_teeth() const { return context_.draft().attachments_teeth; }
    void set_attachments_teeth(const QString& teeth);
    QString attachments_reason() const { return context_.draft().attachments_reason; }
    void set_attachments_reason(const QString& reason);
    bool attachments_confirmed() const { return context_.draft().attachments_confirmed; }
    void set_attachments_confirmed(bool confirmed);
    QString treat_arches() const { return context_.draft().treat_arches; }
    void set_treat_arches(const QString& arches);
    int aligner_now_upper() const { return context_.draft().aligner_now_upper; }
    void set_aligner_now_upper(int number);
    int aligner_now_lower() const { return context_.draft().aligner_now_lower; }
    void set_aligner_now_lower(int number);
    QString free_text() const { return context_.draft().free_text; }
    void set_free_text(const QString& text);
    const QString& lab_text() const { return lab_text_; }

  signals:
    void changed();

  private:
    void render();

    AppContext& context_;
    QString submission_type_ = "Additional aligners (refinement)";
    QStringList movements_;
    QVariantList instructions_, marked_teeth_;
    QString lab_text_, message_;
};

}  // namespace intake::app
