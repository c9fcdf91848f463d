#include "smartstore/edge/http/note_body.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <functional>
#include <set>

#include "free_text.h"

namespace smartstore::edge::http {
namespace {

using nlohmann::json;

std::size_t utf8_chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// The parser's callback sees every key: a key given twice in one object is
// refused by name instead of silently keeping the last value.
class DuplicateKeys {
 public:
  bool operator()(int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open_.emplace_back();
    if (event == json::parse_event_t::object_end && !open_.empty()) open_.pop_back();
    if (event == json::parse_event_t::key && !open_.empty() &&
        !open_.back().insert(parsed.get<std::string>()).second)
      duplicates_.insert(parsed.get<std::string>());
    return true;
  }
  [[nodiscard]] const std::set<std::string>& duplicates() const { return duplicates_; }

 private:
  std::vector<std::set<std::string>> open_;
  std::set<std::string> duplicates_;
};

enum class TextKind { line, remarks, product_code };

// A field error always names a field, even for the key "" (shown as `""`).
std::string field_name(const std::string& prefix, const std::string& key) {
  return prefix + (key.empty() ? std::string("\"\"") : key);
}

// A product code typed from a shelf tag: 8, 12, 13 or 14 digits (GTIN
// lengths, check digit not required: a typo is not personal data). A phone
// (10-11 digits) or card number (16) is not shaped like one.
bool is_gtin_shaped(const std::string& s) {
  const auto n = s.size();
  return (n == 8 || n == 12 || n == 13 || n == 14) && s.find_first_not_of("0123456789") == std::string::npos;
}

class NoteReader {
 public:
  NoteReader(const NoteLimits& limits, std::vector<FieldError>& errors) : limits_(limits), errors_(errors) {}

  void bad(const std::string& field, const std::string& message) { errors_.push_back({field, message}); }

  std::optional<std::string> text(const json& obj, const std::string& key, const std::string& path,
                                  std::size_t max_chars, TextKind kind = TextKind::line) {
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
    if (has_control_characters(s, kind == TextKind::remarks)) {
      bad(path, "control characters are not allowed");
      return std::nullopt;
    }
    const bool product_number = kind == TextKind::product_code && is_gtin_shaped(s);
    if (!product_number && looks_like_personal_data(s)) {
      bad(path, "looks like a phone, card number or e-mail address: do not record personal data");
      return std::nullopt;
    }
    return s;
  }

  std::optional<std::int64_t> whole(const json& v, const std::string& path, std::int64_t lo, std::int64_t hi,
                                    const std::string& what) {
    const std::string msg =
        "expected a whole number " + what + " from " + std::to_string(lo) + " to " + std::to_string(hi);
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
      if (!known.contains(it.key())) bad(field_name(prefix, it.key()), "unknown field");
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
      auto code =
          text(o, "product_code", p + ".product_code", limits_.max_text_chars, TextKind::product_code);
      auto cat = text(o, "category", p + ".category", limits_.max_text_chars);
      if (code) item.product_code = *code;
      if (cat) item.category = *cat;
      if (code && cat && item.product_code.empty() && item.category.empty())
        bad(p + ".product_code", "expected a product code or a category");
      if (o.contains("quantity")) {
        if (auto q = whole(o["quantity"], p + ".quantity", 1, limits_.max_quantity, "of pieces"))
          item.quantity = *q;
      }
      if (o.contains("price_krw")) {
        if (auto pr = whole(o["price_krw"], p + ".price_krw", 0, limits_.max_price_krw, "of KRW"))
          item.price_krw = *pr;
      } else if (sold_default) {
        bad(p + ".price_krw", "required for an item shown or sold");
      }
      if (o.contains("sold")) {
        if (!o["sold"].is_boolean())
          bad(p + ".sold", "expected true or false");
        else
          item.sold = o["sold"].get<bool>();
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

Result<StaffNote> parse_note_body(std::string_view body, const NoteLimits& limits) {
  std::vector<FieldError> errors;
  auto refused = [&errors] {
    return fail(
        Error(ErrorKind::invalid_input, "the note has bad fields", "http").with_fields(std::move(errors)));
  };
  DuplicateKeys keys;
  json root = json::parse(body, std::ref(keys), false);
  if (root.is_discarded() || !root.is_object()) {
    errors.push_back({"body", "expected a JSON object"});
    return refused();
  }
  NoteReader r(limits, errors);
  for (const auto& key : keys.duplicates()) r.bad(field_name("", key), "given more than once");
  r.unknown_keys(root, {"items", "considered", "deliberation_min", "remarks", "survey"}, "");
  StaffNote note;
  note.items = r.items(root, "items", true);
  note.considered = r.items(root, "considered", false);
  for (std::size_t i = 0; i < note.considered.size(); ++i)
    if (note.considered[i].sold)
      r.bad("considered[" + std::to_string(i) + "].sold", "a considered item was not sold");

  if (root.contains("deliberation_min") && !root["deliberation_min"].is_null()) {
    const json& d = root["deliberation_min"];
    if (!d.is_number() || !std::isfinite(d.get<double>()) || d.get<double>() < 0 ||
        d.get<double>() > limits.max_deliberation_min) {
      r.bad("deliberation_min",
            "expected minutes from 0 to " + std::to_string(static_cast<int>(limits.max_deliberation_min)));
    } else {
      note.deliberation_min = d.get<double>();
    }
  }
  if (auto remarks = r.text(root, "remarks", "remarks", limits.max_remarks_chars, TextKind::remarks))
    note.remarks = *remarks;
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
  if (errors.empty() && note.items.empty() && note.considered.empty() && !note.deliberation_min &&
      note.remarks.empty() && !note.survey)
    errors.push_back(
        {"body", "an empty note: expected items, considered, deliberation_min, remarks or survey"});
  if (!errors.empty()) return refused();
  return note;
}

}  // namespace smartstore::edge::http
