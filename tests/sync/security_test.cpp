// ctest-labels: integration
// TLS + ACL against a real mosquitto, with certificates from
// firmware-config/provision.sh and the shipped firmware-config/mosquitto.acl.
#include <mqtt/async_client.h>

#include <cstdlib>

#include "smartstore/sync/topics.h"
#include "sync/sync_fixture.h"

using namespace smartstore;
using namespace smartstore::testing;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<mqtt::async_client> tls_client(const std::string& uri, const std::string& id,
                                               const std::filesystem::path& pki, const std::string& cert,
                                               int version = MQTTVERSION_3_1_1) {
  auto cli = std::make_unique<mqtt::async_client>(uri, id, mqtt::create_options(version, 100), nullptr);
  mqtt::ssl_options_builder ssl;
  ssl.trust_store((pki / "ca.crt").string()).enable_server_cert_auth(true);
  if (!cert.empty())
    ssl.key_store((pki / (cert + ".crt")).string()).private_key((pki / (cert + ".key")).string());
  auto opts = mqtt::connect_options_builder()
                  .mqtt_version(version)
                  .ssl(ssl.finalize())
                  .connect_timeout(5s)
                  .finalize();
  if (version == MQTTVERSION_5)
    opts.set_clean_start(true);
  else
    opts.set_clean_session(true);
  cli->connect(opts)->wait();
  return cli;
}

}  // namespace

TEST_CASE("TLS + ACL: a store reads and writes only its own subtree; no certificate, no connection") {
  TempDir tmp;
  auto pki = tmp / "pki";
  std::string cmd = "sh " + (source_dir() / "firmware-config" / "provision.sh").string() + " " +
                    pki.string() + " S001 S002 >/dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK((std::filesystem::status(pki / "S001.key").permissions() & std::filesystem::perms::group_read) ==
        std::filesystem::perms::none);
  MosquittoOptions mo;
  mo.ca_file = pki / "ca.crt";
  mo.cert_file = pki / "broker.crt";
  mo.key_file = pki / "broker.key";
  mo.acl_file = source_dir() / "firmware-config" / "mosquitto.acl";
  MosquittoBroker broker(tmp / "broker", mo);

  auto s2 = tls_client(broker.uri(), "S002-K1", pki, "S002");
  auto s1 = tls_client(broker.uri(), "S001-K1", pki, "S001");
  auto hq = tls_client(broker.uri(), "hq-test", pki, "hq");
  s2->start_consuming();
  s1->start_consuming();
  hq->start_consuming();
  s2->subscribe(sync::store_topic("S002", sync::Direction::down, "#"), 1)->wait();
  s1->subscribe(sync::store_topic("S002", sync::Direction::down, "#"), 1)->wait();  // not allowed
  hq->subscribe(sync::all_stores_uplink("#"), 1)->wait();

  {  // S001 cannot read S002's downlink
    hq->publish(sync::store_topic("S002", sync::Direction::down, "campaigns"), std::string("{}"), 1, false)
        ->wait();
    auto got = s2->try_consume_message_for(5s);
    REQUIRE(got);  // the owner receives it: the broker path works
    CHECK(got->get_topic() == "smartstore/v1/stores/S002/down/campaigns");
    CHECK_FALSE(s1->try_consume_message_for(1500ms));
  }
  {  // S001 cannot publish into S002's uplink
    auto s1v5 = tls_client(broker.uri(), "S001-K1-v5", pki, "S001", MQTTVERSION_5);
    bool refused = false;
    try {
      s1v5->publish(sync::store_topic("S002", sync::Direction::up, "events"), std::string("{\"forged\":1}"),
                    1, false)
          ->wait();
    } catch (const mqtt::exception&) {
      refused = true;  // MQTT 5: reason code 135, not authorized
    }
    CHECK(refused);
    s1v5->publish(sync::store_topic("S001", sync::Direction::up, "events"), std::string("{\"own\":1}"), 1,
                  false)
        ->wait();
    auto got = hq->try_consume_message_for(5s);
    REQUIRE(got);
    CHECK(got->get_topic() == "smartstore/v1/stores/S001/up/events");  // only its own arrived
    CHECK_FALSE(hq->try_consume_message_for(1000ms));
    s1v5->disconnect()->wait();
  }
  {  // a client without a certificate is refused
    CHECK_THROWS_AS(tls_client(broker.uri(), "anonymous", pki, ""), mqtt::exception);
  }
  for (auto* c : {s1.get(), s2.get(), hq.get()}) c->disconnect()->wait();
}
