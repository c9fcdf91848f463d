#pragma once
// The kiosk and staff set-up the HTTP tests and the HTTP bench share: a
// kiosk of store S001 with a given deployment key, and staff entries as the
// staff file holds them (hashed token, or PBKDF2 PIN with salt "salt-<id>-0001").
#include <string>
#include <utility>
#include <vector>

#include "smartstore/edge/http/staff_auth.h"
#include "smartstore/edge/kiosk/kiosk.h"

namespace smartstore::testing {

inline edge::kiosk::KioskOptions kiosk_options(std::vector<unsigned char> deployment_key) {
  edge::kiosk::KioskOptions o;
  o.store_id = "S001";
  o.deployment_key = std::move(deployment_key);
  return o;
}

inline edge::http::StaffEntry token_staff(std::string id, const std::string& token) {
  edge::http::StaffEntry e;
  e.id = std::move(id);
  e.token_sha256 = edge::http::sha256_hex(token);
  return e;
}

inline edge::http::StaffEntry pin_staff(std::string id, const std::string& pin, unsigned iterations) {
  edge::http::StaffEntry e;
  e.id = std::move(id);
  e.pin_salt = "salt-" + e.id + "-0001";
  e.pin_iterations = iterations;
  e.pin_hash = edge::http::pbkdf2_sha256_hex(pin, e.pin_salt, iterations);
  return e;
}

}  // namespace smartstore::testing
