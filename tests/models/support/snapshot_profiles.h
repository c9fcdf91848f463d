#pragma once
// Every profile of a batch run's snapshots, each snapshot verified first
// (checksums, record counts): what the batch tests inspect.
#include <doctest/doctest.h>

#include <vector>

#include "smartstore/models/profile_batch.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

namespace smartstore::testing {

inline std::vector<models::CustomerProfile> snapshot_profiles(const models::BatchResult& r) {
  std::vector<models::CustomerProfile> out;
  for (const auto& snap : r.snapshots) {
    const auto verified = models::verify_snapshot_dir(snap.dir);
    REQUIRE(verified.has_value());
    for (const auto& chunk : verified->chunks) {
      auto profiles = models::decode_chunk(read_file(snap.dir / models::chunk_file_name(chunk.index)));
      REQUIRE(profiles.has_value());
      for (auto& p : *profiles) out.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace smartstore::testing
