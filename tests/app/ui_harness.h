// Test harness for the kiosk under Xvfb: loads Main.qml with the real Backend (or the QML mock),
// finds items by objectName, clicks them like a finger would, waits for asynchronous work, and
// saves a screenshot of every screen to <build dir>/ui-screenshots/NN-name.png, checking it is
// not blank.
#pragma once

#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QString>
#include <filesystem>
#include <functional>
#include <memory>

#include "app_paths.h"
#include "backend.h"

namespace intake::app::test {

// The one QGuiApplication every ui test needs (created on first use).
void ensure_app();

// A fresh data directory under the build tree, removed first if it exists.
std::filesystem::path fresh_home(const std::string& name);

class Kiosk {
  public:
    // Real backend on `config`, or the QML mock when `mock` is true.
    explicit Kiosk(AppConfig config, bool mock = false);
    ~Kiosk();

    QQuickWindow* window() const { return window_; }
    Backend* backend() const { return backend_.get(); }
    QObject* backend_object() const { return backend_object_; }
    QObject* adapter(const char* name) const;  // backend.<name>

    QQuickItem* item(const QString& object_name) const;  // visible item with that objectName
    // Clicks the centre of a visible, enabled item. Fails the test when it is missing.
    void click(const QString& object_name);
    void type_pin(const QString& pin);  // on the visible PIN pad, then OK
    // Types `text` into the visible text field `object_name` as a keyboard would.
    void type_text(const QString& object_name, const QString& text);
    // The user id into the sign-in field, then the PIN on the pad (the answer is asynchronous).
    void sign_in(const QString& user_id, const QString& pin);
    void go(const QString& screen);  // Main.go(screen), for screens reached by menus
    void wizard_page(const QString& key);
    // Spins the event loop until `done` or the timeout; returns done().
    bool wait_until(const std::function<bool()>& done, int timeout_ms = 30000);
    void settle(int ms = 150);  // lets bindings, layout and one frame happen

    // Saves <build>/ui-screenshots/<name>.png and asserts the image is not blank.
    QImage screenshot(const QString& name);

  private:
    std::unique_ptr<QQmlApplicationEngine> engine_;
    std::unique_ptr<Backend> backend_;
    QObject* backend_object_ = nullptr;
    QQuickWindow* window_ = nullptr;
};

// True when the image has real content: many distinct colours and contrast.
bool looks_rendered(const QImage& image, QString* why = nullptr);

}  // namespace intake::app::test
