#include "app/app_translations.h"

#include <memory>

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace tandem::console {
namespace {

// Our translators carry this name, so that a second call (a test switching languages, a future
// language menu) replaces them instead of stacking: the translator installed last wins, and an
// old German one would otherwise still answer after switching to English.
const QString kTranslatorName = QStringLiteral("tandem-console-translator");
// Where qt_add_translations(RESOURCE_PREFIX /i18n) puts tandem_<lang>.qm (BASE is the binary
// directory the .qm files are written to, so no further folder is added).
const QString kResourceDirectory = QStringLiteral(":/i18n");
const QString kSourceLanguage = QStringLiteral("en");

void removeOurTranslators(QCoreApplication& app) {
  const auto translators =
      app.findChildren<QTranslator*>(kTranslatorName, Qt::FindDirectChildrenOnly);
  for (QTranslator* translator : translators) {
    QCoreApplication::removeTranslator(translator);
    delete translator;  // a child of app: deleting it also detaches it
  }
}

// Loads `prefix`_<lang>.qm for the first of `locale`'s UI languages (with its fallbacks:
// de-AT → de_AT, de) found in `directory` and installs it; the <lang> of the file loaded ("de",
// "fr_FR", …) or "" when nothing matched.
template <typename Translator>
QString installFor(QCoreApplication& app, const QLocale& locale, const QString& prefix,
                   const QString& directory) {
  auto translator = std::make_unique<Translator>();
  if (!translator->load(locale, prefix, QStringLiteral("_"), directory)) return {};
  translator->setObjectName(kTranslatorName);
  translator->setParent(&app);
  QTranslator* installed = translator.release();  // owned by app from here on
  QCoreApplication::installTranslator(installed);
  // The file name, not QTranslator::language(): that is empty for a .ts without a language.
  return QFileInfo(installed->filePath()).completeBaseName().mid(prefix.size() + 1);
}

// "de_DE", "de-DE", "DE" → "de".
QString primaryLanguage(const QString& name) {
  return name.section(QLatin1Char('_'), 0, 0).section(QLatin1Char('-'), 0, 0).toLower();
}

}  // namespace

QString installTranslations(QCoreApplication& app, const QString& language) {
  removeOurTranslators(app);
  // An explicit language that names no translation of ours means English, not the system's.
  const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
  if (!language.isEmpty() &&
      primaryLanguage(QLocale::languageToCode(locale.language())) != primaryLanguage(language)) {
    return kSourceLanguage;  // QLocale turned an unknown code into the C locale
  }
  const QString loaded = primaryLanguage(
      installFor<QTranslator>(app, locale, QStringLiteral("tandem"), kResourceDirectory));
  if (loaded.isEmpty() || loaded == kSourceLanguage) return kSourceLanguage;
  // Qt's own strings (standard buttons, the file dialog, …) in the same language, when the
  // system has them (Debian: qt6-translations-l10n); the console works without them.
  installFor<QTranslator>(app, QLocale(loaded), QStringLiteral("qtbase"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath));
  return loaded;
}

}  // namespace tandem::console
