#pragma once
// The TLS login of a certificate firmware-config/provision.sh made (a store
// id, a store-kiosk pair or "hq"): what the agent and HQ's tools are given.
#include <filesystem>
#include <string>

#include "smartstore/sync/broker_options.h"

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

}  // namespace smartstore::testing
