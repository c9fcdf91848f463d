#include "smartstore/edge/kiosk/kiosk.h"

#include <algorithm>
#include <sstream>

#include "smartstore/common/utc_time.h"
#include "smartstore/edge/coupon/coupon_code.h"
#include "smartstore/edge/kiosk/note_validation.h"
#include "smartstore/edge/policy/coupon_policy.h"
#include "smartstore/edge/store/event_id.h"
#include "smartstore/models/member_key.h"

namespace smartstore::edge::kiosk {
namespace {
constexpr std::size_t kRecentRows = 10;

std::int64_t minutes_since_epoch(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::minutes>(t.time_since_epoch()).count();
}
}  // namespace

Kiosk::Kiosk(store::KioskStore& store, KioskOptions options)
    : store_(store),
      options_(std::move(options)),
      store_tag_(coupon::store_tag(options_.store_id)),
      keyer_(options_.deployment_key) {
  auto assigner = HoldoutAssigner::create(derive_holdout_key(options_.deployment_key));
  if (assigner) holdout_.emplace(std::move(*assigner));
}

std::string Kiosk::key_of_number(std::string_view number) {
  std::lock_guard guard(keyer_mutex_);
  return keyer_.key(number);
}

void Kiosk::reload(const KioskConfig& config) {
  store_.with_session([&](store::KioskStore& s) {
    options_.policy = config.policy;
    options_.member_card = config.scanner.member_card;
    s.set_limits(config.sync.outbox_max_rows, config.sync.retention_days);
  });
}

std::optional<std::string> Kiosk::member_key_of(const std::string& member) {
  const scanner::Payload p = scanner::parse_payload(member, options_.member_card);
  const auto* card = std::get_if<scanner::MemberCard>(&p);
  if (card == nullptr) return std::nullopt;
  return key_of_number(card->number());
}

ScanOutcome Kiosk::on_scan(const std::string& decoded_text, Clock::time_point now) {
  const scanner::Payload payload = scanner::parse_payload(decoded_text, options_.member_card);
  ScanOutcome out;
  out.kind = scanner::scan_kind(payload);
  switch (out.kind) {
    case ScanKind::member:
      out = scan_member(key_of_number(std::get<scanner::MemberCard>(payload).number()), now);
      break;
    case ScanKind::non_member_card:
      out.reason_code = "join_invitation";
      out.message = "L.POINT 회원이 되어 보세요 / Join L.POINT for personalized offers";
      break;
    case ScanKind::coupon: {
      auto rec = coupon(std::get<scanner::CouponCode>(payload).code, now);
      out.reason_code = rec ? "coupon." + rec->status : "coupon.invalid";
      out.message = rec ? "coupon " + rec->coupon.offer_id + ": " + rec->status : "not a valid coupon";
      break;
    }
    case ScanKind::product: {
      out.product = store_.catalog().find(std::get<scanner::ProductCode>(payload).catalog_key());
      out.reason_code = out.product ? "product.found" : "product.unknown";
      out.message = out.product
                        ? out.product->name + " " + std::to_string(out.product->offline_price_krw) + " KRW"
                        : "product not in catalog";
      break;
    }
    case ScanKind::unknown:
      out.reason_code = "unknown_code";
      out.message = "unrecognized code";
      break;
  }
  store_.with_session([&](store::KioskStore& s) {
    ++outcomes_[out.reason_code];
    // Every scan moves the clock floor redemptions are checked against (a
    // refused write keeps it in memory and is counted by the store).
    (void)s.clock_floor().observe(now);
  });
  std::vector<std::function<void(const ScanOutcome&)>> listeners;
  {
    std::lock_guard guard(listeners_mutex_);
    listeners = listeners_;
  }
  for (const auto& l : listeners) l(out);
  return out;
}

ScanOutcome Kiosk::scan_member(const std::string& scanned_key, Clock::time_point now) {
  ScanOutcome out;
  out.kind = ScanKind::member;
  // One lock from lookup to commit: two kiosk threads cannot both pass the cap.
  return store_.with_session([&](store::KioskStore& s) -> ScanOutcome {
    store::ProfileCache::Member member = s.profiles().find_member(scanned_key);
    std::optional<models::CustomerProfile>& profile = member.profile;
    out.member_key = profile ? profile->member_key : scanned_key;
    out.known_member = profile.has_value();
    const std::string day = local_date(now);
    // Budgets only matter when campaigns exist; skip the GROUP BY otherwise.
    std::map<std::string, std::int64_t> usage;
    store::Journal& journal = s.journal();
    if (!journal.campaigns().empty()) usage = journal.campaign_usage();
    policy::PolicyInput in;
    in.profile = profile ? &*profile : nullptr;
    in.consent_withdrawn = member.consent_withdrawn;
    in.history = journal.history(out.member_key, day, now);
    in.today = day;
    in.now = now;
    in.campaigns = &journal.campaigns();
    in.campaign_used = &usage;
    in.welcome_issued = [&] { return journal.welcome_issued(day, now); };
    auto decided = hold_out(s, in, policy::decide(in, options_.policy), out.member_key, now);
    if (!decided) {
      out.reason_code = "refused." + std::string(to_string(decided.error().kind()));
      out.message = decided.error().message();
      out.error = std::move(decided).error();
      return out;
    }
    policy::Decision d = std::move(*decided);
    out.reason_code = d.reason_code;
    out.message = d.reason;
    if (!d.offer) return out;

    // The newest key that is not retired and outlives the coupon signs it.
    const auto signing = s.keys().signing_key(now, now + d.validity);
    if (!signing) {
      out.error =
          Error(ErrorKind::unavailable, "no coupon signing key valid for the coupon's lifetime", "kiosk");
      return out;
    }
    const auto& [key_id, key] = *signing;
    coupon::CouponBody body;
    body.key_id = static_cast<std::uint8_t>(key_id);
    body.coupon_id = coupon::random_coupon_id();
    body.store_tag = store_tag_;
    body.offer = d.offer->number;
    body.expiry_minutes = static_cast<std::uint32_t>(minutes_since_epoch(now + d.validity));

    IssuedCoupon c;
    c.coupon_id = coupon::coupon_id_text(coupon::CodeKind::store, body.coupon_id);
    c.code = coupon::encode_store_coupon(body, key);
    c.offer_id = d.offer->id;
    c.title = d.offer->title;
    c.reason_code = d.reason_code;
    c.reason = d.reason;
    c.point_rate_pct = d.offer->point_rate_pct;
    c.threshold_krw = d.offer->threshold_krw;
    c.discount_krw = d.offer->discount_krw;
    c.discount_pct = d.offer->discount_pct;
    c.category = d.category;
    c.expires_at = Clock::time_point(std::chrono::minutes(body.expiry_minutes));

    store::IssueRecord record{c, out.member_key, d.campaign_id, d.offer->number, day};
    if (auto issued = journal.record_issue(record, now); !issued) {
      out.reason_code = "refused." + std::string(to_string(issued.error().kind()));
      out.message = issued.error().message();
      out.error = std::move(issued).error();
      return out;
    }
    out.coupon = std::move(c);
    return out;
  });
}

// A campaign with a control share holds some members out (common/holdout.h,
// the same draw HQ recomputes): a member drawn into the control group is
// journalled as held out and gets what the policy decides without that
// campaign, the next rule in line or nothing. What the screens show never
// says which group a member is in.
Result<policy::Decision> Kiosk::hold_out(store::KioskStore& s, const policy::PolicyInput& in,
                                         policy::Decision decided, const std::string& member_key,
                                         Clock::time_point now) {
  if (!holdout_ || in.campaigns == nullptr) return decided;
  std::vector<policy::Campaign> remaining = *in.campaigns;
  policy::PolicyInput without = in;
  without.campaigns = &remaining;
  while (decided.offer && !decided.campaign_id.empty()) {
    const auto c = std::find_if(remaining.begin(), remaining.end(),
                                [&](const policy::Campaign& x) { return x.id == decided.campaign_id; });
    if (c == remaining.end() || c->control_bp == 0) break;
    const auto group = holdout_->group(member_key, c->id, c->control_bp);
    if (!group) return group.error();
    if (*group == HoldoutGroup::treated) break;
    const store::HeldOutRecord held{member_key,          c->id,   c->offer.id, c->offer.number,
                                    decided.reason_code, in.today};
    if (auto journalled = s.journal().record_held_out(held, now); !journalled) return journalled.error();
    remaining.erase(c);
    decided = policy::decide(without, options_.policy);
  }
  return decided;
}

std::optional<CustomerView> Kiosk::customer(const std::string& member, Clock::time_point now) {
  auto key = member_key_of(member);
  if (!key) return std::nullopt;
  return store_.with_session([&](store::KioskStore& s) -> std::optional<CustomerView> {
    CustomerView view;
    store::ProfileCache::Member cached = s.profiles().find_member(*key);
    if (cached.profile) {
      view.profile = std::move(*cached.profile);
      view.strategy = policy::strategy_text(view.profile);
    } else {
      view.profile.member_key = *key;
    }
    // The card tells staff why the member gets no coupon, as the scan decides it.
    if (cached.consent_withdrawn) view.profile.consent_marketing = false;
    view.recent_coupons = s.journal().recent_coupons(view.profile.member_key, kRecentRows, now);
    view.recent_notes = s.notes().recent_notes(view.profile.member_key, kRecentRows);
    return view;
  });
}

Result<RecordedNote> Kiosk::record_note(const std::string& member, const StaffNote& note,
                                        const std::string& staff_id, const std::string& idempotency_key,
                                        Clock::time_point now) {
  std::vector<FieldError> fields;
  auto key = member_key_of(member);
  if (!key) fields.push_back({"member", "expected a valid membership number"});
  if (staff_id.empty()) fields.push_back({"staff_id", "expected the staff member's id"});
  auto more = validate_note(note, idempotency_key);
  fields.insert(fields.end(), more.begin(), more.end());
  if (!fields.empty())
    return Error(ErrorKind::invalid_input, "the note has bad fields; nothing was stored", "kiosk")
        .with_fields(std::move(fields));
  return store_.with_session([&](store::KioskStore& s) -> Result<RecordedNote> {
    return s.notes().record_note(s.profiles().resolve_alias(*key), note, staff_id, idempotency_key, now);
  });
}

// A staff action on a member asked for in person (forget, no more
// marketing): on the card's key and, when an alias leads elsewhere, the key
// it survives as, together. The card's key, or invalid_input.
Result<std::string> Kiosk::for_member_keys(
    const std::string& member,
    const std::function<Result<std::string>(store::KioskStore&, const std::vector<std::string>&)>& act) {
  auto key = member_key_of(member);
  if (!key)
    return Error(ErrorKind::invalid_input, "not a valid membership number or member code", "kiosk")
        .with_fields({{"member", "expected a valid membership number"}});
  return store_.with_session([&](store::KioskStore& s) -> Result<std::string> {
    const std::string resolved = s.profiles().resolve_alias(*key);
    auto request = act(s, resolved == *key ? std::vector{*key} : std::vector{*key, resolved});
    if (!request) return request.error();
    return *key;
  });
}

Result<std::string> Kiosk::forget_member(const std::string& member, const std::string& staff_id,
                                         Clock::time_point now) {
  return for_member_keys(member, [&](store::KioskStore& s, const std::vector<std::string>& keys) {
    return s.downlink().forget_member(keys, staff_id, now);
  });
}

Result<std::string> Kiosk::withdraw_consent(const std::string& member, const std::string& staff_id,
                                            Clock::time_point now) {
  return for_member_keys(member, [&](store::KioskStore& s, const std::vector<std::string>& keys) {
    return s.downlink().withdraw_consent_here(keys, staff_id, now);
  });
}

}  // namespace smartstore::edge::kiosk
