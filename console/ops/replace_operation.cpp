#include "replace_operation.h"

#include <QDir>
#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>

#include "client/endpoint.h"
#include "drain_operation.h"
#include "local_cluster.h"
#include "remove_operation.h"
#include "switchover_operation.h"

namespace tandem::console {
namespace {

quint16 freeLoopbackPort() {
  QTcpServer server;
  if (!server.listen(QHostAddress::LocalHost, 0)) return 0;
  return server.serverPort();
}

}  // namespace

ReplaceOperation::ReplaceOperation(ApiClient* client, QList<QUrl> endpoints, ReplaceSpec spec,
                                   QObject* parent)
    : ClusterOperation(client, std::move(endpoints), parent), spec_(std::move(spec)) {}

QString ReplaceOperation::newName() const {
  if (new_url_.isValid()) return displayEndpoint(new_url_.toString());
  if (spec_.launch) return tr("the new node");
  return displayEndpoint(spec_.new_endpoint.toString());
}

QString ReplaceOperation::title() const { return tr("Replace %1").arg(spec_.old_id); }

QString ReplaceOperation::confirmation() const {
  QString text = spec_.launch
                     ? tr("A new node is started on this machine (data in %1) and joins the "
                          "cluster.")
                           .arg(spec_.data_directory)
                     : tr("The node at %1 joins the cluster.").arg(newName());
  text += QLatin1Char(' ') +
          tr("Once it is in sync, %1 is drained (if it leads, the new node takes over first) "
             "and removed from the cluster.")
              .arg(spec_.old_id);
  if (spec_.stop_old) text += QLatin1Char(' ') + tr("Then %1 is shut down.").arg(spec_.old_id);
  return text;
}

QStringList ReplaceOperation::steps() const {
  QStringList list{
      spec_.launch ? tr("Launch the new node") : tr("Check that %1 answers").arg(newName()),
      tr("Wait until the new node is registered and in sync"),
      tr("Switch over to the new node if %1 leads").arg(spec_.old_id),
      tr("Drain %1").arg(spec_.old_id), tr("Remove %1").arg(spec_.old_id)};
  if (spec_.stop_old) list << tr("Stop %1").arg(spec_.old_id);
  return list;
}

void ReplaceOperation::run() {
  beginStep(0);
  withCluster([this](const ClusterView& view) {
    const HealthEntry* old = view.find(spec_.old_id);
    if (old == nullptr || old->removed) {
      fail(tr("There is no server %1 in the cluster to replace. Check the name with "
              "tandem-console status.")
               .arg(spec_.old_id));
      return;
    }
    old_id_ = old->id;
    old_name_ = displayName(*old);
    old_url_ = httpUrl(old->endpoint);
    if (spec_.launch) {
      launch(probe().known());
    } else {
      attach();
    }
  });
}

// The agents the new node must name: /_api/agency/config on the first node that runs one.
void ReplaceOperation::launch(QList<QUrl> candidates) {
  if (candidates.isEmpty()) {
    fail(
        tr("No node of the cluster answered /_api/agency/config, so the new node would not "
           "know the agency. Check the cluster with tandem-console status."));
    return;
  }
  const QUrl url = candidates.takeFirst();
  client()->get(url, QStringLiteral("/_api/agency/config"), requestContext(),
                [this, candidates](const ApiReply& reply) {
                  if (!running()) return;
                  const Parsed<AgencyConfig> config = parseAgencyConfig(reply);
                  if (!config.ok() || config.value->pool.isEmpty()) {
                    launch(candidates);
                    return;
                  }
                  launchWithAgents(config.value->pool.values());
                });
}

void ReplaceOperation::launchWithAgents(const QStringList& agents) {
  const QString binary = spec_.node_binary.isEmpty() ? findNodeBinary() : spec_.node_binary;
  if (binary.isEmpty()) {
    fail(
        tr("tandem-node was not found (set TANDEM_NODE_BINARY, or put it on PATH or next to "
           "tandem-console)."));
    return;
  }
  if (spec_.data_directory.isEmpty() || !QDir().mkpath(spec_.data_directory)) {
    fail(tr("Cannot create the data directory \"%1\". Choose a folder you can write to.")
             .arg(spec_.data_directory));
    return;
  }
  const quint16 port = spec_.port != 0 ? spec_.port : freeLoopbackPort();
  const QString endpoint = QStringLiteral("tcp://127.0.0.1:%1").arg(port);
  QStringList arguments{QStringLiteral("--server.endpoint"),    endpoint,
                        QStringLiteral("--database.directory"), spec_.data_directory,
                        QStringLiteral("--cluster.my-address"), endpoint};
  for (const QString& agent : agents)
    arguments << QStringLiteral("--cluster.agency-endpoint") << agent;
  // A server of the cluster: it must keep running when the console quits, hence detached. Its
  // output goes to node.log in its directory, as with local-cluster.
  QProcess process;
  process.setProgram(binary);
  process.setArguments(arguments);
  const QString log = QDir(spec_.data_directory).filePath(QStringLiteral("node.log"));
  process.setStandardOutputFile(log, QIODevice::Append);
  process.setStandardErrorFile(log, QIODevice::Append);
  qint64 pid = 0;
  if (!process.startDetached(&pid)) {
    fail(tr("Could not start %1: %2.").arg(binary, process.errorString()));
    return;
  }
  new_url_ = httpUrl(endpoint);
  report(tr("started %1 (pid %2) on %3, log %4").arg(binary).arg(pid).arg(newName(), log));
  awaitNewInSync();
}

void ReplaceOperation::attach() {
  new_url_ = httpUrl(spec_.new_endpoint.toString());
  if (!new_url_.isValid()) {
    fail(tr("\"%1\" is not an endpoint. Give the new node as http://HOST:PORT.")
             .arg(spec_.new_endpoint.toString()));
    return;
  }
  client()->get(new_url_, QStringLiteral("/_admin/server/id"), requestContext(),
                [this](const ApiReply& reply) {
                  if (!running()) return;
                  const Parsed<QString> id = parseServerId(reply);
                  if (!id.ok()) {
                    fail(tr("The new node does not answer (%1). Start it first with "
                            "--cluster.agency-endpoint naming the agents of this cluster.")
                             .arg(id.error));
                    return;
                  }
                  new_id_ = *id.value;
                  if (new_id_ == old_id_) {
                    fail(tr("%1 is the node to replace itself. Give the endpoint of a new node.")
                             .arg(newName()));
                    return;
                  }
                  awaitNewInSync();
                });
}

void ReplaceOperation::awaitNewInSync() {
  beginStep(1);
  WaitPoller::Check check = [this](const WaitPoller::Answer& answer) {
    if (new_id_.isEmpty()) {
      client()->get(new_url_, QStringLiteral("/_admin/server/id"), requestContext(),
                    [this, answer](const ApiReply& reply) {
                      const Parsed<QString> id = parseServerId(reply);
                      if (id.ok()) new_id_ = *id.value;
                      answer({WaitPoller::Outcome::kWaiting,
                              id.ok() ? tr("%1 answers as %2").arg(newName(), new_id_)
                                      : tr("%1 does not answer yet").arg(newName())});
                    });
      return;
    }
    followerInSyncCheck(new_id_)(answer);
  };
  waitUntil(kSyncTimeoutMs,
            tr("The new node %1 was not registered and in sync within %2 s. Check its log; "
               "%3 was left as it was.")
                .arg(newName())
                .arg(kSyncTimeoutMs / 1000)
                .arg(old_name_),
            check, [this](const QString&) { switchIfLeading(); });
}

void ReplaceOperation::switchIfLeading() {
  beginStep(2);
  withCluster([this](const ClusterView& view) {
    if (view.health.leader_id != old_id_) {
      report(tr("%1 does not lead: no switchover needed").arg(old_name_));
      drainOld();
      return;
    }
    switch_to_new_ = true;
    emit expectedLeaderKnown(new_id_);
    runPart(new SwitchoverOperation(client(), probe().known(), new_id_, this), QString(),
            [this](const QString&) { drainOld(); });
  });
}

void ReplaceOperation::drainOld() {
  beginStep(3);
  runPart(new DrainOperation(client(), probe().known(), old_id_, this), QString(),
          [this](const QString&) {
            beginStep(4);
            runPart(new RemoveOperation(client(), probe().known(), old_id_, this), QString(),
                    [this](const QString& removed) {
                      if (spec_.stop_old) {
                        stopOld();
                      } else {
                        succeed(tr("%1 replaced %2. %3").arg(newName(), old_name_, removed));
                      }
                    });
          });
}

void ReplaceOperation::stopOld() {
  beginStep(5);
  send("DELETE", old_url_, QStringLiteral("/_admin/shutdown"), {}, 0,
       [this](const ApiReply& reply) {
         if (reply.answered() && !reply.ok()) {
           fail(tr("%1 replaced %2, which is removed, but it refused to shut down: %3. Stop its "
                   "process by hand.")
                    .arg(newName(), old_name_, reply.describe()));
           return;
         }
         WaitPoller::Check gone = [this](const WaitPoller::Answer& answer) {
           client()->get(old_url_, QStringLiteral("/_admin/server/id"), requestContext(),
                         [this, answer](const ApiReply& reply) {
                           answer({reply.answered() ? WaitPoller::Outcome::kWaiting
                                                    : WaitPoller::Outcome::kMet,
                                   tr("%1 is still running").arg(old_name_)});
                         });
         };
         waitUntil(
             kStopTimeoutMs,
             tr("%1 replaced %2, which is removed, but it did not stop within %3 s. Stop "
                "its process by hand.")
                 .arg(newName(), old_name_)
                 .arg(kStopTimeoutMs / 1000),
             gone, [this](const QString&) {
               succeed(
                   tr("%1 replaced %2, which is removed and stopped.").arg(newName(), old_name_));
             });
       });
}

}  // namespace tandem::console
