#include "scans_adapter.h"

#include <QPointer>
#include <QQmlEngine>

#include "async.h"
#include "prescription_adapter.h"
#include "scan_pipeline.h"
#include "scanner_link.h"
#include "station/record/submission_gate.h"

namespace intake::app {

namespace {
const char* const kArchs[][2] = {
    {"upper", "Upper arch"}, {"lower", "Lower arch"}, {"bite", "Bite"}};

struct Standing {
    QString verdict, reasons;
};

// What the scans step shows for an arch: its own QA verdict and reasons, or failed for a rescan
// while the decision removes attachments and it was taken with them on (station/record's rule;
// the scan's own verdict is kept, so going back to keep-all shows it again).
Standing standing_of(const ArchScan& scan, const AppContext& context) {
    intake::record::CapturedRecord own;
    own.taken_with_attachments = scan.taken_with_attachments;
    if (intake::record::scan_standing(own, attachments_decision(context)).verdict != Verdict::fail)
        return {scan.verdict, scan.reasons};
    const auto& why = intake::record::kTakenBeforeRemoval;
    const QString reason = QString::fromUtf8(why.data(), static_cast<qsizetype>(why.size()));
    const bool own_findings = scan.verdict != "pass" && !scan.reasons.isEmpty();
    return {"fail", own_findings ? scan.reasons + "\n" + reason : reason};
}
}  // namespace

ScansAdapter::ScansAdapter(AppContext& context, QObject* parent)
    : QObject(parent), context_(context), geometry_(std::make_unique<MeshGeometry>()) {
    QQmlEngine::setObjectOwnership(geometry_.get(), QQmlEngine::CppOwnership);  // ours, not QML's
    connect(&context_, &AppContext::caseChanged, this, [this] {
        stopFolder();  // another patient's folder contents must not land in this case
        folder_questions_.clear();
        folder_taken_.clear();
        geometry_->set_mesh({});
        verdict_.clear();
        reasons_.clear();
        void_count_ = 0;
        progress_ = 0;
        stage_.clear();
        bite_verdict_.clear();
        bite_reason_.clear();
        heatmap_available_ = show_heatmap_ = false;
        heatmap_mesh_.reset();
        heatmap_reason_ = "Scan an arch to compare it with the last submission.";
        refresh_archs();
        reload_resumed_scans();
    });
    // The attachments decision (or a restored draft) changes what each scan stands at.
    connect(&context_, &AppContext::draftChanged, this, &ScansAdapter::refresh_standing);
    heatmap_reason_ = "Scan an arch to compare it with the last submission.";
    refresh_archs();
}

void ScansAdapter::refresh_standing() {
    auto it = context_.draft().scans.find(arch_.toStdString());
    if (it != context_.draft().scans.end() && it->second.mesh && !show_heatmap_) {
        const Standing now = standing_of(it->second, context_);
        verdict_ = now.verdict;
        reasons_ = now.reasons;
    }
    refresh_archs();
}

ScansAdapter::~ScansAdapter() = default;

void ScansAdapter::set_scanner(std::unique_ptr<ScannerLink> link) {
    scanner_ = std::move(link);
    refresh_device();
}

void ScansAdapter::refresh_device() {
    if (source_ == "folder") {
        const bool exists =
            !folder_path_.isEmpty() && std::filesystem::is_directory(folder_path_.toStdString());
        device_ready_ = exists;
        device_status_ = !exists         ? "Export folder not found: " + folder_path_
                         : folder_watch_ ? "Watching the export folder " + folder_path_
                                         : "Export folder " + folder_path_ + " (ready)";
    } else {
        device_ready_ = scanner_ && scanner_->ready();
        device_status_ = scanner_ ? scanner_->status() : QString("No scanner");
    }
    emit changed();
}

void ScansAdapter::use_source(const QString& source, const QString& folder,
                              std::unique_ptr<ScannerLink> link) {
    stopFolder();
    source_ = source;
    folder_path_ = folder;
    folder_questions_.clear();
    folder_taken_.clear();
    set_scanner(std::move(link));
}

void ScansAdapter::watchFolder() {
    if (source_ != "folder" || folder_watch_) return;
    QPointer<ScansAdapter> self(this);
    ExportFolderCallbacks callbacks;
    // Called on the watcher's thread: everything reaches the adapter as a queued call.
    callbacks.taken = [self](TakenScan scan) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, scan = std::move(scan)]() mutable {
                if (self) self->on_folder_taken(std::move(scan));
            },
            Qt::QueuedConnection);
    };
    callbacks.question = [self](FolderQuestion q) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, q] {
                if (self) self->on_folder_question(q);
            },
            Qt::QueuedConnection);
    };
    callbacks.failed = [self](std::string why) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, why] {
                if (!self) return;
                self->stage_ = QString::fromStdString(why);
                emit self->changed();
            },
            Qt::QueuedConnection);
    };
    auto watch = ExportFolderWatch::start(folder_path_.toStdString(), std::move(callbacks));
    if (!watch) {
        stage_ = QString::fromStdString(watch.error().to_string());
        refresh_device();
        return;
    }
    folder_watch_ = std::move(*watch);
    stage_ = "Waiting for the scanner's export in " + folder_path_ + "…";
    refresh_device();
}

