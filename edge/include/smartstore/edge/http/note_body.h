#pragma once
// The JSON body of POST /customers/{member}/notes, checked field by field so a
// 400 can name every problem at once (docs/openapi.yaml: NoteRequest).
#include <optional>
#include <string_view>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge::http {

struct NoteLimits {
  std::size_t max_items = 50;
  std::int64_t max_quantity = 1000;
  std::int64_t max_price_krw = 100'000'000;
  double max_deliberation_min = 600;
  std::size_t max_remarks_chars = 500;  // Unicode code points
  std::size_t max_text_chars = 64;      // codes, categories, survey answers
};

// The note, or an invalid_input whose fields name every problem. Refused:
// a key given twice in one object (which value would count?), control
// characters in text, and anything in a free-text field that reads as a
// phone, card number or e-mail address once full-width characters and
// separators are normalised away.
[[nodiscard]] Result<StaffNote> parse_note_body(std::string_view json, const NoteLimits& limits = {});

}  // namespace smartstore::edge::http
