#pragma once
// A sharded batch as the sharded tests run it: the generated demo chain with
// a fixed key and version, its parts one after the other (as a job array
// would run them), then the merge.
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "models/support/batch_inputs.h"
#include "smartstore/models/generator.h"
#include "smartstore/models/sharded_batch.h"
#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

namespace smartstore::testing {

inline models::BatchOptions keyed(models::BatchOptions o) {
  o.deployment_key.assign(32, 0x21);
  o.version = 202401012359;
  o.threads = 2;
  small_clustering(o, 2, 600, 300);
  return o;
}

// The demo chain of `customers` (seed `seed`) in <dir>/in, the batch into <dir>/whole.
inline models::BatchOptions sharded_demo(const TempDir& dir, std::size_t customers, int stores = 4,
                                         std::uint64_t seed = 11) {
  models::GeneratorOptions g;
  g.customers = customers;
  g.seed = seed;
  g.stores = stores;
  g.new_members = customers / 50;
  REQUIRE(models::generate_demo_data(g, dir / "in").has_value());
  models::BatchOptions o = keyed(demo_batch_inputs(dir / "in", dir / "whole"));
  o.inputs.sessions = (dir / "in/sessions.csv").string();
  o.inputs.members = (dir / "in/members.csv").string();
  return o;
}

// Every store's chunks, concatenated, and its manifest's count and checksum.
struct Store {
  std::string bytes;
  std::uint64_t records = 0;
  std::string checksum;
  std::int64_t version = 0;
};

inline std::map<std::string, Store> snapshots(const std::filesystem::path& out) {
  std::map<std::string, Store> stores;
  for (const auto& entry : std::filesystem::directory_iterator(out / "snapshots")) {
    const auto m = models::verify_snapshot_dir(entry.path());
    REQUIRE_MESSAGE(m.has_value(), error_text(m));
    Store& s = stores[entry.path().filename().string()];
    for (const auto& c : m->chunks) s.bytes += read_file(entry.path() / models::chunk_file_name(c.index));
    s.records = m->record_count;
    s.checksum = m->checksum;
    s.version = m->version;
  }
  return stores;
}

inline void check_same(const std::map<std::string, Store>& a, const std::map<std::string, Store>& b) {
  REQUIRE(a.size() == b.size());
  for (const auto& [store, s] : a) {
    const auto it = b.find(store);
    REQUIRE(it != b.end());
    CHECK(s.records > 0);
    CHECK(s.records == it->second.records);
    CHECK(s.version == it->second.version);
    CHECK(s.checksum == it->second.checksum);
    CHECK(s.bytes == it->second.bytes);  // byte for byte
  }
}

// The parts one after the other into `out`, then the merge.
inline models::BatchResult run_parts(models::BatchOptions o, const std::filesystem::path& out,
                                     std::uint32_t count) {
  o.out_dir = out;
  for (std::uint32_t p = 0; p < count; ++p) {
    const auto part = models::run_batch_part(o, {p, count});
    REQUIRE_MESSAGE(part.has_value(), error_text(part));
    for (const auto& store : part->snapshots) CHECK(store.checksum.empty());  // a run, not a snapshot
  }
  auto merged = models::merge_batch_parts(out, count);
  REQUIRE_MESSAGE(merged.has_value(), error_text(merged));
  CHECK(!std::filesystem::exists(out / "parts"));
  return *merged;
}

}  // namespace smartstore::testing
