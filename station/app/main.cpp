// intake-kiosk: the chairside kiosk. Starts on embedded defaults (simulated scanner and camera,
// SQLite in $INTAKE_HOME, the local lab inbox) and prints how long the cold start took.
#include <QtQml/qqmlextensionplugin.h>

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickWindow>
#include <cstdio>

#include "app_paths.h"
#include "backend.h"
#include "camera_frames.h"

Q_IMPORT_QML_PLUGIN(IntakeStationPlugin)

int main(int argc, char** argv) {
    QElapsedTimer since_start;
    since_start.start();
    qputenv("QT_QUICK_CONTROLS_STYLE", "Basic");
    QStringList raw;
    for (int i = 0; i < argc; ++i) raw << QString::fromLocal8Bit(argv[i]);
    const intake::app::AppConfig config = intake::app::parse_config(raw);
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
                if (exit_after)
                    QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
            });
    }
    const int rc = app.exec();
    engine.clearComponentCache();
    return rc;
}
