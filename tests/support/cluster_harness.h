// ClusterHarness: an active-failover cluster of real tandem-node processes for integration tests
// and benchmarks.
//
// start() picks N free loopback ports (plus one spare for a node added later) and starts N
// nodes, each an agent and a data node on one port (`--agency.activate true --agency.size 3`,
// the three agents named by every node, `--cluster.agency-endpoint` each of them), with the
// short timings of ClusterTimings so that failovers take well under a second or two. Nodes are
// addressed by index; a node keeps its port and directory across stops, kills and restarts, so
// the agents that know it by address find it again.
//
// Leadership is read the way a client reads it: `/_api/cluster/endpoints` (leader first) on any
// running node, confirmed by `/_admin/server/availability` answering 200 on that leader.
//
// Ownership: owns the child processes (killed by the destructor if still running) but not the
// directory root. Thread-safety: use from one thread (ClusterWriteLoad runs on its own).
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

#include "http_client.h"
#include "node_process.h"

namespace tandem::test {

// Timings given to every node (seconds). The defaults are short so that a test run stays fast;
// grace must stay above lease × 1.2 (the node refuses otherwise).
struct ClusterTimings {
  double heartbeat = 0.1;     // --cluster.heartbeat-interval
  double lease = 0.5;         // --cluster.leader-lease
  double grace = 0.8;         // --agency.supervision-grace-period
  double election_min = 0.3;  // --agency.election-timeout-min
  double election_max = 0.6;  // --agency.election-timeout-max
};

struct LeaderInfo {
  int index = -1;  // node index, -1 if none serves
  QString id;      // its server id ("SNGL-..."), from /_admin/server/id
};

class ClusterHarness {
 public:
  // Nodes live in `root`/node<i>. `extra_args` go to every node.
  ClusterHarness(QString root, int nodes = 3, QStringList extra_args = {},
                 ClusterTimings timings = {});
  ~ClusterHarness();
  ClusterHarness(const ClusterHarness&) = delete;
  ClusterHarness& operator=(const ClusterHarness&) = delete;

  // Starts every node (retrying on new ports when a picked port was taken meanwhile); false
  // with `why` (and the logs) if a node did not start.
  bool start(QString* why);

  int size() const { return static_cast<int>(nodes_.size()); }
  NodeProcess& node(int index) { return *nodes_[index].process; }
  quint16 port(int index) const { return nodes_[index].port; }
  QString baseUrl(int index) const;   // "http://127.0.0.1:P"
  QStringList baseUrls() const;       // every node's, by index
  QString endpoint(int index) const;  // "tcp://127.0.0.1:P"
  QString dataDir(int index) const;
  bool isRunning(int index) const;
  // The index of the node listening on `endpoint` ("tcp://…" or "http://…"), -1 if none.
  int indexOfEndpoint(const QString& endpoint) const;

  // Starts a stopped node again in its directory on its port.
  bool startNode(int index, QString* why);
  // SIGTERM, then waits; the exit code (-1: killed by a signal or still running).
  int stopNode(int index, int timeout_ms = 30000);
  // SIGTERM to every running node at once, then waits for each: "" if every one exited 0, else
  // which did not (with the tail of its log).
  QString stopAll(int timeout_ms = 35000);
  // SIGKILL and reap.
  void killNode(int index);
  void pauseNode(int index);   // SIGSTOP
  void resumeNode(int index);  // SIGCONT
  // Removes the stopped node's directory and starts it empty on its port.
  bool wipeAndRestart(int index, QString* why);
  // Starts one more node, a data node only (no agent), that names the first three nodes as its
  // agency. Its index, or -1 with `why`.
  int addDataNode(QString* why);
  // Extra arguments for one node from its next start on (e.g. a different role or timing).
  void setNodeArgs(int index, QStringList extra);

  // The serving leader, once a running node's /_api/cluster/endpoints names it first and it
  // answers /_admin/server/availability with 200; index -1 after timeout_ms. `not_index`: a
  // node that must not be the answer (the one just killed or paused).
  LeaderInfo waitForLeader(int timeout_ms, int not_index = -1);
  // Waits until the leader's /_admin/cluster/health lists every node (size()) and each is GOOD:
  // a settled cluster to compare against; false after timeout_ms.
  bool waitAllGood(int timeout_ms);
  // The leader named now, or -1 (one round, no waiting).
  int leaderIndex();
  // /_admin/server/id of a node ("" if it does not answer).
  QString serverId(int index);
  // GET /_admin/status of a node (empty if it does not answer 200).
  QJsonObject status(int index);

  // One request to a node on a fresh connection (nodes come and go; a pooled connection to a
  // dead process would only add noise).
  HttpReply request(int index, const QByteArray& method, const QString& path,
                    const QByteArray& body = {}, const QMap<QByteArray, QByteArray>& headers = {},
                    int timeout_ms = 5000);
  // Creates `collection` on the leader (following redirects); the final HTTP status.
  int createCollection(int leader, const QString& collection);

  // The documents among `keys` that node `index` has, read with x-arango-allow-dirty-read:
  // key -> _rev. Fails (returns false with `why`) if the node does not answer the bulk read.
  bool documents(int index, const QString& collection, const QStringList& keys,
                 QMap<QString, QString>* found, QString* why);
  // The last tick a node has (GET /_api/wal/lastTick, allowed on followers); -1 if unknown.
  qint64 lastTick(int index);
  // Waits until `follower` has applied everything `leader` has (equal last ticks, twice in a
  // row so a write in flight does not fool it); false after timeout_ms.
  bool waitInSync(int follower, int leader, int timeout_ms);
  // The files in <dataDir>/rollback, full paths, sorted.
  QStringList rollbackFiles(int index) const;
  // Every document key written in `files` (marker lines carrying data._key).
  static QStringList keysInRollbackFiles(const QStringList& files);

  // The keys among `acknowledged` that node `leader` lacks and no rollback file of
  // `rollback_nodes` holds: acknowledged writes that were lost. False (with `why`) if the leader
  // could not be read.
  bool lostWrites(int leader, const QString& collection, const QStringList& acknowledged,
                  const QList<int>& rollback_nodes, QStringList* lost, QString* why);

  // The last `chars` characters of every node's log, labelled, for failure messages.
  QString logs(int chars = 3000);

 private:
  struct Node {
    quint16 port = 0;
    QStringList extra;  // per-node arguments (setNodeArgs)
    bool agent = true;
    std::unique_ptr<NodeProcess> process;
    QString earlier_log;  // what the node's earlier runs wrote (restarts replace the process)
  };

  QStringList argsFor(int index) const;
  bool pickPorts(int count);
  void makeProcess(int index);
  bool startAll(QString* why, bool* port_taken);

  QString root_;
  QStringList extra_args_;
  ClusterTimings timings_;
  std::vector<Node> nodes_;
  quint16 spare_port_ = 0;
};

}  // namespace tandem::test
