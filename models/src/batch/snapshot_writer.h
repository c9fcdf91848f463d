#pragma once
// Every store's snapshot records from the scored customers: in memory, the
// stores' chunks and manifests; in a part of a sharded batch, the part's run
// of each store's records (snapshot_parts.cpp joins the parts' runs).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "batch_run.h"
#include "event_fold.h"
#include "smartstore/models/signup_survey.h"
#include "smartstore/models/store_shard.h"

namespace smartstore::models::batch {

// What a snapshot's profiles are made of.
struct ProfileSources {
  const Facts& facts;
  const Scores& scores;
  const std::vector<std::string>& keys;
  const ProfilePredictions& predictions;
  const StoreShards& shards;
  const BatchOptions& o;
  const SignupSurveys& surveys;
  const EventFold& events;
  const PartTarget* part;  // set: write the part's runs, no manifests
};

// Each store's customers in snapshot order: by customer_order_key, ties by
// the id. The order depends on nothing but the ids, so every part of a
// sharded batch (a range of those keys) holds a stretch of each store's
// snapshot, and a member keeps their place from one night to the next.
void order_store_members(StoreShards& shards, const Facts& facts);

// Writes every store's records (chunks in parallel, a whole chunk per
// worker). In memory: the chunks and a manifest per store, with `version`.
// In a part: its runs, and per store the records it wrote (no checksum).
[[nodiscard]] Result<std::vector<StoreSnapshotInfo>> write_snapshots(
    const ProfileSources& in, std::int64_t version, const std::function<void(double)>& progress);

}  // namespace smartstore::models::batch
