#include "smartstore/sync/day_close.h"

#include "smartstore/models/snapshot_format.h"

namespace smartstore::sync {

std::string day_ids_digest(const std::vector<std::string>& sorted_ids) {
  std::string joined;
  for (std::size_t i = 0; i < sorted_ids.size(); ++i) {
    if (i) joined += '\n';
    joined += sorted_ids[i];
  }
  return models::sha256_hex(joined);
}

}  // namespace smartstore::sync
