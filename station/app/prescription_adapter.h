// Prescription: the refinement rx (additional aligners, keep all existing attachments, arches)
// and the movement instructions — structured entries on the FDI chart plus free text — with the
// lab's text rendered live by station/record.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include "app_context.h"

namespace intake::record {
struct Prescription;
}

namespace intake::app {

// The prescription as station/record models it, from what the screens gathered.
intake::record::Prescription build_prescription(const AppContext& context);

class PrescriptionAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString submissionType MEMBER submission_type_ CONSTANT)
    Q_PROPERTY(bool keepAllAttachments READ keep_all WRITE set_keep_all NOTIFY changed)
    Q_PROPERTY(QStringList movements MEMBER movements_ CONSTANT)
    Q_PROPERTY(QVariantList instructions MEMBER instructions_ NOTIFY changed)
    Q_PROPERTY(QVariantList markedTeeth MEMBER marked_teeth_ NOTIFY changed)
    Q_PROPERTY(QString freeText READ free_text WRITE set_free_text NOTIFY changed)
    Q_PROPERTY(QString labText MEMBER lab_text_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)

  public:
    explicit PrescriptionAdapter(AppContext& context, QObject* parent = nullptr);

    Q_INVOKABLE bool addInstruction(int tooth, const QString& movement, double amount_mm);
    Q_INVOKABLE void removeInstruction(int index);

    bool keep_all() const { return context_.keep_all_attachments; }
    void set_keep_all(bool keep);
    QString free_text() const { return context_.free_text; }
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
