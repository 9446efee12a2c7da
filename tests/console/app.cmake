# app tests (see CMakeLists.txt): translations and resources, no cluster.
# tst_translations loads the compiled-in .qm files and checks translations/*.ts for completeness.
tandem_add_test(tst_translations SOURCES tst_translations.cpp LIBS tandem_console_ui
  LABELS console TIMEOUT 60)
target_compile_definitions(tst_translations PRIVATE
  TANDEM_TRANSLATIONS_DIR="${PROJECT_SOURCE_DIR}/translations"
  TANDEM_CONSOLE_SOURCE_DIR="${PROJECT_SOURCE_DIR}/console")
# tst_resources: every icon of resources/console.qrc renders (needs the SVG plugin, libqt6svg6).
tandem_add_test(tst_resources SOURCES tst_resources.cpp LIBS tandem_console_ui
  LABELS console TIMEOUT 60)
target_compile_definitions(tst_resources PRIVATE
  TANDEM_RESOURCES_DIR="${PROJECT_SOURCE_DIR}/resources")