void ScansAdapter::stopFolder() {
    if (!folder_watch_) return;
    folder_watch_.reset();  // joins the watcher's thread
    refresh_device();
}

void ScansAdapter::on_folder_taken(TakenScan scan) {
    const QString name = QString::fromStdString(scan.file.filename().string());
    const QString role = QString::fromStdString(scan.role);
    remove_question(QString::fromStdString(scan.file.string()));
    folder_taken_.append(QVariantMap{
        {"role", role}, {"name", name}, {"source", QString::fromStdString(scan.source)}});
    arch_ = role;
    accept_scan_bytes(role, std::move(scan.bytes));
}

void ScansAdapter::on_folder_question(FolderQuestion question) {
    const QString file = QString::fromStdString(question.file.string());
    for (const auto& q : folder_questions_)
        if (q.toMap()["file"].toString() == file) return;
    folder_questions_.append(
        QVariantMap{{"file", file},
                    {"name", QString::fromStdString(question.file.filename().string())},
                    {"question", QString::fromStdString(question.question)}});
    emit changed();
}

void ScansAdapter::remove_question(const QString& file) {
    for (qsizetype i = 0; i < folder_questions_.size(); ++i) {
        if (folder_questions_[i].toMap()["file"].toString() == file) {
            folder_questions_.removeAt(i);
            emit changed();
            return;
        }
    }
}

void ScansAdapter::answerQuestion(const QString& file, const QString& role) {
    remove_question(file);
    if (role != "upper" && role != "lower" && role != "bite") return;  // ignored: not a scan
    const std::filesystem::path path = file.toStdString();
    run_async<Result<std::vector<std::byte>>>(
        this, [path]() { return read_scan_file(path); },
        [this, path, role](AsyncOutcome<Result<std::vector<std::byte>>> out) {
            if (!out.value || !*out.value) {
                stage_ = out.value ? QString::fromStdString(out.value->error().to_string())
                                   : QString::fromStdString(out.crash);
                emit changed();
                return;
            }
            on_folder_taken(
                {role.toStdString(), path, "answered at the kiosk", std::move(out.value->value())});
        });
}

void ScansAdapter::refresh_archs() {
    archs_.clear();
    for (const auto& a : kArchs) {
        auto it = context_.draft().scans.find(a[0]);
        archs_.append(QVariantMap{{"arch", a[0]},
                                  {"title", a[1]},
                                  {"verdict", it == context_.draft().scans.end()
                                                  ? QString()
                                                  : standing_of(it->second, context_).verdict}});
    }
    emit changed();
}

void ScansAdapter::selectArch(const QString& arch) {
    arch_ = arch;
    show_arch(arch.toStdString());
    // The heat map belongs to the arch on screen: recompute it for the newly chosen one.
    heatmap_available_ = false;
    heatmap_mesh_.reset();
    if (context_.draft().scans.count(arch.toStdString())) run_bite_and_heatmap();
}

