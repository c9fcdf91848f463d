#pragma once
// How a membership number may be shown: its last four digits, every other
// digit as '*' ("************3456"). Staff confirm a card by its last four,
// as on a receipt; the leading digits are the program's prefix, the same on
// every card, so showing them (as a "first four + last four" form would)
// tells staff nothing and narrows the number for anyone else. A number of 8
// digits or fewer is masked entirely: four digits would be half of it.
// Screens, API views and logs use only these two functions.
#include <string>
#include <string_view>

namespace smartstore {

// The digits of a typed or scanned number (spaces and dashes dropped), masked:
// "1234-5678 9012 3456" -> "************3456", "12345" -> "*****".
[[nodiscard]] std::string mask_member_number(std::string_view typed_or_scanned);
// `text` with every run of 9 or more digits masked by the same rule, in place;
// a run may be broken by single spaces or dashes ("8710 1234-5678 3459"), so a
// number typed in groups is masked like one written solid. Runs of 8 digits
// or fewer are kept: they are not member numbers (dates, amounts, codes).
[[nodiscard]] std::string mask_digit_runs(std::string_view text);

}  // namespace smartstore
