#include "smartstore/sync/topics.h"

namespace smartstore::sync {

std::string store_topic(std::string_view store_id, Direction d, std::string_view kind) {
  std::string t(kTopicRoot);
  t += store_id;
  t += d == Direction::down ? "/down/" : "/up/";
  t += kind;
  return t;
}

std::string all_stores_uplink(std::string_view kind) {
  return std::string(kTopicRoot) + "+/up/" + std::string(kind);
}

std::string store_of_topic(std::string_view topic) {
  if (topic.substr(0, kTopicRoot.size()) != kTopicRoot) return {};
  topic.remove_prefix(kTopicRoot.size());
  auto slash = topic.find('/');
  if (slash == 0 || slash == std::string_view::npos) return {};
  return std::string(topic.substr(0, slash));
}

}  // namespace smartstore::sync
