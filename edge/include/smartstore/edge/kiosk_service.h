#pragma once
// The kiosk's front door for everything outside the storage layer: the
// scanner pipeline, the HTTP API and the entrance screen call this, never
// SQLite. Implemented over the profile cache, coupon policy and journal
// (edge/src/...); the HTTP layer (edge/src/http/) only translates.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/error.h"
#include "smartstore/common/result.h"
#include "smartstore/models/profile.h"
#include "smartstore/scanner/payload.h"

namespace smartstore::edge {

using Clock = std::chrono::system_clock;

struct IssuedCoupon {
  std::string coupon_id;
  std::string code;         // compact signed code, fits QR and Code 128
  std::string offer_id;     // e.g. "star_thank_you"
  std::string title;        // shown to the customer (Korean with English fallback)
  std::string reason_code;  // rule that chose it, e.g. "tier.star"
  std::string reason;       // human-readable why
  double point_rate_pct = 0;
  std::int64_t threshold_krw = 0;  // minimum spend, 0 when none
  std::int64_t discount_krw = 0;
  unsigned discount_pct = 0;
  std::string category;  // targeted category, "" when any
  Clock::time_point expires_at;
};

// One product of HQ's catalog. Lookups accept a GTIN in any of its 8/12/13/14
// digit forms (compared as GTIN-14) or the retailer's product code (pd_c).
struct CatalogItem {
  std::string gtin;          // as HQ's catalog lists it (usually GTIN-13)
  std::string gtin14;        // the same GTIN left-padded to 14 digits; "" when the item has none
  std::string product_code;  // pd_c
  std::string name;
  std::string category;
  std::int64_t offline_price_krw = 0;
  std::int64_t online_price_krw = 0;  // same-price promise: equal to offline unless HQ says otherwise
  std::string app_link;
};

// What a scan is: the scanner part's vocabulary (scanner/payload.h).
using scanner::ScanKind;

// What happened when a code was scanned at the entrance.
struct ScanOutcome {
  ScanKind kind = ScanKind::unknown;
  std::string member_key;  // set for members
  bool known_member = false;
  std::optional<IssuedCoupon> coupon;  // issued now
  std::string message;                 // line for the entrance screen / log
  std::string reason_code;             // e.g. "join_invitation", "cap.daily", "tier.excluded"
  // Set when nothing was recorded: outbox_full, storage_full, storage_read_only,
  // storage_io (try again later), or unavailable (no coupon signing key yet).
  std::optional<Error> error;
  std::optional<CatalogItem> product;  // kind == product and found in HQ's catalog
};

struct NoteItem {
  std::string product_code;  // GTIN or pd_c; may be empty when category is set
  std::string category;
  std::int64_t quantity = 1;
  std::int64_t price_krw = 0;
  bool sold = false;  // sold (true) or only shown (false)
};

struct SignupSurvey {
  std::string favourite_category;
  std::string reason;
  std::string preferred_channel;  // offline | online | app
};

struct StaffNote {
  std::vector<NoteItem> items;             // shown or sold
  std::vector<NoteItem> considered;        // considered but not bought
  std::optional<double> deliberation_min;  // how long the customer deliberated
  std::string remarks;                     // length-limited free text
  std::optional<SignupSurvey> survey;      // new members only
};

struct StoredNote {
  std::string event_id;
  std::string member_key;
  std::string staff_id;
  std::string created_at;  // ISO 8601 UTC
  StaffNote note;
};

// A note stored now, or the one stored earlier under the same idempotency key.
struct RecordedNote {
  StoredNote stored;
  bool replayed = false;  // same idempotency key seen before: stored is the original
};

struct CouponRecord {
  IssuedCoupon coupon;
  std::string member_key;
  std::string status;  // issued | redeemed | expired | revoked
  std::optional<std::string> redeemed_at;
};

struct RedeemResult {
  bool accepted = false;
  std::optional<CouponRecord> coupon;
  // ok | bad_format | bad_signature | expired | wrong_store | already_redeemed | revoked | throttled |
  // clock_behind (the wall clock reads before a time the kiosk already saw)
  std::string reason_code;
  std::string message;
  // Set when the storage refused (reason_code "storage_full", ...): nothing
  // was recorded and the coupon stays redeemable.
  std::optional<Error> error;
};

struct CustomerView {
  models::CustomerProfile profile;
  std::string strategy;  // behaviour-type and tier strategy text (report 000)
  std::vector<CouponRecord> recent_coupons;
  std::vector<StoredNote> recent_notes;
};

class KioskService {
 public:
  virtual ~KioskService() = default;
  // Decoded text from any scanner source; decides and records in one transaction.
  virtual ScanOutcome on_scan(const std::string& decoded_text, Clock::time_point now) = 0;
  // `member` is a typed membership number or a scanned card/app code. nullopt:
  // not a valid member code; a view with an empty profile: valid but unknown.
  virtual std::optional<CustomerView> customer(const std::string& member, Clock::time_point now) = 0;
  // Fails with invalid_input (its fields() name each bad field), outbox_full
  // or a storage kind; nothing is stored then.
  virtual Result<RecordedNote> record_note(const std::string& member, const StaffNote& note,
                                           const std::string& staff_id, const std::string& idempotency_key,
                                           Clock::time_point now) = 0;
  // Staff's confirmed "forget this member": erased here at once and sent to
  // HQ (a member_erase_requested event), which erases them at every store and
  // keeps them out of every later batch. The member key erased, or
  // invalid_input (not a member code) or a storage kind.
  virtual Result<std::string> forget_member(const std::string& member, const std::string& staff_id,
                                            Clock::time_point now) = 0;
  // Staff's confirmed "no more marketing": no personalized coupon here from
  // now on, and sent to HQ (a consent_withdrawal_requested event), which
  // lists the member for every store and every later batch. The member key,
  // or invalid_input (not a member code) or a storage kind.
  virtual Result<std::string> withdraw_consent(const std::string& member, const std::string& staff_id,
                                               Clock::time_point now) = 0;
  virtual RedeemResult redeem(const std::string& code, const std::string& device_id,
                              Clock::time_point now) = 0;
  virtual std::optional<CouponRecord> coupon(const std::string& code, Clock::time_point now) = 0;
  virtual std::optional<CatalogItem> product(const std::string& scanned_code) = 0;
  // Entrance-screen feed: called after every scan outcome (SSE pushes it).
  virtual void on_scan_outcome(std::function<void(const ScanOutcome&)> listener) = 0;
  // Prometheus text lines of the storage side (outbox depth, coupons by rule, ...).
  virtual std::string metrics_text() = 0;
};

}  // namespace smartstore::edge
