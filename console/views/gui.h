// Entry points of the windowed console, used by main.cpp and the headless PNG export.
#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include "client/api_client.h"

namespace tandem::console {

struct GuiOptions {
  QList<QUrl> endpoints;  // empty: show the connect dialog (recent endpoints from QSettings)
  Credentials credentials;
  int interval_ms = 1000;
};

// Registers the icons of resources/console.qrc (compiled into the static UI library, so not
// registered by itself); idempotent. The windows call it; so may tests.
void ensureResources();

// Shows the main window and runs the event loop (a QApplication must exist); the exit code.
int runGui(const GuiOptions& options);

// Headless PNG of the main window: builds it offscreen, connects to `endpoints`, waits for the
// first complete poll round (at most timeout_ms), renders and saves it. False with `error`.
bool exportWindowPng(const QList<QUrl>& endpoints, const Credentials& credentials,
                     const QString& file, int timeout_ms, QString* error);

}  // namespace tandem::console
