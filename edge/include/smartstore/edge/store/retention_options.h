#pragma once
// What the kiosk store keeps when it prunes (store/retention.h says why each
// table keeps what it does); the config's [retention] section fills it.
#include <chrono>

namespace smartstore::edge::store {

struct RetentionOptions {
  unsigned coupon_margin_days = 7;  // a coupon (and its redemption) kept this long past expiry
  unsigned note_days = 90;          // a staff note kept this long after HQ acknowledged it
  // Longer than any coupon's validity (policy.default_expiry_days is at most 365).
  unsigned unknown_expiry_days = 400;
  // Rows examined per transaction; see docs/edge-storage.md "Retention".
  unsigned batch_rows = 200;
  std::chrono::milliseconds pause{2};  // between transactions: the scan threads take the lock
};

}  // namespace smartstore::edge::store
