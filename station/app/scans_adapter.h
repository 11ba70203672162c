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

  public:
    ScansAdapter(AppContext& context, QObject* parent = nullptr);
    ~ScansAdapter() override;

    Q_INVOKABLE void selectArch(const QString& arch);
    Q_INVOKABLE void startScan();
    Q_INVOKABLE void rescan() { startScan(); }

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

  signals:
    void changed();
    void scanFinished(const QString& arch, const QString& verdict);
    void displayed();

  private:
    void refresh_archs();
    void refresh_device();
    void on_progress(QString phase, int percent);
    void run_bite_and_heatmap();
    void show_arch(const std::string& arch);
    void reload_resumed_scans();

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
};

}  // namespace intake::app
