// Loads the console's translation (compiled in as resources by qt_add_translations) and Qt's own
// for the locale, installing both on the application.
#pragma once

#include <QString>

class QCoreApplication;

namespace tandem::console {

// `language`: "de", "fr", "en", … ; "" → the system locale (QLocale::system()). Returns the
// language actually loaded ("en" when none matched: the source strings are English).
QString installTranslations(QCoreApplication& app, const QString& language);

}  // namespace tandem::console
