#include "journal_json.h"

#include "smartstore/models/snapshot_format.h"

namespace smartstore::edge::store {
nlohmann::json note_item_fields(const NoteItem& i) {
  return {{"product_code", i.product_code},
          {"category", i.category},
          {"quantity", i.quantity},
          {"price_krw", i.price_krw},
          {"sold", i.sold}};
}

namespace {
NoteItem item_from_json(const nlohmann::json& j) {
  NoteItem i;
  i.product_code = j.value("product_code", "");
  i.category = j.value("category", "");
  i.quantity = j.value("quantity", std::int64_t{1});
  i.price_krw = j.value("price_krw", std::int64_t{0});
  i.sold = j.value("sold", false);
  return i;
}
}  // namespace

std::int64_t unix_seconds(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

nlohmann::json coupon_fields(const IssuedCoupon& c, nlohmann::json expires_at) {
  return {{"coupon_id", c.coupon_id},
          {"code", c.code},
          {"offer_id", c.offer_id},
          {"title", c.title},
          {"reason_code", c.reason_code},
          {"reason", c.reason},
          {"point_rate_pct", c.point_rate_pct},
          {"threshold_krw", c.threshold_krw},
          {"discount_krw", c.discount_krw},
          {"discount_pct", c.discount_pct},
          {"category", c.category},
          {"expires_at", std::move(expires_at)}};
}

namespace {
// Members of one JSON object, written in the order given. nlohmann's objects
// are sorted maps, so callers list members in byte order to get its bytes.
class ObjectText {
 public:
  explicit ObjectText(std::string& out) : out_(out) { out_.push_back('{'); }
  ObjectText& text(std::string_view name, std::string_view v) {
    member(name);
    models::append_json_string(out_, v);
    return *this;
  }
  ObjectText& integer(std::string_view name, std::int64_t v) {
    member(name);
    models::append_json_int(out_, v);
    return *this;
  }
  ObjectText& real(std::string_view name, double v) {
    member(name);
    models::append_json_double(out_, v);
    return *this;
  }
  void close() { out_.push_back('}'); }

 private:
  void member(std::string_view name) {
    if (!first_) out_.push_back(',');
    first_ = false;
    out_.push_back('"');
    out_.append(name);  // ASCII names: nothing to escape
    out_.append("\":");
  }
  std::string& out_;
  bool first_ = true;
};
}  // namespace

std::string coupon_body_text(const IssuedCoupon& c) {
  std::string out;
  out.reserve(320 + c.reason.size() + c.title.size() + c.code.size());
  ObjectText o(out);
  o.text("category", c.category).text("code", c.code).text("coupon_id", c.coupon_id);
  o.integer("discount_krw", c.discount_krw).integer("discount_pct", c.discount_pct);
  o.integer("expires_at", unix_seconds(c.expires_at)).text("offer_id", c.offer_id);
  o.real("point_rate_pct", c.point_rate_pct).text("reason", c.reason).text("reason_code", c.reason_code);
  o.integer("threshold_krw", c.threshold_krw).text("title", c.title);
  o.close();
  return out;
}

std::string coupon_issued_payload(const IssuedCoupon& c, const IssueContext& issue) {
  std::string out;
  out.reserve(400 + c.reason.size() + c.title.size());
  ObjectText o(out);
  o.text("campaign_id", issue.campaign_id).text("category", c.category).text("coupon_id", c.coupon_id);
  o.integer("discount_krw", c.discount_krw).integer("discount_pct", c.discount_pct);
  o.integer("expires_at", unix_seconds(c.expires_at)).text("issued_at", issue.issued_at);
  o.text("member_key", issue.member_key)
      .text("offer_id", c.offer_id)
      .integer("offer_number", issue.offer_number);
  o.real("point_rate_pct", c.point_rate_pct).text("reason", c.reason).text("reason_code", c.reason_code);
  o.text("store_id", issue.store_id).integer("threshold_krw", c.threshold_krw).text("title", c.title);
  o.close();
  return out;
}

IssuedCoupon coupon_from_json(const nlohmann::json& j) {
  IssuedCoupon c;
  c.coupon_id = j.value("coupon_id", "");
  c.code = j.value("code", "");
  c.offer_id = j.value("offer_id", "");
  c.title = j.value("title", "");
  c.reason_code = j.value("reason_code", "");
  c.reason = j.value("reason", "");
  c.point_rate_pct = j.value("point_rate_pct", 0.0);
  c.threshold_krw = j.value("threshold_krw", std::int64_t{0});
  c.discount_krw = j.value("discount_krw", std::int64_t{0});
  c.discount_pct = j.value("discount_pct", 0U);
  c.category = j.value("category", "");
  c.expires_at = Clock::time_point(std::chrono::seconds(j.value("expires_at", std::int64_t{0})));
  return c;
}

nlohmann::json note_to_json(const StaffNote& n) {
  nlohmann::json j;
  j["items"] = nlohmann::json::array();
  for (const auto& i : n.items) j["items"].push_back(note_item_fields(i));
  j["considered"] = nlohmann::json::array();
  for (const auto& i : n.considered) j["considered"].push_back(note_item_fields(i));
  if (n.deliberation_min) j["deliberation_min"] = *n.deliberation_min;
  j["remarks"] = n.remarks;
  if (n.survey) {
    j["survey"] = {{"favourite_category", n.survey->favourite_category},
                   {"reason", n.survey->reason},
                   {"preferred_channel", n.survey->preferred_channel}};
  }
  return j;
}

StaffNote note_from_json(const nlohmann::json& j) {
  StaffNote n;
  for (const auto& i : j.value("items", nlohmann::json::array())) n.items.push_back(item_from_json(i));
  for (const auto& i : j.value("considered", nlohmann::json::array()))
    n.considered.push_back(item_from_json(i));
  if (j.contains("deliberation_min")) n.deliberation_min = j.at("deliberation_min").get<double>();
  n.remarks = j.value("remarks", "");
  if (j.contains("survey")) {
    const auto& s = j.at("survey");
    n.survey = SignupSurvey{s.value("favourite_category", ""), s.value("reason", ""),
                            s.value("preferred_channel", "")};
  }
  return n;
}

}  // namespace smartstore::edge::store
