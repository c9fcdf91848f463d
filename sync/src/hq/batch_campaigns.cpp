// dip_campaigns.json + the standing campaigns -> one campaigns body.
#include "smartstore/sync/batch_campaigns.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "hq/file_bytes.h"

namespace smartstore::sync {
namespace {

using nlohmann::json;
constexpr const char* kOrigin = "hq campaigns";

Failure invalid(std::string message) {
  return fail(ErrorKind::invalid_input, std::move(message), kOrigin);
}

bool is_date(const json& j) {
  if (!j.is_string()) return false;
  const auto& s = j.get_ref<const std::string&>();
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// The file's campaigns ({"campaigns": [...]} or a bare array), each with the
// fields a kiosk cannot do without.
Result<json> read_campaigns(const std::filesystem::path& file) {
  auto text = detail::read_file_bytes(file);
  if (!text) return invalid(text.error().message());
  auto doc = json::parse(*text, nullptr, false);
  if (doc.is_discarded()) return invalid(file.string() + ": not valid JSON");
  json list = doc.is_object() && doc.contains("campaigns") ? doc["campaigns"] : doc;
  if (!list.is_array()) return invalid(file.string() + ": expected {\"campaigns\": [...]} or an array");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& c = list[i];
    const std::string where = file.filename().string() + " campaigns[" + std::to_string(i) + "]";
    if (!c.is_object() || !c.contains("id") || !c["id"].is_string() || c["id"].get<std::string>().empty())
      return invalid(where + ".id: missing");
    if (!c.contains("offer_number") || !c["offer_number"].is_number_integer() || c["offer_number"] < 1000 ||
        c["offer_number"] > 65535)
      return invalid(where + ".offer_number: expected 1000..65535");
    if (!is_date(c.value("starts", json())) || !is_date(c.value("ends", json())))
      return invalid(where + ".starts/ends: expected YYYY-MM-DD");
  }
  return list;
}

}  // namespace

Result<std::string> campaigns_from_batch(const BatchCampaignOptions& o) {
  if (o.control_bp > 10000) return invalid("control_bp: expected 0..10000");
  auto dips = read_campaigns(o.batch_dir / "dip_campaigns.json");
  if (!dips) return dips.error();
  json all = json::array();
  if (!o.standing.empty()) {
    auto standing = read_campaigns(o.standing);
    if (!standing) return standing.error();
    all = std::move(*standing);
  }
  for (auto& c : *dips) {
    if (o.control_bp > 0) c["control_bp"] = o.control_bp;
    if (o.budget >= 0) c["budget"] = o.budget;
    all.push_back(std::move(c));
  }
  json kept = json::array();
  std::map<std::int64_t, std::string> offers;
  std::map<std::string, int> ids;
  for (auto& c : all) {
    if (!o.today.empty() && c["ends"].get<std::string>() < o.today) continue;
    const std::string id = c["id"];
    if (++ids[id] > 1) return invalid("campaign id '" + id + "' listed twice");
    auto [it, fresh] = offers.emplace(c["offer_number"].get<std::int64_t>(), id);
    if (!fresh)
      return invalid("offer_number " + std::to_string(it->first) + " used by both '" + it->second +
                     "' and '" + id + "'");
    kept.push_back(std::move(c));
  }
  std::sort(kept.begin(), kept.end(), [](const json& a, const json& b) {
    return a["id"].get<std::string>() < b["id"].get<std::string>();
  });
  return json{{"campaigns", kept}}.dump();
}

}  // namespace smartstore::sync
