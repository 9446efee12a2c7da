# models tests: the reply parsers, endpoint spellings and the models fed hand-built states (no
# cluster); the poller against a real three-node cluster (ClusterHarness).
foreach(unit api_replies endpoint node_table_model event_log event_detector lag_history snapshot
    round_merge)
  tandem_add_test(tst_${unit}
    SOURCES tst_${unit}.cpp
    LIBS tandem_console_models
    LABELS console
    TIMEOUT 300)
endforeach()

tandem_add_test(tst_cluster_poller
  SOURCES tst_cluster_poller.cpp
  LIBS tandem_console_models tandem_cluster_support
  LABELS console
  TIMEOUT 300)
