#include "gs1.h"

#include "smartstore/scanner/check_digit.h"
#include "smartstore/scanner/payload.h"

#include <algorithm>
#include <cctype>

namespace smartstore::scanner::gs1 {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Fixed value lengths of the AIs a store meets; others are variable length
// (terminated by GS or the end) up to `max_variable`.
struct AiSpec {
  std::string_view prefix;
  std::size_t ai_length;
  std::size_t fixed;  // 0: variable
};
constexpr AiSpec kAis[] = {
    {"00", 2, 18}, {"01", 2, 14}, {"02", 2, 14}, {"10", 2, 0},  {"11", 2, 6},   {"12", 2, 6},
    {"13", 2, 6},  {"15", 2, 6},  {"16", 2, 6},  {"17", 2, 6},  {"20", 2, 2},   {"21", 2, 0},
    {"22", 2, 0},  {"30", 2, 0},  {"37", 2, 0},  {"31", 4, 6},  {"32", 4, 6},   {"33", 4, 6},
    {"34", 4, 6},  {"35", 4, 6},  {"36", 4, 6},  {"39", 4, 0},  {"255", 3, 0},  {"8110", 4, 0},
    {"8112", 4, 0}};
constexpr std::size_t max_variable = 70;
constexpr char kGs = '\x1d';

const AiSpec* find_ai(std::string_view at) {
  // Longest prefix first so 255 / 8110 win over nothing shorter.
  const AiSpec* best = nullptr;
  for (const auto& spec : kAis)
    if (at.size() >= spec.ai_length && at.substr(0, spec.prefix.size()) == spec.prefix &&
        all_digits(at.substr(0, spec.ai_length)) && (!best || spec.prefix.size() > best->prefix.size()))
      best = &spec;
  return best;
}

std::optional<ElementString> parse_hri(std::string_view s) {
  ElementString out;
  while (!s.empty()) {
    if (s.front() != '(') return ElementString{};
    auto close = s.find(')');
    if (close == std::string_view::npos || close < 3 || close > 5) return ElementString{};
    std::string ai(s.substr(1, close - 1));
    if (!all_digits(ai)) return ElementString{};
    s.remove_prefix(close + 1);
    auto next = s.find('(');
    std::string_view value = s.substr(0, next);
    if (value.empty() || value.size() > max_variable) return ElementString{};
    out.emplace_back(std::move(ai), std::string(value));
    s.remove_prefix(value.size());
  }
  return out;
}

std::optional<ElementString> parse_raw(std::string_view s) {
  ElementString out;
  while (!s.empty()) {
    if (s.front() == kGs) {
      s.remove_prefix(1);
      continue;
    }
    const AiSpec* spec = find_ai(s);
    if (!spec) return ElementString{};
    std::string ai(s.substr(0, spec->ai_length));
    s.remove_prefix(spec->ai_length);
    std::size_t len = spec->fixed ? spec->fixed : std::min(s.find(kGs), s.size());
    if (len == 0 || len > s.size() || len > max_variable) return ElementString{};
    out.emplace_back(std::move(ai), std::string(s.substr(0, len)));
    s.remove_prefix(len);
  }
  if (out.empty()) return ElementString{};
  return out;
}

}  // namespace

std::optional<ElementString> parse_element_string(std::string_view text) {
  if (text.size() >= 2 && text.front() == '(' && text[1] >= '0' && text[1] <= '9') return parse_hri(text);
  for (std::string_view sid : {"]C1", "]d2", "]Q3", "]e0", "]J1"})
    if (text.substr(0, 3) == sid) return parse_raw(text.substr(3));
  return std::nullopt;
}

std::string gtin14(std::string_view digits) {
  if (!all_digits(digits)) return {};
  if (digits.size() != 8 && digits.size() != 12 && digits.size() != 13 && digits.size() != 14) return {};
  if (!gs1_mod10_valid(digits)) return {};
  return std::string(14 - digits.size(), '0') + std::string(digits);
}

}  // namespace smartstore::scanner::gs1

namespace smartstore::scanner {

std::string normalised_gtin14(std::string_view digits) { return gs1::gtin14(digits); }

}  // namespace smartstore::scanner

namespace smartstore::scanner::gs1 {

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::optional<Uri> parse_http_uri(std::string_view text) {
  auto lower_prefix = [&](std::string_view p) {
    if (text.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(text[i])) != p[i]) return false;
    return true;
  };
  std::string_view rest;
  if (lower_prefix("https://"))
    rest = text.substr(8);
  else if (lower_prefix("http://"))
    rest = text.substr(7);
  else
    return std::nullopt;
  rest = rest.substr(0, rest.find('#'));
  Uri uri;
  auto host_end = rest.find_first_of("/?");
  std::string_view host = rest.substr(0, host_end);
  if (auto colon = host.find(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  if (host.empty()) return std::nullopt;
  for (char c : host) uri.host.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  rest = host_end == std::string_view::npos ? std::string_view{} : rest.substr(host_end);
  auto q = rest.find('?');
  uri.path = std::string(rest.substr(0, q));
  if (q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    while (!query.empty() && uri.query.size() < 32) {
      auto amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      auto eq = pair.find('=');
      if (!pair.empty())
        uri.query.emplace_back(percent_decode(pair.substr(0, eq)),
                               eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1)));
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  return uri;
}

}  // namespace smartstore::scanner::gs1
