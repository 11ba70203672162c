// The QML screens talk to one of two backends: the C++ Backend (adapters over the core libraries)
// or MockBackend.qml (device-free screens). Nothing but this test keeps them the same shape:
// every adapter, property, method (with its argument count) and signal of one must be in the
// other, and every screen must load against both without a QML warning (a binding to a property
// one of them lacks shows up as "undefined" or a TypeError). Mock-only helpers are named mock*.
#include <gtest/gtest.h>

#include <QDir>
#include <QMetaMethod>
#include <QMetaProperty>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "backend.h"
#include "camera_frames.h"
#include "ui_harness.h"

namespace intake::app::test {
namespace {

// "name" for a property; "name(n)" for a method with n arguments; "signal name(n)" for a signal.
std::set<std::string> members_of(const QObject* object) {
    std::set<std::string> out;
    const QMetaObject* meta = object->metaObject();
    for (int i = QObject::staticMetaObject.propertyCount(); i < meta->propertyCount(); ++i) {
        const std::string name = meta->property(i).name();
        if (name.rfind("mock", 0) != 0) out.insert(name);
    }
    for (int i = QObject::staticMetaObject.methodCount(); i < meta->methodCount(); ++i) {
        const QMetaMethod m = meta->method(i);
        if (m.access() != QMetaMethod::Public) continue;
        const std::string name = m.name().toStdString();
        if (name.rfind("mock", 0) == 0) continue;
        const std::string arity = "(" + std::to_string(m.parameterCount()) + ")";
        if (m.methodType() == QMetaMethod::Signal) {
            // Change notifications differ by design: one `changed` in C++, one per property in QML.
            const bool notify = name == "changed" || (name.size() > 7 && name.ends_with("Changed"));
            if (!notify) out.insert("signal " + name + arity);
        } else {
            out.insert(name + arity);
        }
    }
    return out;
}

std::string listed(const std::set<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

// What one side has and the other lacks.
std::set<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::set<std::string> out;
    for (const auto& n : a)
        if (!b.count(n)) out.insert(n);
    return out;
}

struct Backends {
    bool app_ready = (ensure_app(), true);  // the engine needs the QGuiApplication first
    QQmlEngine engine;
    std::unique_ptr<Backend> real;
    QObject* mock = nullptr;

    explicit Backends(const std::string& home) {
        engine.addImportPath("qrc:/qt/qml");
        AppConfig config;
        config.home = fresh_home(home);
        config.demo_data = INTAKE_TESTDATA_DIR;
        config.pin_options = intake::record::PinAuthOptions::fast_for_tests();
        config.demo = true;
        real = std::make_unique<Backend>(config);
        engine.addImageProvider("camera", new CameraImageProvider(real->camera_frames()));
        QQmlComponent component(&engine, QUrl("qrc:/qt/qml/IntakeStation/qml/MockBackend.qml"));
        mock = component.create();
        EXPECT_NE(mock, nullptr) << component.errorString().toStdString();
        if (mock) mock->setParent(&engine);
    }
    ~Backends() {
        engine.clearComponentCache();
        if (mock) delete mock;
        mock = nullptr;
    }
};

TEST(BackendContract, MockAndRealBackendHaveTheSameAdaptersPropertiesAndMethods) {
    Backends b("contract-shape");
    ASSERT_NE(b.mock, nullptr);
    const auto real_top = members_of(b.real.get());
    const auto mock_top = members_of(b.mock);
    EXPECT_EQ(minus(real_top, mock_top), std::set<std::string>{})
        << "the mock lacks: " << listed(minus(real_top, mock_top));
    EXPECT_EQ(minus(mock_top, real_top), std::set<std::string>{})
        << "the real backend lacks: " << listed(minus(mock_top, real_top));

    int adapters = 0;
    const QMetaObject* meta = b.real->metaObject();
    for (int i = QObject::staticMetaObject.propertyCount(); i < meta->propertyCount(); ++i) {
        const QMetaProperty p = meta->property(i);
        if (!(p.metaType().flags() & QMetaType::PointerToQObject)) continue;
        ++adapters;
        QObject* real = p.read(b.real.get()).value<QObject*>();
        QObject* mock = b.mock->property(p.name()).value<QObject*>();
        ASSERT_NE(real, nullptr) << p.name();
        ASSERT_NE(mock, nullptr) << "the mock has no adapter " << p.name();
        const auto r = members_of(real), m = members_of(mock);
        EXPECT_EQ(minus(r, m), std::set<std::string>{})
            << "mock " << p.name() << " lacks: " << listed(minus(r, m));
        EXPECT_EQ(minus(m, r), std::set<std::string>{})
            << "real " << p.name() << " lacks: " << listed(minus(m, r));
    }
    EXPECT_GE(adapters, 11) << "the Backend's adapters are typed QObject properties";
}

// QML warnings raised while a screen loads: the file and what went wrong.
std::mutex g_warnings_mutex;
std::vector<std::string>* g_warnings = nullptr;
void collect(QtMsgType type, const QMessageLogContext&, const QString& text) {
    if (type == QtDebugMsg || type == QtInfoMsg) return;
    std::lock_guard lock(g_warnings_mutex);
    if (g_warnings && text.contains("qml")) g_warnings->push_back(text.toStdString());
}

TEST(BackendContract, EveryScreenLoadsAgainstBothBackendsWithoutWarnings) {
    // Screens are created and deleted within a frame here; with the threaded render loop Quick 3D
    // (ScansStep's View3D) can still be preparing a deleted scene on the render thread and crash
    // now and then. Rendering on the GUI thread keeps deletion and rendering in order.
    qputenv("QSG_RENDER_LOOP", "basic");
    Backends b("contract-screens");
    ASSERT_NE(b.mock, nullptr);
    QQuickWindow window;
    window.resize(1920, 1080);
    window.show();
    const QStringList screens =
        QDir(":/qt/qml/IntakeStation/qml").entryList({"*Screen.qml", "*Step.qml", "*Dialog.qml"});
    ASSERT_GE(screens.size(), 14) << screens.join(", ").toStdString();
    for (QObject* backend : {static_cast<QObject*>(b.real.get()), b.mock}) {
        const char* which = backend == b.mock ? "mock" : "real";
        for (const QString& file : screens) {
            std::vector<std::string> warnings;
            {
                std::lock_guard lock(g_warnings_mutex);
                g_warnings = &warnings;
            }
            const QtMessageHandler previous = qInstallMessageHandler(collect);
            QQmlComponent component(&b.engine, QUrl("qrc:/qt/qml/IntakeStation/qml/" + file));
            QObject* screen =
                component.createWithInitialProperties({{"backend", QVariant::fromValue(backend)}});
            if (auto* item = qobject_cast<QQuickItem*>(screen)) {
                item->setParentItem(window.contentItem());
                item->setSize(QSizeF(1920, 1080));
            }
            QCoreApplication::processEvents();
            delete screen;
            QCoreApplication::processEvents();
            qInstallMessageHandler(previous);
            {
                std::lock_guard lock(g_warnings_mutex);
                g_warnings = nullptr;
            }
            EXPECT_TRUE(component.errors().isEmpty()) << which << " " << file.toStdString() << ": "
                                                      << component.errorString().toStdString();
            EXPECT_TRUE(warnings.empty()) << which << " " << file.toStdString() << ": "
                                          << (warnings.empty() ? "" : warnings.front());
        }
    }
}

}  // namespace
}  // namespace intake::app::test
