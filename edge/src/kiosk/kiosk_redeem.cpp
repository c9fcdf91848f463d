// Coupon verification and redemption, offline: format, store, key, signature,
// revocation, expiry, then single use through the journal's UNIQUE row.
// First of all the clock: expiry is a signed absolute time, so a clock set
// back before a time the kiosk already saw would let expired coupons pass.
#include <sstream>

#include "smartstore/common/utc_time.h"
#include "smartstore/edge/coupon/coupon_code.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/policy/offer.h"

namespace smartstore::edge::kiosk {
namespace {
constexpr auto kThrottleWindow = std::chrono::minutes(1);
// NTP's small corrections step a clock back by seconds; a clock this far
// behind what the kiosk saw is wrong (or was set back on purpose).
constexpr auto kClockSlack = std::chrono::minutes(5);

// A companion's reason code names products from HQ's snapshot: one series per
// rule would grow with the rules (about a thousand on a large chain), so the
// metrics count every companion coupon under one label.
std::map<std::string, std::uint64_t> by_metric_label(const std::map<std::string, std::uint64_t>& by_reason) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& [reason, n] : by_reason) out[reason.starts_with("companion.") ? "companion" : reason] += n;
  return out;
}

// Not the device's fault: the redeem throttle does not count it.
std::optional<RedeemResult> refuse_if_clock_behind(const store::ClockFloor& floor, Clock::time_point now) {
  if (now + kClockSlack >= floor.floor()) return std::nullopt;
  RedeemResult r;
  r.reason_code = "clock_behind";
  r.message = "the kiosk's clock reads " + format_utc_iso8601(now) + ", before " +
              format_utc_iso8601(floor.floor()) +
              ", a time it has already seen: redemptions wait until the clock is set right";
  r.error = Error(ErrorKind::unavailable, r.message, "kiosk");
  return r;
}

struct Verified {
  std::optional<coupon::ParsedCode> code;
  std::string reason_code;  // set when not verified
  std::string message;
};

// The record of a valid code issued elsewhere (another kiosk of the store, or HQ).
CouponRecord synthesized(const coupon::ParsedCode& code, const std::vector<policy::Campaign>& campaigns) {
  CouponRecord rec;
  rec.coupon.coupon_id = coupon::coupon_id_text(code.kind, code.body.coupon_id);
  rec.coupon.expires_at = Clock::time_point(std::chrono::minutes(code.body.expiry_minutes));
  const policy::Offer* offer = policy::builtin_offer(code.body.offer);
  for (const auto& c : campaigns)
    if (c.offer.number == code.body.offer) offer = &c.offer;
  if (offer != nullptr) {
    rec.coupon.offer_id = offer->id;
    rec.coupon.title = offer->title;
    rec.coupon.point_rate_pct = offer->point_rate_pct;
    rec.coupon.threshold_krw = offer->threshold_krw;
    rec.coupon.discount_krw = offer->discount_krw;
    rec.coupon.discount_pct = offer->discount_pct;
  } else {
    rec.coupon.offer_id = "offer_" + std::to_string(code.body.offer);
  }
  rec.coupon.reason_code = code.kind == coupon::CodeKind::hq ? "hq.app_coupon" : "store.other_kiosk";
  rec.status = "issued";
  return rec;
}

Verified verify(const std::string& text, const std::string& store_id, store::KioskStore& store,
                const std::optional<std::array<unsigned char, 32>>& hq_key, Clock::time_point now) {
  Verified v;
  auto parsed = coupon::parse_coupon_code(text);
  if (!parsed) {
    v.reason_code = "bad_format";
    v.message = parsed.error().message();
    return v;
  }
  const coupon::ParsedCode& code = *parsed;
  const std::uint32_t ours = coupon::store_tag(store_id);
  if (code.kind == coupon::CodeKind::store) {
    if (code.body.store_tag != ours) {
      v.reason_code = "wrong_store";
      v.message = "coupon belongs to another store";
      return v;
    }
    auto keys = store.keys().coupon_keys();
    auto key = keys.find(code.body.key_id);
    if (key == keys.end() || !key->second.usable(now) ||
        !coupon::verify_store_mac(code, key->second.secret)) {
      v.reason_code = "bad_signature";
      v.message = key == keys.end()          ? "unknown coupon key id"
                  : key->second.retired_at   ? "coupon key retired"
                  : !key->second.usable(now) ? "coupon key past its not-after"
                                             : "signature does not match";
      return v;
    }
  } else {
    if (code.body.store_tag != 0 && code.body.store_tag != ours) {
      v.reason_code = "wrong_store";
      v.message = "app coupon is for another store";
      return v;
    }
    if (!hq_key || !coupon::verify_hq_signature(code, *hq_key)) {
      v.reason_code = "bad_signature";
      v.message = hq_key ? "HQ signature does not verify" : "no HQ public key configured";
      return v;
    }
  }
  v.code = code;
  return v;
}
}  // namespace

