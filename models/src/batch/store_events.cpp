// The store-events CSV and the erased members' list, and the folding rules
// that do not need the batch's tables.
#include "smartstore/models/store_events.h"

#include <fstream>
#include <string_view>

#include "../csv/table_reader.h"
#include "smartstore/models/member_key.h"

namespace smartstore::models {
namespace {

using csv::BoundColumns;
using csv::field;
using csv::FieldProblem;
using csv::trim;

enum Column { kType, kMember, kDay, kCoupon, kProduct, kCategory, kQuantity, kValue, kText };

// What one file's rows add up to before redemptions are joined to their issues.
struct Reading {
  StoreEvents out;
  std::unordered_map<std::string, MemberEvents*> issued_to;  // coupon id -> its member (nodes are stable)
  std::unordered_set<std::string> redeemed;                  // coupon ids
  // A note's rows come together: the member of the last row, looked up once.
  std::string last_key;
  MemberEvents* last = nullptr;
  MemberEvents& member(std::string_view key) {
    if (last == nullptr || key != last_key) {
      last_key = key;
      last = &out.members[last_key];
    }
    return *last;
  }
};

std::optional<FieldProblem> noted_item(const std::vector<std::string_view>& f, const BoundColumns& c,
                                       DayNumber day, std::vector<NotedItem>& into) {
  NotedItem item{day, std::string(trim(field(f, c, kProduct))), std::string(trim(field(f, c, kCategory))), 1};
  if (item.product_code.empty() && item.category.empty())
    return FieldProblem{kProduct, "a product code or a category", field(f, c, kProduct)};
  if (!field(f, c, kQuantity).empty() &&
      (!csv::parse_int(field(f, c, kQuantity), item.quantity) || item.quantity < 1))
    return FieldProblem{kQuantity, "a quantity >= 1", field(f, c, kQuantity)};
  into.push_back(std::move(item));
  return std::nullopt;
}

std::optional<FieldProblem> event_row(const std::vector<std::string_view>& f, const BoundColumns& c,
                                      Reading& r) {
  const std::string_view type = trim(field(f, c, kType));
  const std::string_view key = trim(field(f, c, kMember));
  const bool redemption = type == "coupon_redeemed";
  if (!is_member_key(key) && !(redemption && key.empty()))
    return FieldProblem{kMember, "64 lower-case hex characters", key};
  const auto day = parse_date(trim(field(f, c, kDay)));
  if (!day) return FieldProblem{kDay, "a date YYYY-MM-DD", field(f, c, kDay)};
  const std::string coupon(trim(field(f, c, kCoupon)));
  if (redemption) {
    if (coupon.empty()) return FieldProblem{kCoupon, "a coupon id", coupon};
    r.redeemed.insert(coupon);
    return std::nullopt;
  }
  MemberEvents& m = r.member(key);
  if (type == "sold") return noted_item(f, c, *day, m.sold);
  if (type == "shown") return noted_item(f, c, *day, m.shown);
  if (type == "considered") return noted_item(f, c, *day, m.considered);
  if (type == "deliberation") {
    double minutes = 0;
    if (!csv::parse_double(field(f, c, kValue), minutes) || minutes < 0)
      return FieldProblem{kValue, "minutes >= 0", field(f, c, kValue)};
    m.deliberation_total_min += minutes;
    ++m.deliberation_notes;
    return std::nullopt;
  }
  if (type == "survey") {
    if (const auto fav = trim(field(f, c, kCategory)); !fav.empty()) m.survey_favourite = fav;
    if (const auto channel = trim(field(f, c, kText)); !channel.empty()) m.preferred_channel = channel;
    return std::nullopt;
  }
  if (type == "coupon_issued") {
    if (coupon.empty()) return FieldProblem{kCoupon, "a coupon id", coupon};
    if (!r.issued_to.emplace(coupon, &m).second) return std::nullopt;  // issued once
    ++m.coupons_issued;
    if (!m.last_coupon_day || *day >= *m.last_coupon_day) {
      m.last_coupon_day = *day;
      const auto title = trim(field(f, c, kText));
      m.last_coupon = std::string(title.empty() ? trim(field(f, c, kProduct)) : title);
    }
    return std::nullopt;
  }
  return FieldProblem{
      kType, "sold, shown, considered, deliberation, survey, coupon_issued or coupon_redeemed", type};
}

}  // namespace

Result<StoreEvents> read_store_events(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file))
    return fail(ErrorKind::not_found, file.string() + ": no such store-events file", "models");
  Reading r;
  const std::vector<csv::ColumnSpec> specs{{"type", true},      {"member_key", true},   {"day", true},
                                           {"coupon_id", true}, {"product_code", true}, {"category", true},
                                           {"quantity", true},  {"value", true},        {"text", true}};
  const ReadReport report =
      csv::read_table(file.string(), ReadOptions{}, specs,
                      [&](const auto& f, const BoundColumns& c, std::size_t) { return event_row(f, c, r); });
  if (report.error) return fail(ErrorKind::invalid_input, report.error->message(), "models");
  r.out.rows = report.rows;
  for (const auto& coupon : r.redeemed) {
    auto it = r.issued_to.find(coupon);
    if (it == r.issued_to.end())
      ++r.out.redemptions_unmatched;
    else
      ++it->second->coupons_redeemed;
  }
  return std::move(r.out);
}

Result<std::unordered_set<std::string>> read_member_list(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return fail(ErrorKind::not_found, file.string() + ": cannot read the members' list", "models");
  std::unordered_set<std::string> keys;
  std::size_t line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    std::string_view key = csv::trim(std::string_view(line).substr(0, line.find('#')));
    if (key.empty()) continue;
    if (!is_member_key(key))
      return fail(ErrorKind::invalid_input,
                  file.string() + ":" + std::to_string(line_no) +
                      ": expected a member key (64 lower-case hex characters), found '" +
                      std::string(key.substr(0, 70)) + "'",
                  "models");
    keys.emplace(key);
  }
  return keys;
}

BehaviourType combined_behaviour(BehaviourType online, std::optional<double> observed_mean_min,
                                 const DeliberationRule& rule) {
  if (!observed_mean_min) return online;
  if (*observed_mean_min >= rule.meticulous_min) return BehaviourType::meticulous;
  if (*observed_mean_min < rule.quick_min && online == BehaviourType::meticulous)
    return BehaviourType::easygoing;
  return online;
}

CouponFeatures coupon_features(const MemberEvents& events, DayNumber as_of) {
  CouponFeatures c;
  c.issued = events.coupons_issued;
  c.redeemed = events.coupons_redeemed;
  if (c.issued > 0) c.redemption_rate = static_cast<double>(c.redeemed) / static_cast<double>(c.issued);
  if (events.last_coupon_day) {
    c.last_coupon = events.last_coupon;
    c.last_coupon_date = format_date(*events.last_coupon_day);
    c.days_since = std::max<std::int64_t>(0, as_of - *events.last_coupon_day);
  }
  return c;
}

}  // namespace smartstore::models
