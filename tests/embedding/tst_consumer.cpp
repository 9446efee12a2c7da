// The installed library as a separate project consumes it: `cmake --install` of this build
// into a temporary prefix, then tests/embedding/consumer (find_package(Tandem), one executable
// on Tandem::tandem, one on Tandem::tandem_static) configured, built and run against it, and
// the same program compiled with `pkg-config --cflags --libs tandem`. The README's embedding
// example must be that program, verbatim.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {

constexpr int kStepTimeoutMs = 120000;
const QString kSourceDir = QStringLiteral(TANDEM_SOURCE_DIR);
const QString kConsumerDir = kSourceDir + QStringLiteral("/tests/embedding/consumer");
const QString kExpectedOutput = QStringLiteral(R"("text":"Hello, Tandem")");

struct Outcome {
  bool ok = false;  // started, finished in time and exited 0
  QString output;   // stdout and stderr, merged
};

Outcome run(const QString& program, const QStringList& args,
            const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
  QProcess process;
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.setProcessEnvironment(env);
  process.start(program, args);
  Outcome outcome;
  const bool finished = process.waitForStarted() && process.waitForFinished(kStepTimeoutMs);
  outcome.output = QString::fromUtf8(process.readAll());
  outcome.ok = finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
  if (!outcome.ok) {
    outcome.output = QStringLiteral("`%1 %2` failed (%3):\n%4")
                         .arg(program, args.join(' '), process.errorString(), outcome.output);
  }
  return outcome;
}

QStringList splitFlags(const QString& flags) { return flags.split(' ', Qt::SkipEmptyParts); }

// The text between "<!-- tandem-example: NAME -->" + a fence line and the closing fence.
QString readmeBlock(const QString& readme, const QString& name) {
  const QString marker = QStringLiteral("<!-- tandem-example: %1 -->\n").arg(name);
  const qsizetype at = readme.indexOf(marker);
  if (at < 0) return {};
  const qsizetype body = readme.indexOf('\n', at + marker.size()) + 1;  // after "```cpp"
  const qsizetype end = readme.indexOf(QStringLiteral("\n```\n"), body);
  if (body <= 0 || end < 0) return {};
  return readme.mid(body, end - body + 1);
}

QString readFile(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

}  // namespace

class ConsumerTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();

  void readmeExampleIsTheConsumerProject();
  void installedLibraryHasVersionedSoname();
  void installedHeadersArePublicOnly();
  void cmakePackageBuildsSharedAndStaticConsumers();
  void pkgConfigFlagsBuildTheExample();

 private:
  QString prefix() const { return prefix_.path(); }
  QString libDir() const { return prefix() + '/' + QStringLiteral(TANDEM_INSTALL_LIBDIR); }

  QTemporaryDir prefix_;
  QTemporaryDir work_;
};

void ConsumerTest::initTestCase() {
  QVERIFY(prefix_.isValid() && work_.isValid());
  // The library's two install components (tandem-node and the console are not needed here).
  for (const char* component : {"Tandem_Runtime", "Tandem_Development"}) {
    const Outcome install =
        run(TANDEM_CMAKE_COMMAND, {"--install", TANDEM_BUILD_DIR, "--prefix", prefix(),
                                   "--component", QString::fromLatin1(component)});
    QVERIFY2(install.ok, qPrintable(install.output));
  }
}

void ConsumerTest::readmeExampleIsTheConsumerProject() {
  const QString readme = readFile(kSourceDir + QStringLiteral("/README.md"));
  QVERIFY2(!readme.isEmpty(), "README.md not readable");
  for (const QString& name : {QStringLiteral("main.cpp"), QStringLiteral("CMakeLists.txt")}) {
    const QString block = readmeBlock(readme, name);
    QVERIFY2(!block.isEmpty(),
             qPrintable("README.md has no block marked <!-- tandem-example: " + name + " -->"));
    QVERIFY2(block == readFile(kConsumerDir + '/' + name),
             qPrintable("README.md's " + name + " differs from tests/embedding/consumer/" + name +
                        ": copy the file into the README block"));
  }
}

void ConsumerTest::installedLibraryHasVersionedSoname() {
  const QString major = QStringLiteral("libtandem.so." TANDEM_VERSION_MAJOR);
  const QString full = QStringLiteral("libtandem.so." TANDEM_VERSION);
  QCOMPARE(QFileInfo(libDir() + "/libtandem.so").symLinkTarget(), libDir() + '/' + major);
  QCOMPARE(QFileInfo(libDir() + '/' + major).symLinkTarget(), libDir() + '/' + full);
  QVERIFY(QFileInfo(libDir() + '/' + full).isFile());
  QVERIFY(QFileInfo(libDir() + "/libtandem.a").isFile());

  const Outcome dump = run(QStringLiteral("objdump"), {"-p", libDir() + '/' + full});
  QVERIFY2(dump.ok, qPrintable(dump.output));
  const QRegularExpression soname(QStringLiteral(R"(SONAME\s+(\S+))"));
  QCOMPARE(soname.match(dump.output).captured(1), major);

  for (const char* file :
       {"TandemConfig.cmake", "TandemConfigVersion.cmake", "TandemTargets.cmake"}) {
    QVERIFY2(QFileInfo::exists(libDir() + "/cmake/Tandem/" + file), file);
  }
  QVERIFY(QFileInfo::exists(libDir() + "/pkgconfig/tandem.pc"));
}