bool Kiosk::throttled(const std::string& device_id, Clock::time_point now) {
  std::lock_guard guard(throttle_mutex_);
  auto& times = failures_[device_id];
  // A failure "in the future" means the clock stepped back: its age is unknown, forget it.
  std::erase_if(times, [&](Clock::time_point t) { return now - t > kThrottleWindow || t > now; });
  return times.size() >= options_.redeem_failures_per_minute;
}

void Kiosk::note_failure(const std::string& device_id, Clock::time_point now) {
  std::lock_guard guard(throttle_mutex_);
  failures_[device_id].push_back(now);
  if (failures_.size() > 10'000) failures_.clear();  // bounded: a flood of device ids cannot grow memory
}

RedeemResult Kiosk::reject(const std::string& device_id, Clock::time_point now, std::string reason_code,
                           std::string message) {
  note_failure(device_id, now);
  {
    std::lock_guard guard(throttle_mutex_);
    ++redeem_rejected_;
  }
  RedeemResult r;
  r.reason_code = std::move(reason_code);
  r.message = std::move(message);
  return r;
}

RedeemResult Kiosk::redeem(const std::string& code, const std::string& device_id, Clock::time_point now) {
  if (throttled(device_id, now)) {
    RedeemResult r;
    r.reason_code = "throttled";
    r.message = "too many failed redemptions from this device; wait a minute";
    return r;
  }
  return store_.with_session([&](store::KioskStore& s) -> RedeemResult {
    if (auto behind = refuse_if_clock_behind(s.clock_floor(), now)) return std::move(*behind);
    // A refused floor write keeps the floor in memory and is counted with
    // the store's other write failures; the redemption goes on.
    (void)s.clock_floor().observe(now);
    Verified v = verify(code, options_.store_id, s, options_.hq_public_key, now);
    store::Journal& journal = s.journal();
    if (!v.code) return reject(device_id, now, v.reason_code, v.message);
    const std::string id = coupon::coupon_id_text(v.code->kind, v.code->body.coupon_id);
    if (journal.is_revoked(id)) return reject(device_id, now, "revoked", "coupon revoked by HQ");
    if (Clock::time_point(std::chrono::minutes(v.code->body.expiry_minutes)) <= now)
      return reject(device_id, now, "expired", "coupon expired");
    auto existing = journal.find_coupon(id, now);
    const std::string member_key = existing ? existing->member_key : std::string();
    const char* kind = v.code->kind == coupon::CodeKind::store ? "store" : "hq";
    auto write = journal.record_redemption(id, kind, device_id, member_key, now);
    if (!write) {
      // The disk refused: nothing was recorded, so the coupon stays redeemable
      // once the storage recovers. Not a failure of the device: the redeem
      // throttle does not count it.
      RedeemResult r;
      r.reason_code = std::string(to_string(write.error().kind()));
      r.message = write.error().message();
      r.error = std::move(write).error();
      return r;
    }
    if (*write == store::RedeemWrite::already_redeemed)
      return reject(device_id, now, "already_redeemed", "coupon already used");
    RedeemResult r;
    r.accepted = true;
    r.reason_code = "ok";
    r.message = "redeemed";
    r.coupon = journal.find_coupon(id, now);
    if (!r.coupon) {
      r.coupon = synthesized(*v.code, journal.campaigns());
      r.coupon->status = "redeemed";
    }
    return r;
  });
}

std::optional<CouponRecord> Kiosk::coupon(const std::string& code, Clock::time_point now) {
  return store_.with_session([&](store::KioskStore& s) -> std::optional<CouponRecord> {
    Verified v = verify(code, options_.store_id, s, options_.hq_public_key, now);
    store::Journal& journal = s.journal();
    if (!v.code) return std::nullopt;
    const std::string id = coupon::coupon_id_text(v.code->kind, v.code->body.coupon_id);
    if (auto rec = journal.find_coupon(id, now)) return rec;
    CouponRecord rec = synthesized(*v.code, journal.campaigns());
    if (journal.is_revoked(id))
      rec.status = "revoked";
    else if (rec.coupon.expires_at <= now)
      rec.status = "expired";
    return rec;
  });
}

std::optional<CatalogItem> Kiosk::product(const std::string& scanned_code) {
  // A GTIN, GS1 Digital Link or retailer URL as scanned; a bare pd_c as typed.
  const scanner::Payload p = scanner::parse_payload(scanned_code, options_.member_card);
  if (const auto* code = std::get_if<scanner::ProductCode>(&p))
    return store_.catalog().find(code->catalog_key());
  return store_.catalog().find(scanned_code);
}

void Kiosk::on_scan_outcome(std::function<void(const ScanOutcome&)> listener) {
  std::lock_guard guard(listeners_mutex_);
  listeners_.push_back(std::move(listener));
}

std::string Kiosk::metrics_text() {
  return store_.with_session([&](store::KioskStore&) -> std::string {
    store::StoreCounters c = store_.counters();
    std::ostringstream m;
    m << "# TYPE smartstore_outbox_depth gauge\nsmartstore_outbox_depth " << store_.outbox().depth() << "\n";
    m << "# TYPE smartstore_outbox_max_rows gauge\nsmartstore_outbox_max_rows "
      << store_.options().outbox_max_rows << "\n";
    m << "# TYPE smartstore_outbox_refused_total counter\nsmartstore_outbox_refused_total "
      << c.refused_outbox_full << "\n";
    m << "# TYPE smartstore_coupons_issued_total counter\n";
    for (const auto& [reason, n] : by_metric_label(c.issued_by_reason))
      m << "smartstore_coupons_issued_total{reason=\"" << reason << "\"} " << n << "\n";
    m << "# TYPE smartstore_coupons_redeemed_total counter\nsmartstore_coupons_redeemed_total "
      << c.coupons_redeemed << "\n";
    {
      std::lock_guard t(throttle_mutex_);
      m << "# TYPE smartstore_redeem_rejected_total counter\nsmartstore_redeem_rejected_total "
        << redeem_rejected_ << "\n";
    }
    m << "# TYPE smartstore_storage_write_failures_total counter\n";
    for (const auto& [reason, n] : c.storage_write_failures)
      m << "smartstore_storage_write_failures_total{reason=\"" << reason << "\"} " << n << "\n";
    m << "# TYPE smartstore_notes_stored_total counter\nsmartstore_notes_stored_total " << c.notes_stored
      << "\n";
    m << "# TYPE smartstore_retention_pruned_rows_total counter\n";
    for (const auto& [table, n] : c.retention_pruned)
      m << "smartstore_retention_pruned_rows_total{table=\"" << table << "\"} " << n << "\n";
    m << "# TYPE smartstore_retention_runs_total counter\nsmartstore_retention_runs_total "
      << c.retention_runs
      << "\n# TYPE smartstore_retention_failed_runs_total counter\nsmartstore_retention_failed_runs_total "
      << c.retention_failed_runs << "\n";
    // Tells a slow scan that waited for the store (a bulk write) from one that waited for a CPU.
    m << "# TYPE smartstore_store_lock_wait_seconds histogram\n";
    for (const auto& [us, n] : c.lock_waits_at_most_us)
      m << "smartstore_store_lock_wait_seconds_bucket{le=\"" << static_cast<double>(us) / 1e6 << "\"} " << n
        << "\n";
    m << "smartstore_store_lock_wait_seconds_bucket{le=\"+Inf\"} " << c.lock_waits
      << "\nsmartstore_store_lock_wait_seconds_sum " << static_cast<double>(c.lock_wait_sum_us) / 1e6
      << "\nsmartstore_store_lock_wait_seconds_count " << c.lock_waits << "\n";
    m << "# TYPE smartstore_snapshot_version gauge\nsmartstore_snapshot_version "
      << store_.downlink().snapshot_version() << "\n";
    m << "# TYPE smartstore_scan_outcomes_total counter\n";
    for (const auto& [reason, n] : by_metric_label(outcomes_))
      m << "smartstore_scan_outcomes_total{reason=\"" << reason << "\"} " << n << "\n";
    // Welcome offers refused by the kiosk's hourly or daily limit (an alert: someone may be
    // showing made-up card numbers).
    m << "# TYPE smartstore_welcome_refused_total counter\n";
    for (const char* window : {"hour", "day"}) {
      const auto it = outcomes_.find(std::string("welcome.limit.") + window);
      m << "smartstore_welcome_refused_total{window=\"" << window << "\"} "
        << (it == outcomes_.end() ? 0 : it->second) << "\n";
    }
    return m.str();
  });
}

}  // namespace smartstore::edge::kiosk