// A resumed appointment's scans come back from the draft without their meshes: read the cleaned
// files again off the GUI thread, so the 3D view, the bite and the heat map work as before.
void ScansAdapter::reload_resumed_scans() {
    for (const auto& [arch, scan] : context_.draft().scans) {
        if (scan.mesh) continue;
        const std::filesystem::path file = scan.file;
        const std::string name = arch;
        run_async<Result<std::shared_ptr<const intake::mesh::Mesh>>>(
            this, [file]() { return load_stored_scan(file); },
            [this, name,
             file](AsyncOutcome<Result<std::shared_ptr<const intake::mesh::Mesh>>> out) {
                auto it = context_.draft().scans.find(name);
                // The arch may have been rescanned (or the case closed) in the meantime.
                if (it == context_.draft().scans.end() || it->second.file != file ||
                    it->second.mesh)
                    return;
                if (!out.value || !*out.value) {
                    stage_ = out.value ? QString::fromStdString(out.value->error().to_string())
                                       : QString::fromStdString(out.crash);
                    emit changed();
                    return;
                }
                it->second.mesh = **out.value;
                if (arch_.toStdString() == name) show_arch(name);
                run_bite_and_heatmap();
            });
    }
}

void ScansAdapter::show_arch(const std::string& arch) {
    auto it = context_.draft().scans.find(arch);
    show_heatmap_ = false;
    if (it == context_.draft().scans.end() || !it->second.mesh) {
        verdict_.clear();
        reasons_.clear();
        void_count_ = 0;
        emit changed();
        return;
    }
    const Standing now = standing_of(it->second, context_);
    verdict_ = now.verdict;
    reasons_ = now.reasons;
    void_count_ = it->second.voids;
    geometry_->set_mesh(*it->second.mesh);
    emit changed();
}

void ScansAdapter::on_progress(QString phase, int percent) {
    progress_ = percent / 100.0;
    stage_ = QString("%1 %2 — %3 %").arg(phase, arch_).arg(percent);
    emit changed();
}

void ScansAdapter::startScan() {
    if (source_ == "folder") return watchFolder();
    if (scanning_ || !scanner_ || !scanner_->ready()) return;
    scanning_ = true;
    progress_ = 0;
    stage_ = "Starting the " + arch_ + " scan…";
    emit changed();
    ScannerLink* link = scanner_.get();
    const std::string arch = arch_.toStdString();
    QPointer<ScansAdapter> self(this);
    run_async<Result<std::vector<std::byte>>>(
        this,
        [link, arch, self]() {
            // Device callbacks arrive on this worker thread; they reach QML as queued calls.
            return link->scan(arch, [self](const std::string& phase, int percent) {
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, p = QString::fromStdString(phase), percent] {
                        if (self) self->on_progress(p, percent);
                    },
                    Qt::QueuedConnection);
            });
        },
        [this, arch](AsyncOutcome<Result<std::vector<std::byte>>> out) {
            if (!out.value || !*out.value) {
                scanning_ = false;
                stage_ = out.value ? QString::fromStdString(out.value->error().to_string())
                                   : "Scanner crashed: " + QString::fromStdString(out.crash);
                emit changed();
                return;
            }
            accept_scan_bytes(QString::fromStdString(arch), std::move(out.value->value()));
        });
}

