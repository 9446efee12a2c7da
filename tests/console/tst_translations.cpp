// installTranslations: the compiled-in German and French translations load by language code,
// replace each other, fall back to English; and translations/*.ts are complete (no unfinished
// or empty translation, the same placeholders and accelerators as the source text).
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QList>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>
#include <QXmlStreamReader>
#include <QtTest>

#include "app/app_translations.h"

namespace tandem::console {
namespace {

// One <message> of a .ts file.
struct TsMessage {
  QString context;
  QString source;
  QString comment;    // disambiguation
  QStringList forms;  // the translation, or its numerus forms
  QString type;       // "" or unfinished / vanished / obsolete
  bool numerus = false;
};

struct TsFile {
  QString language;  // the <TS language> attribute
  QList<TsMessage> messages;
  QString error;  // XML error, empty if parsed
};

void readTranslation(QXmlStreamReader& xml, TsMessage& message) {
  message.type = xml.attributes().value(QLatin1String("type")).toString();
  if (!message.numerus) {
    message.forms.append(xml.readElementText(QXmlStreamReader::IncludeChildElements));
    return;
  }
  while (xml.readNextStartElement()) {
    if (xml.name() == QLatin1String("numerusform")) {
      message.forms.append(xml.readElementText());
    } else {
      xml.skipCurrentElement();
    }
  }
}

TsMessage readMessage(QXmlStreamReader& xml, const QString& context) {
  TsMessage message;
  message.context = context;
  message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
  while (xml.readNextStartElement()) {
    if (xml.name() == QLatin1String("source")) {
      message.source = xml.readElementText();
    } else if (xml.name() == QLatin1String("comment")) {
      message.comment = xml.readElementText();
    } else if (xml.name() == QLatin1String("translation")) {
      readTranslation(xml, message);
    } else {
      xml.skipCurrentElement();
    }
  }
  return message;
}

TsFile readTs(const QString& path) {
  TsFile ts;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    ts.error = file.errorString();
    return ts;
  }
  QXmlStreamReader xml(&file);
  if (xml.readNextStartElement() && xml.name() == QLatin1String("TS")) {
    ts.language = xml.attributes().value(QLatin1String("language")).toString();
    while (xml.readNextStartElement()) {
      if (xml.name() != QLatin1String("context")) {
        xml.skipCurrentElement();
        continue;
      }
      QString context;
      while (xml.readNextStartElement()) {
        if (xml.name() == QLatin1String("name")) {
          context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
          ts.messages.append(readMessage(xml, context));
        } else {
          xml.skipCurrentElement();
        }
      }
    }
  }
  if (xml.hasError()) ts.error = xml.errorString();
  return ts;
}

// The distinct %1…%99 / %n / %L1 placeholders of a text, normalised ("%L1" counts as "%1").
QStringList placeholders(const QString& text) {
  static const QRegularExpression kPlaceholder(QStringLiteral("%L?(\\d{1,2}|n)"));
  QSet<QString> found;
  for (const auto& match : kPlaceholder.globalMatch(text)) {
    found.insert(QLatin1Char('%') + match.captured(1));
  }
  QStringList sorted(found.begin(), found.end());
  sorted.sort();
  return sorted;
}

// A keyboard accelerator: a single '&' before a visible character ("&&" is a literal '&').
bool hasAccelerator(const QString& text) {
  static const QRegularExpression kAccelerator(QStringLiteral("(?<!&)&(?!&)\\S"));
  return kAccelerator.match(text).hasMatch();
}

QString describe(const QString& file, const TsMessage& m) {
  return QStringLiteral("%1: [%2] \"%3\"").arg(file, m.context, m.source);
}

// The contexts whose translations the console finds at runtime: the class name of every Q_OBJECT
// class (console code lives in tandem::console), every literal context of
// QCoreApplication::translate / QT_TRANSLATE_NOOP, and what installTranslations' fallback maps
// those to. A .ts context outside this set is one lupdate made up (a tr() it could not
// attribute, e.g. a local `tr()` helper inside an unrelated class), whose translations are never
// found at runtime.
QSet<QString> runtimeContexts() {
  static const QRegularExpression kQObjectClass(
      QStringLiteral("(?:class|struct)\\s+(\\w+)[^;{]*\\{[^}]{0,200}?\\bQ_OBJECT\\b"));
  static const QRegularExpression kDeclared(
      QStringLiteral("Q_DECLARE_TR_FUNCTIONS\\(\\s*([\\w:]+)\\s*\\)"));
  static const QRegularExpression kLiteral(QStringLiteral(
      "(?:\\btranslate|QT_TRANSLATE_NOOP3?|QT_TRANSLATE_N_NOOP3?)\\(\\s*\"([^\"]+)\""));
  QSet<QString> contexts;
  QDirIterator it(QStringLiteral(TANDEM_CONSOLE_SOURCE_DIR),
                  {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
                  QDirIterator::Subdirectories);
  while (it.hasNext()) {
    QFile file(it.next());
    if (!file.open(QIODevice::ReadOnly)) continue;
    const QString code = QString::fromUtf8(file.readAll());
    for (const auto& match : kQObjectClass.globalMatch(code)) {
      contexts.insert(QStringLiteral("tandem::console::") + match.captured(1));
    }
    for (const auto& match : kDeclared.globalMatch(code)) contexts.insert(match.captured(1));
    for (const auto& match : kLiteral.globalMatch(code)) {
      contexts.insert(match.captured(1));
      // What installTranslations' fallback finds for a file-local tr() helper using this literal
      // context: lupdate's "tandem::console::<class>" or "tandem::console" for it.
      contexts.insert(QStringLiteral("tandem::console::") + match.captured(1));
      contexts.insert(QStringLiteral("tandem::console"));
    }
  }
  return contexts;
}

QStringList tsFiles() {
  const QDir dir(QStringLiteral(TANDEM_TRANSLATIONS_DIR));
  return dir.entryList({QStringLiteral("tandem_*.ts")}, QDir::Files, QDir::Name);
}

}  // namespace

class TranslationsTest : public QObject {
  Q_OBJECT

