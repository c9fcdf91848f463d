#include "mqtt_link.h"

namespace smartstore::sync::detail {

std::unique_ptr<mqtt::async_client> make_client(const BrokerOptions& b, const std::string& client_id,
                                                int mqtt_version) {
  // Large buffer: Paho's default of 100 unacknowledged publishes fails with -12
  // under bursts (toolchain notes); callers also bound their own in-flight.
  mqtt::create_options create(mqtt_version, 10000);
  return std::make_unique<mqtt::async_client>(b.uri, client_id, create, nullptr);
}

mqtt::connect_options connect_options_for(const BrokerOptions& b, bool persistent, int mqtt_version) {
  mqtt::connect_options_builder builder;
  builder.mqtt_version(mqtt_version)
      .keep_alive_interval(std::chrono::seconds(60))
      .connect_timeout(b.connect_timeout)
      .automatic_reconnect(false)
      .max_inflight(1000);
  if (mqtt_version == MQTTVERSION_5) {
    builder.clean_start(!persistent);
  } else {
    builder.clean_session(!persistent);
  }
  if (!b.ca_file.empty() || !b.cert_file.empty()) {
    mqtt::ssl_options_builder ssl;
    if (!b.ca_file.empty()) ssl.trust_store(b.ca_file.string());
    if (!b.cert_file.empty()) ssl.key_store(b.cert_file.string());
    if (!b.key_file.empty()) ssl.private_key(b.key_file.string());
    ssl.enable_server_cert_auth(true).verify(true);
    builder.ssl(ssl.finalize());
  }
  auto opts = builder.finalize();
  if (mqtt_version == MQTTVERSION_5 && persistent) {
    // Set on the finished object: passing properties through the builder left
    // a dangling C pointer in Paho C++ 1.2 (crash in MQTTProperties_copy).
    mqtt::properties props;
    props.add({mqtt::property::SESSION_EXPIRY_INTERVAL, 7 * 24 * 3600});
    opts.set_properties(props);
  }
  return opts;
}

}  // namespace smartstore::sync::detail
