#include "ui_harness.h"

#include <QtQml/qqmlextensionplugin.h>
#include <gtest/gtest.h>

#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlComponent>
#include <QTest>
#include <set>

#include "camera_frames.h"

Q_IMPORT_QML_PLUGIN(IntakeStationPlugin)

namespace intake::app::test {
namespace fs = std::filesystem;

void ensure_app() {
    if (QGuiApplication::instance()) return;
    qputenv("QT_QUICK_CONTROLS_STYLE", "Basic");
    static int argc = 1;
    static char name[] = "intake-ui-test";
    static char* argv[] = {name, nullptr};
    new QGuiApplication(argc, argv);  // lives for the whole test process
}

fs::path fresh_home(const std::string& name) {
    const fs::path home = fs::path(INTAKE_BINARY_DIR) / "ui-homes" / name;
    std::error_code ec;
    fs::remove_all(home, ec);
    fs::create_directories(home);
    return home;
}

Kiosk::Kiosk(AppConfig config, bool mock) {
    ensure_app();
    engine_ = std::make_unique<QQmlApplicationEngine>();
    engine_->addImportPath("qrc:/qt/qml");
    if (mock) {
        QQmlComponent component(engine_.get(),
                                QUrl("qrc:/qt/qml/IntakeStation/qml/MockBackend.qml"));
        backend_object_ = component.create();
        if (!backend_object_)
            ADD_FAILURE() << component.errorString().toStdString();
        else
            backend_object_->setParent(engine_.get());
    } else {
        backend_ = std::make_unique<Backend>(std::move(config));
        engine_->addImageProvider("camera", new CameraImageProvider(backend_->camera_frames()));
        backend_object_ = backend_.get();
    }
    engine_->setInitialProperties({{"backend", QVariant::fromValue(backend_object_)}});
    engine_->load(QUrl("qrc:/qt/qml/IntakeStation/qml/Main.qml"));
    if (engine_->rootObjects().isEmpty()) {
        ADD_FAILURE() << "Main.qml did not load";
        return;
    }
    window_ = qobject_cast<QQuickWindow*>(engine_->rootObjects().first());
    window_->resize(1920, 1080);
    window_->show();
    EXPECT_TRUE(QTest::qWaitForWindowExposed(window_, 10000));
    settle(300);
}

Kiosk::~Kiosk() {
    engine_.reset();  // QML goes first: it holds pointers into the backend
    backend_.reset();
}

QObject* Kiosk::adapter(const char* name) const {
    return backend_object_ ? backend_object_->property(name).value<QObject*>() : nullptr;
}

namespace {

bool really_visible(QQuickItem* item) {
    for (QQuickItem* p = item; p; p = p->parentItem()) {
        if (!p->isVisible() || p->opacity() <= 0.0) return false;
    }
    return true;
}

QQuickItem* find_item(QQuickItem* root, const QString& name) {
    if (!root) return nullptr;
    if (root->objectName() == name && really_visible(root)) return root;
    for (QQuickItem* child : root->childItems()) {
        if (QQuickItem* hit = find_item(child, name)) return hit;
    }
    return nullptr;
}

}  // namespace

QQuickItem* Kiosk::item(const QString& object_name) const {
    if (!window_) return nullptr;
    if (QQuickItem* hit = find_item(window_->contentItem(), object_name)) return hit;
    // Popups live under the overlay, a sibling of the content item.
    return find_item(window_->contentItem()->parentItem(), object_name);
}

void Kiosk::click(const QString& object_name) {
    QQuickItem* target = nullptr;
    wait_until([&] { return (target = item(object_name)) != nullptr; }, 5000);
    ASSERT_NE(target, nullptr) << "no visible item " << object_name.toStdString();
    ASSERT_TRUE(target->isEnabled()) << object_name.toStdString() << " is disabled";
    const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
    QTest::mouseClick(window_, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
    settle(60);
}

void Kiosk::type_pin(const QString& pin) {
    for (QChar c : pin) click("pinKey_" + QString(c));
    click("pinKey_OK");
}

void Kiosk::type_text(const QString& object_name, const QString& text) {
    click(object_name);
    QQuickItem* field = item(object_name);
    ASSERT_NE(field, nullptr) << object_name.toStdString();
    field->setProperty("text", QString());
    field->forceActiveFocus();
    for (QChar c : text) QTest::keyClick(window_, c.toLatin1());
    settle(30);
    ASSERT_EQ(field->property("text").toString(), text) << object_name.toStdString();
}

void Kiosk::sign_in(const QString& user_id, const QString& pin) {
    type_text("signInUser", user_id);
    type_pin(pin);
}

void Kiosk::go(const QString& screen) {
    QMetaObject::invokeMethod(window_, "go", Q_ARG(QVariant, screen));
    settle();
}

void Kiosk::wizard_page(const QString& key) {
    click("stepTab_" + key);
    settle();
}

bool Kiosk::wait_until(const std::function<bool()>& done, int timeout_ms) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeout_ms) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QTest::qWait(10);
    }
    return true;
}

void Kiosk::settle(int ms) { QTest::qWait(ms); }

bool looks_rendered(const QImage& image, QString* why) {
    if (image.isNull() || image.width() < 100) {
        if (why) *why = "empty image";
        return false;
    }
    std::set<QRgb> colours;
    int lo = 255, hi = 0;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7) {
            const QRgb c = image.pixel(x, y);
            colours.insert(c);
            const int g = qGray(c);
            lo = std::min(lo, g);
            hi = std::max(hi, g);
        }
    }
    if (colours.size() < 16 || hi - lo < 64) {
        if (why)
            *why = QString("looks blank: %1 colours, contrast %2").arg(colours.size()).arg(hi - lo);
        return false;
    }
    return true;
}

QImage Kiosk::screenshot(const QString& name) {
    settle(250);
    QImage image = window_->grabWindow();
    const QString dir = QString(INTAKE_BINARY_DIR) + "/ui-screenshots";
    QDir().mkpath(dir);
    const QString path = dir + "/" + name + ".png";
    EXPECT_TRUE(image.save(path)) << path.toStdString();
    QString why;
    EXPECT_TRUE(looks_rendered(image, &why)) << name.toStdString() << ": " << why.toStdString();
    return image;
}

}  // namespace intake::app::test
