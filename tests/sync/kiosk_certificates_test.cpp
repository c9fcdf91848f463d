// ctest-labels: integration security
// One certificate per kiosk and a revocation list the broker honours, with
// provision.sh, the shipped ACL and a real mosquitto: a stolen kiosk is cut
// off alone, its neighbours keep syncing.
#include <array>
#include <cstdio>

#include "smartstore/sync/topics.h"
#include "sync/tls_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

std::string subject_of(const std::filesystem::path& cert) {
  std::string cmd = "openssl x509 -noout -subject -nameopt RFC2253 -in " + cert.string();
  std::unique_ptr<FILE, int (*)(FILE*)> p(::popen(cmd.c_str(), "r"), &::pclose);
  std::array<char, 256> buf{};
  std::string out;
  while (p && std::fgets(buf.data(), buf.size(), p.get())) out += buf.data();
  return out;
}

bool connects(const MosquittoBroker& broker, const std::filesystem::path& pki, const std::string& cert) {
  try {
    tls_client(broker.uri(), cert + "-probe", pki, cert)->disconnect()->wait();
    return true;
  } catch (const mqtt::exception&) {
    return false;
  }
}

}  // namespace

TEST_CASE("per-kiosk certificates: CN is the store, OU the kiosk; a revoked kiosk cannot connect") {
  TempDir tmp;
  auto pki = tmp / "pki";
  REQUIRE(provision(pki, "S001/K01 S001/K02"));
  CHECK(subject_of(pki / "S001-K01.crt").find("CN=S001,OU=K01") != std::string::npos);
  CHECK(std::filesystem::exists(pki / "crl.pem"));

  auto mo = shipped_broker_options(pki);
  mo.extra_config = "crlfile " + (pki / "crl.pem").string();
  MosquittoBroker broker(tmp / "broker", mo);
  REQUIRE(connects(broker, pki, "S001-K01"));
  REQUIRE(connects(broker, pki, "S001-K02"));

  REQUIRE(provision(pki, "--revoke S001-K01"));
  broker.stop();
  broker.start();
  CHECK_FALSE(connects(broker, pki, "S001-K01"));
  CHECK(connects(broker, pki, "S001-K02"));

  // The neighbour still works as its store: the ACL scopes it by the CN.
  auto hq = tls_client(broker.uri(), "hq-test", pki, "hq");
  hq->start_consuming();
  hq->subscribe(sync::all_stores_uplink("#"), 1)->wait();
  auto k2 = tls_client(broker.uri(), "S001-K02", pki, "S001-K02", MQTTVERSION_5);
  CHECK_FALSE(publish_refused(*k2, sync::store_topic("S001", sync::Direction::up, "events"), "{}"));
  auto got = hq->try_consume_message_for(5s);
  REQUIRE(got);
  CHECK(got->get_topic() == "smartstore/v1/stores/S001/up/events");
  CHECK(publish_refused(*k2, sync::store_topic("S001", sync::Direction::down, "event-acks"), "{}"));
  k2->disconnect()->wait();
  hq->disconnect()->wait();
}

TEST_CASE("provision.sh refuses a store id that is HQ's certificate name or not a topic level") {
  TempDir tmp;
  CHECK_FALSE(provision(tmp / "pki", "hq"));
  CHECK_FALSE(provision(tmp / "pki2", "S0+1"));
  CHECK_FALSE(provision(tmp / "pki3", "S001/K#1"));
}
