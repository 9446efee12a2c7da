# views tests (see CMakeLists.txt): widgets driven by QTest under QT_QPA_PLATFORM=offscreen.
# tst_topology_view, tst_lag_chart_view, tst_console_dialogs: hand-made states, no cluster.
# tst_main_window, tst_screenshot: a real 3-node cluster (tests/support/cluster_harness.h);
# tst_launch_local_cluster: the window launching `tandem-node local-cluster` itself.
foreach(unit topology_view lag_chart_view console_dialogs)
  tandem_add_test(tst_${unit}
    SOURCES tst_${unit}.cpp
    LIBS tandem_console_ui
    LABELS console
    TIMEOUT 120)
endforeach()
foreach(unit main_window screenshot launch_local_cluster)
  tandem_add_test(tst_${unit}
    SOURCES tst_${unit}.cpp
    LIBS tandem_console_ui tandem_cluster_support
    LABELS console
    TIMEOUT 300)
endforeach()