void ScansAdapter::accept_scan_bytes(const QString& arch_q, std::vector<std::byte> bytes) {
    scanning_ = true;
    stage_ = "Cleaning and checking the " + arch_q + " scan…";
    emit changed();
    const std::string arch = arch_q.toStdString();
    const auto dir = context_.draft_dir() / "scans";
    auto shared = std::make_shared<std::vector<std::byte>>(std::move(bytes));
    run_async<ProcessedScan>(
        this, [arch, dir, shared]() { return process_scan(arch, *shared, dir); },
        [this, arch](AsyncOutcome<ProcessedScan> out) {
            scanning_ = false;
            if (!out.value || !out.value->error.isEmpty()) {
                stage_ = out.value
                             ? out.value->error
                             : "Scan processing crashed: " + QString::fromStdString(out.crash);
                emit changed();
                return;
            }
            ProcessedScan& scan = *out.value;
            context_.draft().scans[arch] = ArchScan{
                scan.file,     scan.verdict,
                scan.reasons,  scan.reason_list,
                scan.raw_file, scan.voids,
                scan.mesh,     scan.mesh ? static_cast<int64_t>(scan.mesh->triangle_count()) : 0};
            context_.draft().scans[arch].taken_with_attachments =
                context_.draft().keep_all_attachments;
            context_.notify_draft();
            arch_ = QString::fromStdString(arch);
            verdict_ = scan.verdict;
            reasons_ = scan.reasons;
            void_count_ = scan.voids;
            show_heatmap_ = false;
            geometry_->apply(std::move(scan.buffers));
            progress_ = 1;
            stage_ = QString("%1 scan: %2 triangles").arg(arch_).arg(geometry_->triangle_count());
            refresh_archs();
            emit displayed();
            emit scanFinished(arch_, verdict_);
            run_bite_and_heatmap();
        });
}

void ScansAdapter::show_mesh(const intake::mesh::Mesh& mesh) {
    geometry_->set_mesh(mesh);
    emit displayed();
}

void ScansAdapter::run_bite_and_heatmap() {
    auto up = context_.draft().scans.find("upper");
    auto low = context_.draft().scans.find("lower");
    const bool have_bite = context_.draft().scans.count("bite") > 0;
    auto current = context_.draft().scans.find(arch_.toStdString());
    // The previous submission's scan: <home>/previous-scans/<arch>.ply, else (demo case) the
    // bundled reference scan the demo case was first submitted with.
    auto previous = context_.home() / "previous-scans" / (arch_.toStdString() + ".ply");
    if (!std::filesystem::exists(previous)) {
        previous = context_.config().demo_data / "scans" /
                   (arch_ == "upper" ? "Ref_Upper_Mesh_Tag=0.obj" : "Ref_Lower_Mesh_Tag=0.obj");
    }
    std::shared_ptr<const intake::mesh::Mesh> upper, lower, today;
    if (have_bite && up != context_.draft().scans.end() && low != context_.draft().scans.end()) {
        upper = up->second.mesh;
        lower = low->second.mesh;
    }
    if (current != context_.draft().scans.end() && arch_ != "bite") today = current->second.mesh;
    if (!have_bite) {
        bite_verdict_.clear();
        bite_reason_ = "No bite scan yet.";
    }
    run_async<std::pair<BiteResult, HeatmapResult>>(
        this,
        [upper, lower, today, previous]() {
            BiteResult bite;
            if (upper && lower) bite = check_bite(*upper, *lower);
            HeatmapResult heat{"The progress heat map needs an upper or lower scan.", nullptr};
            if (today) heat = progress_heatmap(previous, *today);
            return std::make_pair(bite, heat);
        },
        [this](AsyncOutcome<std::pair<BiteResult, HeatmapResult>> out) {
            if (!out.value) return;
            if (!out.value->first.verdict.isEmpty() || !out.value->first.reason.isEmpty()) {
                bite_verdict_ = out.value->first.verdict;
                bite_reason_ = out.value->first.reason;
                context_.draft().bite_verdict = bite_verdict_;
                context_.draft().bite_reason = bite_reason_;
                context_.notify_draft();
            }
            heatmap_mesh_ = out.value->second.coloured;
            heatmap_available_ = heatmap_mesh_ != nullptr;
            heatmap_reason_ = out.value->second.reason;
            emit changed();
        });
}

void ScansAdapter::set_show_heatmap(bool on) {
    if (on == show_heatmap_) return;
    if (on && !heatmap_mesh_) return;
    show_heatmap_ = on;
    if (on) {
        geometry_->set_mesh(*heatmap_mesh_);
        emit changed();
    } else {
        show_arch(arch_.toStdString());
    }
}

}  // namespace intake::app
