#include "smartstore/edge/http/note_body.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

namespace smartstore::edge::http {
namespace {

using nlohmann::json;

std::size_t utf8_chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Staff type remarks on a shop floor; a phone or card number or an e-mail
// address there would put personal data into the journal and HQ's lake.
bool looks_like_personal_data(const std::string& s) {
  std::size_t digits = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (++digits >= 9) return true;
    } else if (c != ' ' && c != '-' && c != '.') {
      digits = 0;
    }
  }
  auto at = s.find('@');
  return at != std::string::npos && at > 0 && s.find('.', at) != std::string::npos;
}

class NoteReader {
 public:
  NoteReader(const NoteLimits& limits, std::vector<FieldError>& errors) : limits_(limits), errors_(errors) {}

  void bad(const std::string& field, const std::string& message) { errors_.push_back({field, message}); }

  std::optional<std::string> text(const json& obj, const std::string& key, const std::string& path,
                                  std::size_t max_chars) {
    if (!obj.contains(key) || obj[key].is_null()) return std::string{};
    const json& v = obj[key];
    if (!v.is_string()) {
      bad(path, "expected a string");
      return std::nullopt;
    }
    auto s = v.get<std::string>();
    if (utf8_chars(s) > max_chars) {
      bad(path, "expected at most " + std::to_string(max_chars) + " characters");
      return std::nullopt;
    }
    return s;
  }

  std::optional<std::int64_t> whole(const json& v, const std::string& path, std::int64_t lo, std::int64_t hi,
                                    const std::string& what) {
    const std::string msg = "expected a whole number " + what + " from " + std::to_string(lo) + " to " +
                            std::to_string(hi);
    if (!v.is_number_integer()) {
      bad(path, msg);
      return std::nullopt;
    }
    auto n = v.get<std::int64_t>();
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) n = hi + 1;
    if (n < lo || n > hi) {
      bad(path, msg);
      return std::nullopt;
    }
    return n;
  }

  void unknown_keys(const json& obj, const std::set<std::string>& known, const std::string& prefix) {
    for (auto it = obj.begin(); it != obj.end(); ++it)
      if (!known.contains(it.key())) bad(prefix + it.key(), "unknown field");
  }

  std::vector<NoteItem> items(const json& root, const std::string& key, bool sold_default) {
    std::vector<NoteItem> out;
    if (!root.contains(key) || root[key].is_null()) return out;
    const json& list = root[key];
    if (!list.is_array()) {
      bad(key, "expected a list of items");
      return out;
    }
    if (list.size() > limits_.max_items) {
      bad(key, "expected at most " + std::to_string(limits_.max_items) + " items");
      return out;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string p = key + "[" + std::to_string(i) + "]";
      const json& o = list[i];
      if (!o.is_object()) {
        bad(p, "expected an object");
        continue;
      }
      unknown_keys(o, {"product_code", "category", "quantity", "price_krw", "sold"}, p + ".");
      NoteItem item;
      item.sold = sold_default;
      auto code = text(o, "product_code", p + ".product_code", limits_.max_text_chars);
      auto cat = text(o, "category", p + ".category", limits_.max_text_chars);
      if (code) item.product_code = *code;
      if (cat) item.category = *cat;
      if (code && cat && item.product_code.empty() && item.category.empty())
        bad(p + ".product_code", "expected a product code or a category");
      if (o.contains("quantity")) {
        if (auto q = whole(o["quantity"], p + ".quantity", 1, limits_.max_quantity, "of pieces")) item.quantity = *q;
      }
      if (o.contains("price_krw")) {
        if (auto pr = whole(o["price_krw"], p + ".price_krw", 0, limits_.max_price_krw, "of KRW")) item.price_krw = *pr;
      } else if (sold_default) {
        bad(p + ".price_krw", "required for an item shown or sold");
      }
      if (o.contains("sold")) {
        if (!o["sold"].is_boolean()) bad(p + ".sold", "expected true or false");
        else item.sold = o["sold"].get<bool>();
      }
      out.push_back(std::move(item));
    }
    return out;
  }

 private:
  const NoteLimits& limits_;
  std::vector<FieldError>& errors_;
};

}  // namespace

NoteParse parse_note_body(std::string_view body, const NoteLimits& limits) {
  NoteParse result;
  json root = json::parse(body, nullptr, false);
  if (root.is_discarded()) {
    result.errors.push_back({"body", "expected a JSON object"});
    return result;
  }
  if (!root.is_object()) {
    result.errors.push_back({"body", "expected a JSON object"});
    return result;
  }
  NoteReader r(limits, result.errors);
  r.unknown_keys(root, {"items", "considered", "deliberation_min", "remarks", "survey"}, "");
  StaffNote note;
  note.items = r.items(root, "items", true);
  note.considered = r.items(root, "considered", false);
  for (std::size_t i = 0; i < note.considered.size(); ++i)
    if (note.considered[i].sold) r.bad("considered[" + std::to_string(i) + "].sold", "a considered item was not sold");

  if (root.contains("deliberation_min") && !root["deliberation_min"].is_null()) {
    const json& d = root["deliberation_min"];
    if (!d.is_number() || !std::isfinite(d.get<double>()) || d.get<double>() < 0 ||
        d.get<double>() > limits.max_deliberation_min) {
      r.bad("deliberation_min", "expected minutes from 0 to " +
                                    std::to_string(static_cast<int>(limits.max_deliberation_min)));
    } else {
      note.deliberation_min = d.get<double>();
    }
  }
  if (auto remarks = r.text(root, "remarks", "remarks", limits.max_remarks_chars)) {
    if (looks_like_personal_data(*remarks))
      r.bad("remarks", "looks like a phone, card number or e-mail address: do not record personal data");
    else
      note.remarks = *remarks;
  }
  if (root.contains("survey") && !root["survey"].is_null()) {
    const json& s = root["survey"];
    if (!s.is_object()) {
      r.bad("survey", "expected an object");
    } else {
      r.unknown_keys(s, {"favourite_category", "reason", "preferred_channel"}, "survey.");
      SignupSurvey survey;
      if (auto v = r.text(s, "favourite_category", "survey.favourite_category", limits.max_text_chars))
        survey.favourite_category = *v;
      if (auto v = r.text(s, "reason", "survey.reason", 200)) survey.reason = *v;
      if (auto v = r.text(s, "preferred_channel", "survey.preferred_channel", limits.max_text_chars)) {
        if (*v != "offline" && *v != "online" && *v != "app")
          r.bad("survey.preferred_channel", "expected offline, online or app");
        survey.preferred_channel = *v;
      }
      note.survey = survey;
    }
  }
  if (result.errors.empty() && note.items.empty() && note.considered.empty() && !note.deliberation_min &&
      note.remarks.empty() && !note.survey)
    result.errors.push_back({"body", "an empty note: expected items, considered, deliberation_min, remarks or survey"});
  if (result.errors.empty()) result.note = std::move(note);
  return result;
}

}  // namespace smartstore::edge::http
