// AgencyDiscovery: the bootstrap decisions of a new agent (form, join, wait), the cluster id
// and the identity wire shape — pure, no sockets.
#include <QCryptographicHash>
#include <QtTest>

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "cluster/agency_discovery.h"

using tandem::node::cluster::AgencyDiscovery;
using tandem::node::cluster::AgentIdentity;
using Kind = AgencyDiscovery::Outcome::Kind;
namespace json = boost::json;

namespace {

const std::string kA = "tcp://10.0.0.1:8529";
const std::string kB = "tcp://10.0.0.2:8529";
const std::string kC = "tcp://10.0.0.3:8529";

AgentIdentity identity(std::string id, std::string endpoint, std::string cluster = {},
                       std::map<std::string, std::string> pool = {}) {
  if (pool.empty()) pool[id] = endpoint;
  return AgentIdentity{std::move(id), std::move(endpoint), std::move(cluster), std::move(pool)};
}

QString text(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

class AgencyDiscoveryTest : public QObject {
  Q_OBJECT

 private slots:
  void aSingleAgentWithoutEndpointsFormsAtOnce();
  void formsOnceSizeAgentsAnsweredAndAllAgreeOnTheConfiguration();
  void waitsForEveryEndpointEvenWhenEnoughAgentsAreKnown();
  void learnsAgentsTransitivelyFromPools();
  void moreAgentsThanTheSizeNeverForm();
  void anAgencyFormedWithoutThisAgentMeansJoin();
  void anAgencyFormedWithThisAgentInItMeansFormTheSame();
  void ownAddressesAreNeitherAskedNorCounted();
  void clusterIdIsTheShaOfTheSortedMemberLines();
  void identityRoundTripsAndRejectsMalformedAnswers();
};

void AgencyDiscoveryTest::aSingleAgentWithoutEndpointsFormsAtOnce() {
  AgencyDiscovery discovery("AGNT-a", kA, {}, 1);
  const auto outcome = discovery.evaluate();
  QVERIFY(outcome.kind == Kind::kForm);
  QCOMPARE(int(outcome.configuration.members.size()), 1);
  QCOMPARE(text(outcome.configuration.members.at("AGNT-a")), text(kA));
  QVERIFY(discovery.addressesToAsk().empty());
}

void AgencyDiscoveryTest::formsOnceSizeAgentsAnsweredAndAllAgreeOnTheConfiguration() {
  const std::vector<std::string> endpoints{kA, kB, kC};
  AgencyDiscovery a("AGNT-a", kA, endpoints, 3);
  AgencyDiscovery c("AGNT-c", kC, endpoints, 3);
  QVERIFY(a.evaluate().kind == Kind::kWait);
  QCOMPARE(int(a.addressesToAsk().size()), 2);
  QVERIFY(a.onIdentity(kB, identity("AGNT-b", kB)).kind == Kind::kWait);
  const auto formed_a = a.onIdentity(kC, identity("AGNT-c", kC));
  QVERIFY(formed_a.kind == Kind::kForm);
  // Another agent hearing the answers in another order decides the same.
  QVERIFY(c.onIdentity(kA, identity("AGNT-a", kA)).kind == Kind::kWait);
  const auto formed_c = c.onIdentity(kB, identity("AGNT-b", kB));
  QVERIFY(formed_c.kind == Kind::kForm);
  QVERIFY(formed_a.configuration == formed_c.configuration);
  QCOMPARE(text(formed_a.cluster_id), text(formed_c.cluster_id));
  QCOMPARE(int(formed_a.configuration.members.size()), 3);
}

void AgencyDiscoveryTest::waitsForEveryEndpointEvenWhenEnoughAgentsAreKnown() {
  // Size 1 with an endpoint: the endpoint may lead to an agency this agent should join.
  AgencyDiscovery discovery("AGNT-d", "tcp://10.0.0.4:8529", {kA}, 1);
  QVERIFY(discovery.evaluate().kind == Kind::kWait);
}

void AgencyDiscoveryTest::learnsAgentsTransitivelyFromPools() {
  AgencyDiscovery a("AGNT-a", kA, {kB}, 3);
  const auto first = a.onIdentity(kB, identity("AGNT-b", kB, {}, {{"AGNT-b", kB}, {"AGNT-c", kC}}));
  QVERIFY(first.kind == Kind::kWait);
  const auto ask = a.addressesToAsk();
  QVERIFY(std::find(ask.begin(), ask.end(), kC) != ask.end());
  QCOMPARE(text(a.addressBook().at("AGNT-c")), text(kC));
  QVERIFY(a.onIdentity(kC, identity("AGNT-c", kC)).kind == Kind::kForm);
}

void AgencyDiscoveryTest::moreAgentsThanTheSizeNeverForm() {
  AgencyDiscovery a("AGNT-a", kA, {kB, kC}, 2);
  a.onIdentity(kB, identity("AGNT-b", kB));
  QVERIFY(a.onIdentity(kC, identity("AGNT-c", kC)).kind == Kind::kWait);
  QVERIFY(a.tooMany());
}

void AgencyDiscoveryTest::anAgencyFormedWithoutThisAgentMeansJoin() {
  AgencyDiscovery d("AGNT-d", "tcp://10.0.0.4:8529", {kA}, 1);
  const auto outcome =
      d.onIdentity(kA, identity("AGNT-a", kA, "feedc0de", {{"AGNT-a", kA}, {"AGNT-b", kB}}));
  QVERIFY(outcome.kind == Kind::kJoin);
  QCOMPARE(text(outcome.cluster_id), QString("feedc0de"));
  // The members' addresses are learned: the leader's appends must be answered.
  QCOMPARE(text(d.addressBook().at("AGNT-b")), text(kB));
}

void AgencyDiscoveryTest::anAgencyFormedWithThisAgentInItMeansFormTheSame() {
  tandem::agency::Configuration formed;
  formed.members = {{"AGNT-a", kA}, {"AGNT-b", kB}, {"AGNT-c", kC}};
  const std::string cluster = tandem::node::cluster::clusterIdOf(formed);
  AgencyDiscovery c("AGNT-c", kC, {kA, kB, kC}, 3);
  const auto outcome = c.onIdentity(kA, identity("AGNT-a", kA, cluster, formed.members));
  QVERIFY(outcome.kind == Kind::kForm);
  QVERIFY(outcome.configuration == formed);
  QCOMPARE(text(outcome.cluster_id), text(cluster));
  // A configuration that names this agent at another address (or a changed one) is not the
  // bootstrap configuration: join instead.
  formed.members["AGNT-c"] = "tcp://10.0.0.9:1";
  const auto moved = c.onIdentity(
      kA, identity("AGNT-a", kA, tandem::node::cluster::clusterIdOf(formed), formed.members));
  QVERIFY(moved.kind == Kind::kJoin);
}

void AgencyDiscoveryTest::ownAddressesAreNeitherAskedNorCounted() {
  AgencyDiscovery a("AGNT-a", kA, {kA, kB, "tcp://localhost:8529"}, 2);
  const auto ask = a.addressesToAsk();
  QVERIFY(std::find(ask.begin(), ask.end(), kA) == ask.end());
  // Another name for this agent answers with its own id: answered, not another agent.
  QVERIFY(a.onIdentity("tcp://localhost:8529", identity("AGNT-a", kA)).kind == Kind::kWait);
  QCOMPARE(int(a.known().size()), 1);
  QVERIFY(a.onIdentity(kB, identity("AGNT-b", kB)).kind == Kind::kForm);
}

void AgencyDiscoveryTest::clusterIdIsTheShaOfTheSortedMemberLines() {
  tandem::agency::Configuration configuration;
  configuration.members = {{"AGNT-b", kB}, {"AGNT-a", kA}};
  const QByteArray lines = QByteArray::fromStdString("AGNT-a=" + kA + "\nAGNT-b=" + kB + "\n");
  const QByteArray expected =
      QCryptographicHash::hash(lines, QCryptographicHash::Sha256).left(16).toHex();
  QCOMPARE(text(tandem::node::cluster::clusterIdOf(configuration)), QString::fromLatin1(expected));
}

void AgencyDiscoveryTest::identityRoundTripsAndRejectsMalformedAnswers() {
  const AgentIdentity original = identity("AGNT-a", kA, "c1", {{"AGNT-a", kA}, {"AGNT-b", kB}});
  const auto parsed =
      tandem::node::cluster::parseIdentity(tandem::node::cluster::identityToJson(original));
  QVERIFY(parsed.isOk());
  QCOMPARE(text(parsed->id), text(original.id));
  QCOMPARE(text(parsed->endpoint), text(original.endpoint));
  QCOMPARE(text(parsed->cluster_id), text(original.cluster_id));
  QVERIFY(parsed->pool == original.pool);
  for (const char* bad :
       {R"([])", R"({"endpoint":"tcp://h:1"})", R"({"id":"","endpoint":"x"})", R"({"id":"a"})",
        R"({"id":"a","endpoint":"x","clusterId":1})", R"({"id":"a","endpoint":"x","pool":[]})",
        R"({"id":"a","endpoint":"x","pool":{"b":2}})"}) {
    QVERIFY2(!tandem::node::cluster::parseIdentity(json::parse(bad)).isOk(), bad);
  }
}

QTEST_GUILESS_MAIN(AgencyDiscoveryTest)
#include "tst_agency_discovery.moc"
