#pragma once
// The MQTT topic tree. Everything a store sends or receives lives under
// smartstore/v1/stores/{store_id}/ so a broker ACL
// `pattern readwrite smartstore/v1/stores/%u/#` confines each store to its own.
#include <cstddef>
#include <string>
#include <string_view>

namespace smartstore::sync {

inline constexpr std::string_view kTopicRoot = "smartstore/v1/stores/";

enum class Direction { down, up };

// 1..max_chars of A-Z a-z 0-9 - _: safe as a topic level, a file name and in a log line.
[[nodiscard]] constexpr bool is_token(std::string_view s, std::size_t max_chars) {
  if (s.empty() || s.size() > max_chars) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_'))
      return false;
  return true;
}

// A store id is a topic level, a directory name at HQ and a certificate CN:
// a token of 1-32 characters (no wildcards, no "..", no slashes).
[[nodiscard]] constexpr bool valid_store_id(std::string_view id) {
  return is_token(id, 32);
}

// smartstore/v1/stores/{store}/{down|up}/{kind}, e.g. .../S001/up/events
[[nodiscard]] std::string store_topic(std::string_view store_id, Direction d, std::string_view kind);
// Wildcard HQ subscribes to for every store's uplink of one kind: smartstore/v1/stores/+/up/{kind}
[[nodiscard]] std::string all_stores_uplink(std::string_view kind);
// The store id in a topic, or "" when the topic is not ours.
[[nodiscard]] std::string store_of_topic(std::string_view topic);

}  // namespace smartstore::sync
