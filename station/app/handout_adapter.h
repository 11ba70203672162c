// The patient hand-out (seed step 6): text from station/record, printed through QPrinter
// (to PDF in the data directory when no printer is set up, which is what tests use).
#pragma once

#include <QObject>
#include <QString>

#include "app_context.h"

namespace intake::app {

class HandoutAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString text MEMBER text_ NOTIFY changed)
    Q_PROPERTY(QString message MEMBER message_ NOTIFY changed)
    Q_PROPERTY(QString pdfPath MEMBER pdf_path_ NOTIFY changed)

  public:
    explicit HandoutAdapter(AppContext& context, QObject* parent = nullptr);

    Q_INVOKABLE bool print();
    const QString& pdf_path() const { return pdf_path_; }

  signals:
    void changed();

  private:
    void render();

    AppContext& context_;
    QString text_, message_, pdf_path_;
};

}  // namespace intake::app
