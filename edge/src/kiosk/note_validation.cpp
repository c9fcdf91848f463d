#include "smartstore/edge/kiosk/note_validation.h"

#include <cmath>

namespace smartstore::edge::kiosk {
namespace {
// Code points, not bytes: remarks are mostly Korean (3 bytes each in UTF-8).
std::size_t utf8_chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0U) != 0x80U ? 1 : 0;
  return n;
}

void check_items(const std::vector<NoteItem>& items, const std::string& list, std::vector<FieldError>& errors) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const NoteItem& item = items[i];
    std::string at = list + "[" + std::to_string(i) + "]";
    if (item.quantity < 1) errors.push_back({at + ".quantity", "expected a whole number of at least 1"});
    if (item.price_krw < 0 || item.price_krw > kMaxPriceKrw)
      errors.push_back({at + ".price_krw", "expected a whole number of KRW from 0 to 100000000"});
    if (item.category.empty() && item.product_code.empty())
      errors.push_back({at + ".category", "expected a category or a product_code"});
  }
}
}  // namespace

std::vector<FieldError> validate_note(const StaffNote& note, const std::string& idempotency_key) {
  std::vector<FieldError> errors;
  if (idempotency_key.empty() || idempotency_key.size() > 128)
    errors.push_back({"idempotency_key", "expected 1 to 128 characters"});
  check_items(note.items, "items", errors);
  check_items(note.considered, "considered", errors);
  if (note.deliberation_min &&
      (!std::isfinite(*note.deliberation_min) || *note.deliberation_min < 0 || *note.deliberation_min > kMaxDeliberationMin))
    errors.push_back({"deliberation_min", "expected minutes from 0 to 600"});
  if (utf8_chars(note.remarks) > kMaxRemarksChars)
    errors.push_back({"remarks", "expected at most 500 characters"});
  if (note.survey) {
    const auto& ch = note.survey->preferred_channel;
    if (ch != "offline" && ch != "online" && ch != "app")
      errors.push_back({"survey.preferred_channel", "expected one of offline, online, app"});
  }
  if (note.items.empty() && note.considered.empty() && !note.deliberation_min && note.remarks.empty() && !note.survey)
    errors.push_back({"items", "expected at least one item, remark, deliberation time or survey"});
  return errors;
}

}  // namespace smartstore::edge::kiosk
