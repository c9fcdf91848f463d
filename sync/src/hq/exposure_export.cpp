// exposures.csv from HQ's event store: coupon_issued and held_out events are
// the exposures, coupon_redeemed events say which issued coupons came back.
#include "smartstore/sync/exposure_export.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>
#include <unordered_set>
#include <vector>

#include "hq/csv_cell.h"
#include "hq/hq_store.h"
#include "smartstore/common/civil_date.h"
#include "smartstore/common/private_file.h"

namespace smartstore::sync {
namespace {

using detail::csv_cell;
using nlohmann::json;

constexpr const char* kOrigin = "hq exposures";

struct Row {
  std::string day, store_id, event_id;  // the order: as the exposures happened
  std::string member_key, campaign_id, offer_id;
  bool held_out = false;
  std::int64_t discount_krw = 0;
  std::string coupon_id;
};

Failure bad_event(const detail::StoredEvent& e, const std::string& type, const std::string& what) {
  return fail(ErrorKind::invalid_input,
              "store " + e.store_id + " " + type + " event " + e.event_id + ": " + what, kOrigin);
}

// The payload's text field, or why the event cannot be exported.
Result<std::string> text_field(const json& payload, const detail::StoredEvent& e, const std::string& type,
                               const char* key, bool may_be_empty = false) {
  auto f = payload.find(key);
  if (f == payload.end() || !f->is_string() || (!may_be_empty && f->get_ref<const std::string&>().empty()))
    return bad_event(e, type, std::string("payload has no ") + key);
  return f->get<std::string>();
}

Result<json> payload_of(const detail::StoredEvent& e, const std::string& type) {
  auto p = json::parse(e.payload, nullptr, false);
  if (p.is_discarded() || !p.is_object()) return bad_event(e, type, "payload is not a JSON object");
  return p;
}

// An exposure row of a coupon_issued or held_out event; campaign_id empty
// for a coupon issued outside any campaign.
Result<Row> exposure_of(const detail::StoredEvent& e, const std::string& type) {
  auto p = payload_of(e, type);
  if (!p) return p.error();
  const bool held_out = type == "held_out";
  auto campaign = text_field(*p, e, type, "campaign_id", !held_out);
  if (!campaign) return campaign.error();
  Row r{e.day, e.store_id, e.event_id, {}, *campaign, {}, held_out, 0, {}};
  if (campaign->empty()) {  // only its coupon id matters: a redemption of it is not unmatched
    auto coupon = text_field(*p, e, type, "coupon_id");
    if (!coupon) return coupon.error();
    r.coupon_id = *coupon;
    return r;
  }
  auto member = text_field(*p, e, type, "member_key");
  auto offer = text_field(*p, e, type, "offer_id");
  if (!member) return member.error();
  if (!offer) return offer.error();
  r.member_key = *member;
  r.offer_id = *offer;
  if (!held_out) {
    auto coupon = text_field(*p, e, type, "coupon_id");
    if (!coupon) return coupon.error();
    r.coupon_id = *coupon;
    auto d = p->find("discount_krw");
    if (d == p->end() || !d->is_number_integer() || d->get<std::int64_t>() < 0)
      return bad_event(e, type, "payload has no discount_krw >= 0");
    r.discount_krw = d->get<std::int64_t>();
  }
  if (!parse_date(r.day)) return bad_event(e, type, "day '" + r.day + "' is not a date");
  return r;
}

std::string yyyymmdd(const std::string& day) {
  const CivilDate c = civil_from_days(*parse_date(day));
  char text[16];
  std::snprintf(text, sizeof text, "%04d%02u%02u", c.year, c.month, c.day);
  return text;
}

struct Collected {
  std::vector<Row> rows;
  std::unordered_set<std::string> redeemed;           // coupon ids
  std::unordered_set<std::string> outside_campaigns;  // coupon ids issued without a campaign
};

Status collect(detail::HqStore& store, Collected& c) {
  std::optional<Error> failed;
  store.each_event("coupon_redeemed", [&](const detail::StoredEvent& e) {
    if (failed) return;
    auto p = payload_of(e, "coupon_redeemed");
    auto coupon = p ? text_field(*p, e, "coupon_redeemed", "coupon_id") : Result<std::string>(p.error());
    if (!coupon)
      failed = coupon.error();
    else
      c.redeemed.insert(*coupon);
  });
  for (const char* type : {"coupon_issued", "held_out"}) {
    store.each_event(type, [&](const detail::StoredEvent& e) {
      if (failed) return;
      auto row = exposure_of(e, type);
      if (!row)
        failed = row.error();
      else if (row->campaign_id.empty())
        c.outside_campaigns.insert(row->coupon_id);
      else
        c.rows.push_back(std::move(*row));
    });
  }
  if (failed) return *failed;
  return ok();
}

}  // namespace

Result<ExposureExportStats> export_exposures(const std::string& db, const std::filesystem::path& out) {
  ExposureExportStats stats;
  Collected c;
  try {
    auto store = detail::open_hq_store(db, true);
    if (auto collected = collect(*store, c); !collected) return collected.error();
  } catch (const std::exception& e) {
    return fail(ErrorKind::unavailable,
                detail::db_for_logs(db) + ": not a readable HQ database (" + e.what() + ")", kOrigin);
  }
  // Issues and hold-outs interleaved as they happened: the report's first
  // exposure of a day is the first listed.
  std::sort(c.rows.begin(), c.rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.day, a.store_id, a.event_id) < std::tie(b.day, b.store_id, b.event_id);
  });
  std::string text = "member_key,campaign_id,offer_id,event,de_dt,segment,discount_krw,redeemed\n";
  std::unordered_set<std::string> matched;
  for (const Row& r : c.rows) {
    const bool redeemed = !r.held_out && c.redeemed.count(r.coupon_id) > 0;
    if (redeemed) matched.insert(r.coupon_id);
    (r.held_out ? stats.held_out : stats.issued) += 1;
    stats.redeemed += redeemed ? 1 : 0;
    // The segment is the batch's, not the kiosk's: HQ's events do not carry it.
    text += csv_cell(r.member_key) + ',' + csv_cell(r.campaign_id) + ',' + csv_cell(r.offer_id) + ',' +
            (r.held_out ? "held_out," : "coupon_issued,") + yyyymmdd(r.day) + ",," +
            std::to_string(redeemed ? r.discount_krw : 0) + ',' + (redeemed ? "1\n" : "0\n");
  }
  stats.without_campaign = c.outside_campaigns.size();
  for (const auto& coupon : c.redeemed)
    if (matched.count(coupon) == 0 && c.outside_campaigns.count(coupon) == 0) ++stats.redemptions_unmatched;
  if (auto written = write_private_file(out, text); !written) return written.error();
  return stats;
}

}  // namespace smartstore::sync