 private slots:
  void cleanup() { installTranslations(*QCoreApplication::instance(), QStringLiteral("en")); }

  void germanAndFrenchAreCompiledIn() {
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/tandem_de.qm")));
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/tandem_fr.qm")));
  }

  void loadsTheLanguageAsked_data() {
    QTest::addColumn<QString>("asked");
    QTest::addColumn<QString>("loaded");
    QTest::addColumn<QString>("translation");
    // main.cpp's --interval help: a string that has been stable since the first version.
    QTest::newRow("de") << "de"
                        << "de"
                        << "Abfrageintervall in Millisekunden.";
    QTest::newRow("de_AT falls back to de") << "de_AT"
                                            << "de"
                                            << "Abfrageintervall in Millisekunden.";
    QTest::newRow("fr") << "fr"
                        << "fr"
                        << "Intervalle d'interrogation en millisecondes.";
    QTest::newRow("fr-CA falls back to fr") << "fr-CA"
                                            << "fr"
                                            << "Intervalle d'interrogation en millisecondes.";
    QTest::newRow("en") << "en"
                        << "en"
                        << "Poll interval in milliseconds.";
    QTest::newRow("unknown code xx is English") << "xx"
                                                << "en"
                                                << "Poll interval in milliseconds.";
    QTest::newRow("untranslated language it is English") << "it"
                                                         << "en"
                                                         << "Poll interval in milliseconds.";
  }
  void loadsTheLanguageAsked() {
    QFETCH(QString, asked);
    QFETCH(QString, loaded);
    QFETCH(QString, translation);
    QCOMPARE(installTranslations(*QCoreApplication::instance(), asked), loaded);
    QCOMPARE(QCoreApplication::translate("main", "Poll interval in milliseconds."), translation);
  }

  // A second call replaces the first language instead of stacking on it.
  void switchingLanguagesReplacesTheTranslator() {
    auto& app = *QCoreApplication::instance();
    QCOMPARE(installTranslations(app, QStringLiteral("de")), QStringLiteral("de"));
    QCOMPARE(installTranslations(app, QStringLiteral("fr")), QStringLiteral("fr"));
    QCOMPARE(installTranslations(app, QStringLiteral("xx")), QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("main", "Poll interval in milliseconds."),
             QStringLiteral("Poll interval in milliseconds."));
    QCOMPARE(installTranslations(app, QStringLiteral("de")), QStringLiteral("de"));
    QCOMPARE(installTranslations(app, QStringLiteral("de")), QStringLiteral("de"));
    QCOMPARE(installTranslations(app, QStringLiteral("en")), QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("main", "Poll interval in milliseconds."),
             QStringLiteral("Poll interval in milliseconds."));
  }

