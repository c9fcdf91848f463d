#pragma once
// How to reach the broker: shared by the store agent and the HQ tool.
#include <chrono>
#include <filesystem>
#include <string>

namespace smartstore::sync {

struct BrokerOptions {
  std::string uri;        // tcp://host:1883 or ssl://host:8883
  std::string client_id;  // fixed per store/kiosk: the broker keeps its session
  // TLS (ssl:// URIs): CA that signed the broker, and this client's certificate
  // whose CN is the store id (the broker's ACL username).
  std::filesystem::path ca_file, cert_file, key_file;
  std::chrono::milliseconds connect_timeout{5000};
};

}  // namespace smartstore::sync
