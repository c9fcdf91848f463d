#pragma once
// Screening of the free text staff type into notes. Notes travel to HQ and
// into its analytics: personal data (a phone, card number or e-mail address)
// must not ride along, however it is written.
#include <string>
#include <string_view>

namespace smartstore::edge::http {

// Full-width ASCII forms (U+FF01..U+FF5E, e.g. "０１０", "＠") and the
// ideographic space as their ASCII selves; everything else unchanged.
[[nodiscard]] std::string fold_full_width(std::string_view utf8);
// C0 controls (NUL included) and DEL; line breaks and tabs only where allowed.
[[nodiscard]] bool has_control_characters(std::string_view text, bool allow_line_breaks);
// Nine or more digits in a row once spaces and the usual separators
// (- . / _ ( ) + * ~ # and their full-width forms) are dropped, or an e-mail
// address. A comma, semicolon or letter ends a digit run, so "95, 100, 105"
// (sizes) passes.
[[nodiscard]] bool looks_like_personal_data(std::string_view text);

}  // namespace smartstore::edge::http
