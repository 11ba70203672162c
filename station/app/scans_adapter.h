// Scans: scanner status, arch choice, scan progress (device callbacks arrive on a worker thread
// and reach QML as queued signals), cleaning and QA off the GUI thread, the cleaned arch in 3D
// with voids coloured, the bite verdict and the progress heat map.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QVariantList>
#include <memory>

#include "app_context.h"
#include "export_folder_watch.h"
#include "mesh_geometry.h"

namespace intake::app {

class ScannerLink;

class ScansAdapter : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString deviceStatus MEMBER device_status_ NOTIFY changed)
    Q_PROPERTY(bool deviceReady MEMBER device_ready_ NOTIFY changed)
    Q_PROPERTY(QString arch MEMBER arch_ NOTIFY changed)
    Q_PROPERTY(QVariantList archs MEMBER archs_ NOTIFY changed)
    Q_PROPERTY(bool scanning MEMBER scanning_ NOTIFY changed)
    Q_PROPERTY(double progress MEMBER progress_ NOTIFY changed)
    Q_PROPERTY(QString stage MEMBER stage_ NOTIFY changed)
    Q_PROPERTY(QObject* geometry READ geometry CONSTANT)
    Q_PROPERTY(QString verdict MEMBER verdict_ NOTIFY changed)
    Q_PROPERTY(QString reasons MEMBER reasons_ NOTIFY changed)
    Q_PROPERTY(int voidCount MEMBER void_count_ NOTIFY changed)
    Q_PROPERTY(QString biteVerdict MEMBER bite_verdict_ NOTIFY changed)
    Q_PROPERTY(QString biteReason MEMBER bite_reason_ NOTIFY changed)
    Q_PROPERTY(bool heatmapAvailable MEMBER heatmap_available_ NOTIFY changed)
    Q_PROPERTY(bool showHeatmap READ show_heatmap WRITE set_show_heatmap NOTIFY changed)
    Q_PROPERTY(QString heatmapReason MEMBER heatmap_reason_ NOTIFY changed)
    // Where scans come from (Settings → Devices): "sim", "usb" or "folder" (an export folder).
    Q_PROPERTY(QString source MEMBER source_ NOTIFY changed)
    Q_PROPERTY(QString folderPath MEMBER folder_path_ NOTIFY changed)
    Q_PROPERTY(bool folderWatching READ folder_watching NOTIFY changed)
    // Files in the export folder that need a person's answer: {file, name, question}.
    Q_PROPERTY(QVariantList folderQuestions MEMBER folder_questions_ NOTIFY changed)
    // Files taken from the folder: {role, name, source} (source: whose word decided the role).
    Q_PROPERTY(QVariantList folderTaken MEMBER folder_taken_ NOTIFY changed)

  public:
    ScansAdapter(AppContext& context, QObject* parent = nullptr);
    ~ScansAdapter() override;

    Q_INVOKABLE void selectArch(const QString& arch);
    Q_INVOKABLE void startScan();
    Q_INVOKABLE void rescan() { startScan(); }
    // Export folder: take the arches from the folder (files already there and new ones).
    Q_INVOKABLE void watchFolder();
    Q_INVOKABLE void stopFolder();
    // The person's answer for an unclear file: "upper", "lower", "bite", or "ignore".
    Q_INVOKABLE void answerQuestion(const QString& file, const QString& role);

    // The scan for `arch` arrived as mesh file bytes (from the scanner or a test): clean, QA,
    // colour and show it. Emits displayed() once the geometry is handed to the scene.
    void accept_scan_bytes(const QString& arch, std::vector<std::byte> bytes);
    // Shows a mesh directly (render-time measurement); colours as given.
    void show_mesh(const intake::mesh::Mesh& mesh);

    QObject* geometry() const { return geometry_.get(); }
    MeshGeometry& mesh_geometry() const { return *geometry_; }
    bool scanning() const { return scanning_; }
    const QString& verdict() const { return verdict_; }
    bool show_heatmap() const { return show_heatmap_; }
    void set_show_heatmap(bool on);
    void set_scanner(std::unique_ptr<ScannerLink> link);
    // Switches the scan source: "sim" and "usb" use `link`; "folder" watches `folder` while the
    // scans step asks for it.
    void use_source(const QString& source, const QString& folder,
                    std::unique_ptr<ScannerLink> link);
    bool folder_watching() const { return folder_watch_ != nullptr; }

  signals:
    void changed();
    void scanFinished(const QString& arch, const QString& verdict);
    void displayed();

  private:
    void refresh_archs();
    void refresh_standing();
    void refresh_device();
    void on_progress(QString phase, int percent);
    void run_bite_and_heatmap();
    void show_arch(const std::string& arch);
    void reload_resumed_scans();
    void on_folder_taken(TakenScan scan);
    void on_folder_question(FolderQuestion question);
    void remove_question(const QString& file);

    AppContext& context_;
    std::unique_ptr<MeshGeometry> geometry_;
    std::unique_ptr<ScannerLink> scanner_;
    QString device_status_, arch_ = "upper", stage_, verdict_, reasons_;
    QVariantList archs_;
    bool device_ready_ = false, scanning_ = false;
    double progress_ = 0;
    int void_count_ = 0;
    QString bite_verdict_, bite_reason_, heatmap_reason_;
    bool heatmap_available_ = false, show_heatmap_ = false;
    std::shared_ptr<const intake::mesh::Mesh> heatmap_mesh_;
    QString source_ = "sim", folder_path_;
    QVariantList folder_questions_, folder_taken_;
    std::unique_ptr<ExportFolderWatch> folder_watch_;
};

}  // namespace intake::app
