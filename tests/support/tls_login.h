#pragma once
// The TLS login of a certificate firmware-config/provision.sh made (a store
// id, a store-kiosk pair or "hq"): what the agent and HQ's tools are given;
// and the broker as shipped, with provision.sh's certificates and the ACL.
#include <filesystem>
#include <string>

#include "smartstore/sync/broker_options.h"
#include "support/mosquitto_broker.h"
#include "support/test_paths.h"

namespace smartstore::testing {

inline sync::BrokerOptions tls_broker(const std::string& uri, const std::filesystem::path& pki,
                                      const std::string& cert, const std::string& client_id) {
  sync::BrokerOptions b;
  b.uri = uri;
  b.client_id = client_id;
  b.ca_file = pki / "ca.crt";
  b.cert_file = pki / (cert + ".crt");
  b.key_file = pki / (cert + ".key");
  return b;
}

inline MosquittoOptions shipped_broker_options(const std::filesystem::path& pki) {
  MosquittoOptions mo;
  mo.ca_file = pki / "ca.crt";
  mo.cert_file = pki / "broker.crt";
  mo.key_file = pki / "broker.key";
  mo.acl_file = source_dir() / "firmware-config" / "mosquitto.acl";
  return mo;
}

}  // namespace smartstore::testing
