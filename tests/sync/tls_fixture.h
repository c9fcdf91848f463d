#pragma once
// A real mosquitto with the shipped TLS setup: certificates made by
// firmware-config/provision.sh and the shipped firmware-config/mosquitto.acl,
// and raw Paho clients that log in with one of those certificates.
#include <mqtt/async_client.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "support/tls_login.h"
#include "sync/sync_fixture.h"

namespace smartstore::testing {

// Runs provision.sh with `args` (e.g. "S001 S002"); true when it exited 0.
inline bool provision(const std::filesystem::path& pki, const std::string& args) {
  std::string cmd = "sh " + (source_dir() / "firmware-config" / "provision.sh").string() + " " +
                    pki.string() + " " + args + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// A client logged in with pki/<cert>.{crt,key} (none: no certificate).
// Throws mqtt::exception when the broker refuses the connection.
inline std::unique_ptr<mqtt::async_client> tls_client(const std::string& uri, const std::string& id,
                                                      const std::filesystem::path& pki,
                                                      const std::string& cert,
                                                      int version = MQTTVERSION_3_1_1) {
  using namespace std::chrono_literals;
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

// MQTT 5 publish: true when the broker refused it (reason code 135, not
// authorized); MQTT 3.1.1 cannot tell a refused publish from a delivered one.
inline bool publish_refused(mqtt::async_client& v5, const std::string& topic, const std::string& payload) {
  try {
    v5.publish(topic, payload, 1, false)->wait();
  } catch (const mqtt::exception&) {
    return true;
  }
  return false;
}

}  // namespace smartstore::testing
