// intake-kiosk: the chairside kiosk. Starts on embedded defaults (simulated scanner and camera,
// SQLite in the station home) and prints how long the cold start took. `--version` answers
// before any display is opened (install checks run headless); `--demo` starts the local lab
// inbox from the data dir (intake_appointment) and uploads there.
#include <QtQml/qqmlextensionplugin.h>

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickWindow>
#include <cstdio>
#include <cstring>

#include "app_paths.h"
#include "backend.h"
#include "base/log.h"
#include "camera_frames.h"
#include "station/appointment/local_inbox.h"

#ifndef INTAKE_VERSION
#define INTAKE_VERSION "0.0.0"
#endif
#ifndef INTAKE_GIT_DESCRIBE
#define INTAKE_GIT_DESCRIBE "unknown"
#endif

Q_IMPORT_QML_PLUGIN(IntakeStationPlugin)

namespace {

// --version is the shell's own; --demo is seen here too (the local lab inbox starts before Qt)
// and goes on to parse_config with everything else.
struct ShellFlags {
    bool version = false;
    bool demo = false;
    QStringList rest;
};

ShellFlags shell_flags(int argc, char** argv) {
    ShellFlags flags;
    for (int i = 0; i < argc; ++i) {
        if (i > 0 && (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0)) {
            flags.version = true;
        } else {
            // --demo also stays in `rest`: parse_config's AppConfig::demo is what seeds the demo
            // practice and users (swallowing it here left `run.sh`'s kiosk on the first-run
            // screen).
            if (i > 0 && std::strcmp(argv[i], "--demo") == 0) flags.demo = true;
            flags.rest << QString::fromLocal8Bit(argv[i]);
        }
    }
    return flags;
}

}  // namespace

int main(int argc, char** argv) {
    QElapsedTimer since_start;
    since_start.start();
    const ShellFlags flags = shell_flags(argc, argv);
    if (flags.version) {
        std::printf("intake-kiosk %s (%s)\n", INTAKE_VERSION, INTAKE_GIT_DESCRIBE);
        return 0;
    }
    qputenv("QT_QUICK_CONTROLS_STYLE", "Basic");
    intake::app::AppConfig config = intake::app::parse_config(flags.rest);
    intake::appointment::LocalInbox inbox;
    if (flags.demo && config.lab_endpoint.isEmpty()) {
        const auto store = config.home / "demo-lab-inbox";
        if (auto started = inbox.start(store); !started) {
            intake::log(intake::LogLevel::error, "intake-kiosk",
                        "--demo: " + started.error().message);
            return 1;
        }
        config.lab_endpoint = QString::fromStdString(inbox.endpoint());
    }
    if (config.virtual_keyboard) qputenv("QT_IM_MODULE", "qtvirtualkeyboard");

    QGuiApplication app(argc, argv);
    app.setApplicationName("intake-kiosk");
    QQmlApplicationEngine engine;
    engine.addImportPath("qrc:/qt/qml");

    std::unique_ptr<intake::app::Backend> backend;
    QObject* backend_object = nullptr;
    if (config.mock) {
        QQmlComponent mock(&engine, QUrl("qrc:/qt/qml/IntakeStation/qml/MockBackend.qml"));
        backend_object = mock.create();
        if (!backend_object) {
            std::fprintf(stderr, "intake-kiosk: mock backend failed: %s\n",
                         qPrintable(mock.errorString()));
            return 1;
        }
        backend_object->setParent(&engine);
    } else {
        backend = std::make_unique<intake::app::Backend>(config);
        engine.addImageProvider("camera",
                                new intake::app::CameraImageProvider(backend->camera_frames()));
        backend_object = backend.get();
    }
    engine.setInitialProperties({{"backend", QVariant::fromValue(backend_object)},
                                 {"kiosk", config.kiosk},
                                 {"virtualKeyboard", config.virtual_keyboard}});
    engine.load(QUrl("qrc:/qt/qml/IntakeStation/qml/Main.qml"));
    if (engine.rootObjects().isEmpty()) {
        std::fprintf(stderr, "intake-kiosk: the main window failed to load\n");
        return 1;
    }
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    if (window) {
        auto connection = std::make_shared<QMetaObject::Connection>();
        const bool exit_after = config.exit_after_start;
        *connection = QObject::connect(
            window, &QQuickWindow::frameSwapped, [connection, since_start, exit_after] {
                std::fprintf(stderr, "intake-kiosk: first screen on screen %lld ms after start\n",
                             static_cast<long long>(since_start.elapsed()));
                QObject::disconnect(*connection);
                // exit(), not quit(): Qt 6's quit() asks every window to close first, and in
                // --kiosk the window refuses (only a clinician's PIN leaves), so the start-up
                // timing never ended under the kiosk session.
                if (exit_after)
                    QMetaObject::invokeMethod(
                        qApp, [] { QCoreApplication::exit(0); }, Qt::QueuedConnection);
            });
    }
    const int rc = app.exec();
    engine.clearComponentCache();
    return rc;
}
