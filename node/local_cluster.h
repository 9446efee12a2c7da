// `tandem-node local-cluster`: a local active-failover cluster for demos and tests (DESIGN §8).
//
//   tandem-node local-cluster --nodes N --dir DIR [--base-port P] [-- extra node arguments]
//
// Starts N (1–9, default 3) child tandem-node processes — this very binary — on loopback ports
// P … P+N-1 (default 8530), each with its data in DIR/node<i> and its log in DIR/node<i>/node.log.
// Nodes 0 … A-1 also run an agent, A = 3 when N ≥ 3, else N (one or two agents tolerate no agent
// failure: a demo, not a resilient set-up); every node is a data node that names those agents.
// It refuses to start when one of the ports is taken. It waits (60 s at most) until a leader
// serves, printing progress, then prints the endpoints, which one leads and how to use them.
// It never restarts a child: a child that exits is reported with its exit code. SIGINT or
// SIGTERM sends SIGTERM to every child, waits for them (SIGKILL after 30 s) and exits 0.
// Starting again with the same DIR and base port reuses the data (agents know each other by
// address, so the ports must stay the same).
//
// Exit codes: 0 after a signal-initiated stop or --help; 1 if the cluster could not start (port
// taken, a child exited early, no leader within 60 s) or every child exited; 2 for bad options.
#pragma once

namespace tandem::node {

// argv[1] is "local-cluster"; the options follow it.
int runLocalCluster(int argc, char** argv);

}  // namespace tandem::node