void ConsumerTest::installedHeadersArePublicOnly() {
  const QDir include(prefix() + "/include");
  QCOMPARE(include.entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{"tandem"});
  const QStringList headers = QDir(include.filePath("tandem")).entryList(QDir::Files);
  QVERIFY2(
      headers.contains("store.h") && headers.contains("status.h") && headers.contains("node.h"),
      qPrintable(headers.join(' ')));
  // No SQLite, Boost or Qt in what an application includes.
  const QRegularExpression foreign(QStringLiteral(R"(#include\s*[<"](sqlite3|boost/|Q))"));
  for (const QString& header : headers) {
    const QString text = readFile(include.filePath("tandem/" + header));
    QVERIFY2(!foreign.match(text).hasMatch(), qPrintable(header + " includes a dependency"));
  }
}

void ConsumerTest::cmakePackageBuildsSharedAndStaticConsumers() {
  const QString build = work_.filePath("consumer-build");
  QStringList configure = {"-S",
                           kConsumerDir,
                           "-B",
                           build,
                           "-G",
                           TANDEM_CMAKE_GENERATOR,
                           "-DCMAKE_PREFIX_PATH=" + prefix(),
                           "-DCMAKE_CXX_COMPILER=" TANDEM_CXX_COMPILER,
                           "-DCMAKE_MAKE_PROGRAM=" TANDEM_MAKE_PROGRAM};
  // Under ASan/UBSan the consumer is instrumented the same way as the library it links.
  configure << "-DCMAKE_CXX_FLAGS=" TANDEM_SANITIZE_COMPILE_FLAGS
            << "-DCMAKE_EXE_LINKER_FLAGS=" TANDEM_SANITIZE_LINK_FLAGS;
  const Outcome configured = run(TANDEM_CMAKE_COMMAND, configure);
  QVERIFY2(configured.ok, qPrintable(configured.output));
  const Outcome built = run(TANDEM_CMAKE_COMMAND, {"--build", build});
  QVERIFY2(built.ok, qPrintable(built.output));

  for (const char* program : {"notes", "notes_static"}) {
    const QString data = work_.filePath(QStringLiteral("data-%1").arg(program));
    for (int round = 0; round < 2; ++round) {  // the second run finds the earlier data
      const Outcome ran = run(build + '/' + program, {data});
      QVERIFY2(ran.ok, qPrintable(ran.output));
      QVERIFY2(ran.output.startsWith("read back: ") && ran.output.contains(kExpectedOutput),
               qPrintable(ran.output));
    }
  }
}

void ConsumerTest::pkgConfigFlagsBuildTheExample() {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("PKG_CONFIG_PATH", libDir() + "/pkgconfig");
  const Outcome flags = run("pkg-config", {"--cflags", "--libs", "tandem"}, env);
  QVERIFY2(flags.ok, qPrintable(flags.output));
  QVERIFY2(flags.output.contains("-ltandem") && flags.output.contains("/include"),
           qPrintable(flags.output));
  const Outcome static_flags = run("pkg-config", {"--static", "--libs", "tandem"}, env);
  QVERIFY2(static_flags.ok && static_flags.output.contains("-lsqlite3") &&
               static_flags.output.contains("-lboost_json"),
           qPrintable(static_flags.output));

  const QString program = work_.filePath("notes-pkg-config");
  QStringList args = {"-std=c++20", kConsumerDir + "/main.cpp", "-o", program,
                      "-Wl,-rpath," + libDir()};
  args += splitFlags(QStringLiteral(TANDEM_SANITIZE_COMPILE_FLAGS));
  args += splitFlags(QStringLiteral(TANDEM_SANITIZE_LINK_FLAGS));
  args += splitFlags(flags.output.trimmed());
  const Outcome compiled = run(TANDEM_CXX_COMPILER, args);
  QVERIFY2(compiled.ok, qPrintable(compiled.output));
  const Outcome ran = run(program, {work_.filePath("data-pkg-config")});
  QVERIFY2(ran.ok && ran.output.contains(kExpectedOutput), qPrintable(ran.output));
}

QTEST_GUILESS_MAIN(ConsumerTest)
#include "tst_consumer.moc"
