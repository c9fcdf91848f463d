#include "mqtt_link.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <cstdio>

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

Result<std::string> certificate_cn(const std::filesystem::path& pem) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(pem.c_str(), "rb"), &std::fclose);
  if (!f) return fail(ErrorKind::not_found, pem.string() + ": cannot read the certificate", "broker");
  std::unique_ptr<X509, void (*)(X509*)> cert(PEM_read_X509(f.get(), nullptr, nullptr, nullptr), &X509_free);
  std::array<char, 256> cn{};
  if (!cert || X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, cn.data(),
                                         static_cast<int>(cn.size())) <= 0)
    return fail(ErrorKind::invalid_input, pem.string() + ": not a PEM certificate with a CN", "broker");
  return std::string(cn.data());
}

}  // namespace smartstore::sync::detail
