#pragma once
// GS1 syntaxes inside barcode text: element strings (HRI "(01)...(10)..." or
// raw with FNC1 as GS, after a ]C1 / ]d2 / ]Q3 / ]e0 symbology identifier) and
// Digital Link URIs. Private to the payload parser.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smartstore::scanner::gs1 {

using ElementString = std::vector<std::pair<std::string, std::string>>;  // AI, value

// nullopt when `text` is not an element string at all; an empty vector when it
// looks like one but is malformed.
[[nodiscard]] std::optional<ElementString> parse_element_string(std::string_view text);

// GTIN of 8/12/13/14 digits with a valid check digit, left-padded to 14; else empty.
[[nodiscard]] std::string gtin14(std::string_view digits);

struct Uri {
  std::string host;  // lower-case
  std::string path;  // percent-encoded as given
  std::vector<std::pair<std::string, std::string>> query;  // decoded
};
// http(s)://host/path?query; nullopt when not such a URI.
[[nodiscard]] std::optional<Uri> parse_http_uri(std::string_view text);
[[nodiscard]] std::string percent_decode(std::string_view s);

}  // namespace smartstore::scanner::gs1
