// What a kiosk facing customers and HQ needs beyond a well-formed file. Kept
// apart from the parser: a development kiosk (loopback HTTP, plaintext or no
// broker) may lack all of it, so it is a check, not a parse error. Like the
// other key files, the key file itself is read at start, not here (an
// installed package has its config before its keys are provisioned).
#include "smartstore/edge/kiosk_config.h"

namespace smartstore::edge {

bool tls_configured(const KioskConfig& config) {
  const std::string& uri = config.broker.uri;
  const bool tls_broker =
      config.broker.enabled && (uri.rfind("ssl://", 0) == 0 || uri.rfind("mqtts://", 0) == 0);
  return tls_broker || !config.http.tls_cert_file.empty();
}

Status check_production_config(const KioskConfig& config) {
  if (!tls_configured(config)) return ok();
  const std::string file = config.source.string();
  std::vector<FieldError> problems;
  if (config.kiosk.hq_public_key_file.empty())
    problems.push_back(problem_at(file, 0, "kiosk.hq_public_key_file",
                                  "required when TLS is configured: without HQ's public key the kiosk "
                                  "cannot verify downlink signatures or app coupons"));
  if (config.scanner.member_card.prefixes.empty())
    problems.push_back(problem_at(file, 0, "scanner.member_card.prefixes",
                                  "required when TLS is configured: with no issuer prefixes any number "
                                  "with a right check digit counts as a member card (set the prefixes "
                                  "your cards carry, e.g. [\"8710\"])"));
  if (problems.empty()) return ok();
  return problems_in(file, std::move(problems), "config");
}

}  // namespace smartstore::edge
