#pragma once
// Internal: a store that refused a delta — it missed the one before, so its
// version is not the delta's base, or its apply failed — is sent what it needs
// from ingest's snapshot directory (<snapshots>/<store>/): a delta against
// the version it acknowledged, or the full snapshot, never a gap. On a thread
// of its own: reading and diffing a snapshot takes seconds, and ingest's
// callback thread serves every store.
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include "hq/per_store_queue.h"
#include "smartstore/sync/hq.h"

namespace smartstore::sync::detail {

class SnapshotCatchUp {
 public:
  struct Options {
    BrokerOptions broker;  // client_id left empty: each send connects under a fresh id
    std::string db;
    std::filesystem::path snapshots_root;  // empty: nothing to send from (logged)
    std::filesystem::path signing_key_file;
  };
  // Destroyed: stops; a waiting store is dropped (the next publish diffs
  // against its acknowledged version).
  explicit SnapshotCatchUp(Options options);
  SnapshotCatchUp(const SnapshotCatchUp&) = delete;
  SnapshotCatchUp& operator=(const SnapshotCatchUp&) = delete;

  // The store acknowledged the delta base_version -> version as not applied.
  void refused_delta(const std::string& store, std::int64_t base_version, std::int64_t version);
  [[nodiscard]] std::uint64_t sent() const;  // catch-ups sent (delta or full)

 private:
  struct Refusal {
    std::int64_t base_version = 0, version = 0;
  };
  void catch_up(const std::string& store, const Refusal& r);

  Options options_;
  mutable std::mutex mu_;  // sent_
  // Per store, the version last caught up to and how: a second refusal of the
  // same version gets the full snapshot, a third nothing (worker only).
  std::map<std::string, std::pair<std::int64_t, int>> tries_;
  std::uint64_t sent_ = 0;
  PerStoreQueue<Refusal> queue_;  // the newest refusal per store; last: stops before the members above go
};

}  // namespace smartstore::sync::detail
