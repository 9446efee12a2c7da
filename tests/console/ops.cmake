# ops tests (see CMakeLists.txt): the operations and the local-cluster launcher against real
# tandem-node processes, and the headless commands of the built tandem-console binary.
tandem_add_test(tst_operations SOURCES tst_operations.cpp
  LIBS tandem_console_ops tandem_cluster_support LABELS console TIMEOUT 300)
tandem_add_test(tst_local_cluster_launcher SOURCES tst_local_cluster_launcher.cpp
  LIBS tandem_console_ops tandem_cluster_support LABELS console TIMEOUT 300)
# Runs the built console binary (its headless commands) as a child process.
tandem_add_test(tst_console_cli SOURCES tst_console_cli.cpp
  LIBS tandem_cluster_support Qt6::Gui LABELS console TIMEOUT 300)
target_compile_definitions(tst_console_cli PRIVATE
  TANDEM_CONSOLE_BINARY="$<TARGET_FILE:tandem-console>")
add_dependencies(tst_console_cli tandem-console)
