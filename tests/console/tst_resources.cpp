// resources/console.qrc: every icon the console uses is compiled in under :/icons and renders
// (SVG, so this also proves the SVG icon engine — libqt6svg6 — is installed); the desktop file
// names the installed binary and icon.
#include <QFile>
#include <QHash>
#include <QIcon>
#include <QImage>
#include <QPixmap>
#include <QtTest>

// Outside any namespace (an anonymous one too): Q_INIT_RESOURCE declares the resource's
// initialiser, a function of the global namespace.
static void initResources() { Q_INIT_RESOURCE(console); }

namespace {

// Pixels that are not fully transparent: a blank or failed render has none.
int paintedPixels(const QImage& image) {
  int painted = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) painted += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
  }
  return painted;
}

}  // namespace

namespace tandem::console {

class ResourcesTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { initResources(); }

  void iconRenders_data() {
    QTest::addColumn<QString>("name");
    for (const char* name : {"tandem", "connect", "launch", "stop", "export", "promote", "drain",
                             "remove", "upgrade", "replace", "rolling-upgrade", "maintenance",
                             "refresh", "pause", "leader", "follower", "agent"}) {
      QTest::newRow(name) << QString::fromLatin1(name);
    }
  }
  void iconRenders() {
    QFETCH(QString, name);
    const QString path = QStringLiteral(":/icons/%1.svg").arg(name);
    QVERIFY2(QFile::exists(path), qPrintable(path + QStringLiteral(" is not in console.qrc")));
    const QIcon icon(path);
    for (const int size : {16, 24, 256}) {
      const QImage image = icon.pixmap(size, size).toImage();
      QVERIFY2(!image.isNull(),
               qPrintable(path + QStringLiteral(" does not render: is the Qt SVG plugin "
                                                "installed (libqt6svg6)?")));
      QCOMPARE(image.width(), size);
      // A real drawing, not a few stray pixels: at least 5 % of the square is painted.
      QVERIFY2(paintedPixels(image) * 20 >= size * size,
               qPrintable(QStringLiteral("%1 at %2 px is (nearly) blank").arg(path).arg(size)));
    }
  }

  void desktopFileNamesBinaryAndIcon() {
    QFile file(QStringLiteral(TANDEM_RESOURCES_DIR "/tandem-console.desktop"));
    QVERIFY2(file.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(file.errorString()));
    // Not QSettings: desktop-entry values hold ',' and ';', which its INI format would split.
    QHash<QString, QString> entry;
    for (const QString& line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
      const qsizetype equals = line.indexOf(QLatin1Char('='));
      if (equals > 0) entry.insert(line.left(equals).trimmed(), line.mid(equals + 1).trimmed());
    }
    QCOMPARE(entry.value(QStringLiteral("Type")), QStringLiteral("Application"));
    QCOMPARE(entry.value(QStringLiteral("Exec")), QStringLiteral("tandem-console"));
    QCOMPARE(entry.value(QStringLiteral("Icon")), QStringLiteral("tandem-console"));
    for (const char* key : {"Name", "GenericName", "Comment"}) {
      for (const char* suffix : {"", "[de]", "[fr]"}) {
        const QString name = QString::fromLatin1(key) + QString::fromLatin1(suffix);
        QVERIFY2(!entry.value(name).isEmpty(), qPrintable(name + QStringLiteral(" missing")));
      }
    }
  }
};

}  // namespace tandem::console

QTEST_MAIN(tandem::console::ResourcesTest)
#include "tst_resources.moc"