  void tsFileIsComplete_data() {
    QTest::addColumn<QString>("file");
    const QStringList files = tsFiles();
    QVERIFY2(files.contains(QStringLiteral("tandem_de.ts")), "translations/tandem_de.ts missing");
    QVERIFY2(files.contains(QStringLiteral("tandem_fr.ts")), "translations/tandem_fr.ts missing");
    for (const QString& file : files) QTest::newRow(qPrintable(file)) << file;
  }
  void tsFileIsComplete() {
    QFETCH(QString, file);
    const TsFile ts = readTs(QDir(QStringLiteral(TANDEM_TRANSLATIONS_DIR)).filePath(file));
    QVERIFY2(ts.error.isEmpty(), qPrintable(file + QStringLiteral(": ") + ts.error));
    QVERIFY2(!ts.language.isEmpty(), qPrintable(file + QStringLiteral(": no language")));
    QVERIFY2(!ts.messages.isEmpty(), qPrintable(file + QStringLiteral(": no messages")));
    QStringList problems;
    for (const TsMessage& m : ts.messages) {
      if (!m.type.isEmpty()) problems << describe(file, m) + QStringLiteral(" is ") + m.type;
      if (m.forms.isEmpty()) problems << describe(file, m) + QStringLiteral(" has no translation");
      for (const QString& form : m.forms) {
        if (form.trimmed().isEmpty()) {
          problems << describe(file, m) + QStringLiteral(" has an empty translation");
        } else if (placeholders(form) != placeholders(m.source)) {
          problems << describe(file, m) +
                          QStringLiteral(" placeholders %1 but translation has %2")
                              .arg(placeholders(m.source).join(','), placeholders(form).join(','));
        } else if (hasAccelerator(form) != hasAccelerator(m.source)) {
          problems << describe(file, m) +
                          QStringLiteral(" accelerator '&' differs: \"%1\"").arg(form);
        }
      }
    }
    for (const QString& problem : problems) qWarning().noquote() << problem;
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 problem(s) (listed above); run "
                                                           "lupdate and translate")
                                                .arg(problems.size())));
  }

  // Catches strings that lupdate files under a context the code never asks for: their
  // translations would exist in the .ts and still never show.
  void everyContextIsUsedAtRuntime() {
    const QSet<QString> runtime = runtimeContexts();
    QVERIFY(runtime.contains(QStringLiteral("main")));
    const TsFile ts = readTs(
        QDir(QStringLiteral(TANDEM_TRANSLATIONS_DIR)).filePath(QStringLiteral("tandem_de.ts")));
    QMap<QString, QString> unused;  // context → an example source text
    for (const TsMessage& m : ts.messages) {
      if (!runtime.contains(m.context)) unused.insert(m.context, m.source);
    }
    QStringList problems;
    for (auto it = unused.cbegin(); it != unused.cend(); ++it) {
      problems << QStringLiteral("context \"%1\" (e.g. \"%2\")").arg(it.key(), it.value());
    }
    for (const QString& problem : problems) qWarning().noquote() << problem;
    QVERIFY2(problems.isEmpty(),
             "lupdate filed the strings listed above under contexts no code translates with, so "
             "they are never translated: use tr() in a Q_OBJECT class or a literal "
             "QCoreApplication::translate(\"Context\", \"text\") (not a local tr() helper), then "
             "run lupdate");
  }

  // What the .ts says is what the compiled-in .qm answers (the build ran lrelease on these).
  void everyMessageTranslatesAtRuntime_data() {
    QTest::addColumn<QString>("language");
    QTest::newRow("de") << "de";
    QTest::newRow("fr") << "fr";
  }
  void everyMessageTranslatesAtRuntime() {
    QFETCH(QString, language);
    QCOMPARE(installTranslations(*QCoreApplication::instance(), language), language);
    const TsFile ts = readTs(QDir(QStringLiteral(TANDEM_TRANSLATIONS_DIR))
                                 .filePath(QStringLiteral("tandem_%1.ts").arg(language)));
    QVERIFY(!ts.messages.isEmpty());
    for (const TsMessage& m : ts.messages) {
      if (m.forms.isEmpty() || !m.type.isEmpty()) continue;  // tsFileIsComplete reports these
      const QByteArray context = m.context.toUtf8();
      const QByteArray source = m.source.toUtf8();
      const QByteArray comment = m.comment.toUtf8();
      const QString actual = QCoreApplication::translate(
          context.constData(), source.constData(),
          m.comment.isEmpty() ? nullptr : comment.constData(), m.numerus ? 1 : -1);
      QString expected = m.forms.first();
      if (m.numerus) expected.replace(QLatin1String("%n"), QLatin1String("1"));
      QCOMPARE(actual, expected);
    }
  }
};

}  // namespace tandem::console

QTEST_GUILESS_MAIN(tandem::console::TranslationsTest)
#include "tst_translations.moc"
