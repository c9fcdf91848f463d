#pragma once
// The HQ batch in bounded memory, and as a job array. The customers are
// split by a hash of the cust id into parts (customer_partition.h); a first
// streaming pass writes each part's rows to spill files and picks the fit
// sample; the batch's fits (BG/NBD, Gamma-Gamma, cuts, k-means, preference
// model, classifier, rules, cycle and spend models) are made on that sample,
// and each part is scored with them alone. Each part writes its stores'
// records with their place in the in-memory batch's order, and the merge
// joins them into the stores' snapshots. Raw ids stay in the spill files
// (0600, removed after the run).
//
// Equal to run_profile_batch with the same BatchOptions::fit_customers: the
// same snapshot chunks byte for byte (docs/models.md, "The sharded batch").
#include <cstdint>
#include <filesystem>

#include "smartstore/common/result.h"
#include "smartstore/models/customer_partition.h"
#include "smartstore/models/profile_batch.h"

namespace smartstore::models {

// One part of `part.count` as its own process (a job of an array): writes
// <out>/parts/; every part runs the same fit pass on the same sample. Fails
// with invalid_input for --exposures: a part holds only its own customers,
// the uplift report is made at the merge (merge_batch_parts_with_uplift).
[[nodiscard]] Result<BatchResult> run_batch_part(const BatchOptions& options, ShardSpec part);

// Joins the `count` parts in <out>/parts into <out>/snapshots/<store>/ and
// removes the parts; not_found names a missing part. `threads` stores at a time.
[[nodiscard]] Result<BatchResult> merge_batch_parts(const std::filesystem::path& out_dir, std::uint32_t count,
                                                    unsigned threads = 2);
// The merge with the uplift report (uplift_inputs.h: stage_uplift_for_merge)
// made first from options' exposures and purchase files, once over the whole
// inputs: report.html gains its section and out_dir uplift.json, as the
// in-memory batch's. Without exposures, merge_batch_parts(options.out_dir).
[[nodiscard]] Result<BatchResult> merge_batch_parts_with_uplift(const BatchOptions& options,
                                                                std::uint32_t count);

// The whole batch within `memory_budget` bytes in one process: as many
// parts as the budget needs (customer_partition.h: shards_for_budget), one
// after the other, then the merge. One part and no fit sample is
// run_profile_batch itself. Without options.fit_customers the sample is
// about one part's customers.
[[nodiscard]] Result<BatchResult> run_budget_batch(const BatchOptions& options, std::uint64_t memory_budget);

// What `build` uses when not told: a 4 GiB machine.
inline constexpr std::uint64_t kDefaultMemoryBudget = 4ULL << 30;

}  // namespace smartstore::models
