#pragma once
// The MQTT topic tree. Everything a store sends or receives lives under
// smartstore/v1/stores/{store_id}/ so a broker ACL
// `pattern readwrite smartstore/v1/stores/%u/#` confines each store to its own.
#include <string>
#include <string_view>

namespace smartstore::sync {

inline constexpr std::string_view kTopicRoot = "smartstore/v1/stores/";

enum class Direction { down, up };

// smartstore/v1/stores/{store}/{down|up}/{kind}, e.g. .../S001/up/events
[[nodiscard]] std::string store_topic(std::string_view store_id, Direction d, std::string_view kind);
// Wildcard HQ subscribes to for every store's uplink of one kind: smartstore/v1/stores/+/up/{kind}
[[nodiscard]] std::string all_stores_uplink(std::string_view kind);
// The store id in a topic, or "" when the topic is not ours.
[[nodiscard]] std::string store_of_topic(std::string_view topic);

}  // namespace smartstore::sync
