// The batch's three runs over the fit sample and the parts: in memory with
// the fits made on the sample, one part of an array, and every part in turn
// within a memory budget (sharded_batch.h).
#include "smartstore/models/sharded_batch.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>

#include "../predictive/batch_predictions.h"
#include "batch_run.h"
#include "smartstore/models/store_events.h"
#include "smartstore/models/uplift_inputs.h"
#include "store_events_split.h"

namespace smartstore::models {
namespace {

// The spill files of one run: each input's split, the as-of day and the fit
// sample's rate (or the part that is the sample); the store events per part,
// then the sample's and the rows no part takes (batch::split_store_events).
struct SplitInputs {
  SplitFile purchases, customers, sessions, members;
  std::vector<std::filesystem::path> events;
  std::uint32_t count = 1;
  Day as_of = 0;
  double rate = 1.0;
  std::optional<std::uint32_t> sample_part;
};

std::uint64_t data_rows(const std::string& csv) {
  std::ifstream in(csv, std::ios::binary);
  std::uint64_t rows = 0;
  std::string line;
  for (bool header = true; std::getline(in, line); header = false)
    if (!header && !line.empty() && line != "\r") ++rows;
  return rows;
}

// About `fit_customers` of the customer file's rows; 1 when they are all of them.
double sample_rate(const BatchOptions& o) {
  if (o.fit_customers == 0) return 1.0;
  const auto rows = data_rows(o.inputs.customers);
  return rows <= o.fit_customers ? 1.0 : static_cast<double>(o.fit_customers) / static_cast<double>(rows);
}

// The uplift report compares everyone exposed with everyone not, over
// every purchase of the campaign weeks: one part of a job array holds none
// of that, the merge makes it (merge_batch_parts_with_uplift).
Status refuse_unsharded_inputs(const BatchOptions& o) {
  if (!o.inputs.exposures.empty())
    return fail(ErrorKind::invalid_input,
                "--exposures is not for a part: each part holds only its own customers, so the uplift "
                "report is made at the merge (smartstore-models merge --exposures F --purchases F "
                "[--campaign-purchases F,...] [--members F] [--deployment-key F] [--erased F]), or by a "
                "whole run (build --memory-budget)",
                "models");
  return ok();
}

// The store events split as the customers are: each kept part's members'
// rows, the fit sample's, and (a whole run only) the rows no part takes.
Status split_events(const BatchOptions& o, const SplitPlan& plan, const std::filesystem::path& dir,
                    SplitInputs& in) {
  auto files_of = [&](std::optional<std::uint32_t> p) {
    auto pick = [&](const SplitFile& f) { return (p ? f.parts[*p] : f.sample).string(); };
    batch::MemberFiles files{pick(in.purchases), pick(in.customers), {}};
    if (!o.inputs.members.empty()) files.members = pick(in.members);
    return files;
  };
  batch::MemberRoutes routes;
  for (std::uint32_t s = 0; s < plan.count; ++s)
    if (keeps_shard(plan, s))
      if (auto added = batch::add_member_routes(o, files_of(s), s, routes); !added) return added;
  if (in.rate < 1.0)  // a sample of its own (a sample part has rate 1)
    if (auto added = batch::add_member_routes(o, files_of(std::nullopt), plan.count, routes); !added)
      return added;
  std::sort(routes.begin(), routes.end());
  routes.erase(std::unique(routes.begin(), routes.end()), routes.end());
  const bool whole_run = plan.keep_parts && !plan.only;
  auto split = batch::split_store_events(o.inputs.events, routes, plan.count + 1, whole_run, dir);
  if (!split) return split.error();
  in.events = std::move(split->files);
  return ok();
}

// Without --store, the in-memory batch's stores are every br_c of the
// purchases; a part's purchases may not name them all, and a store a part
// lacks would miss that part's customers who live in its zone: the split of
// the purchases lists them (SplitInputs::purchases.values).
Result<SplitInputs> split_inputs(const BatchOptions& o, SplitPlan plan, const std::filesystem::path& dir,
                                 std::optional<std::uint32_t> sample_part = std::nullopt) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(ErrorKind::storage_io, "cannot create " + dir.string() + ": " + ec.message(), "models");
  SplitInputs in;
  in.sample_part = sample_part;
  in.rate = plan.sample_rate >= 1.0 || sample_part ? 1.0 : plan.sample_rate;
  if (in.rate >= 1.0) plan.sample_rate = 0;  // the fit reads the inputs, or the sample part's files
  plan.skip_bad_rows = o.skip_bad_rows;
  plan.threads = o.threads;
  const std::size_t buffer = 16ULL << 20;
  SplitPlan with_lines = plan;
  with_lines.date_column = batch::key_column(o.inputs.purchase_options, "de_dt");
  if (o.stores.empty()) with_lines.values_column = batch::key_column(o.inputs.purchase_options, "br_c");
  auto purchases = split_csv(o.inputs.purchases, batch::key_column(o.inputs.purchase_options, "cust"),
                             with_lines, dir, buffer);
  if (!purchases) return purchases.error();
  in.purchases = std::move(*purchases);
  with_lines.date_column.clear();
  with_lines.values_column.clear();
  auto customers = split_csv(o.inputs.customers, batch::key_column(o.inputs.customer_options, "cust"),
                             with_lines, dir, buffer);
  if (!customers) return customers.error();
  in.customers = std::move(*customers);
  if (!o.inputs.sessions.empty()) {
    auto sessions =
        split_csv(o.inputs.sessions, batch::key_column(o.inputs.session_options, "cust"), plan, dir, buffer);
    if (!sessions) return sessions.error();
    in.sessions = std::move(*sessions);
  }
  if (!o.inputs.members.empty()) {
    auto members = split_csv(o.inputs.members, "cust", plan, dir, buffer);
    if (!members) return members.error();
    in.members = std::move(*members);
  }
  if (!o.as_of && !in.purchases.latest_day)
    return fail(ErrorKind::invalid_input, o.inputs.purchases + ": no purchase date", "models");
  in.as_of = o.as_of.value_or(in.purchases.latest_day.value_or(0));
  in.count = plan.count;
  if (!o.inputs.events.empty())
    if (auto split = split_events(o, plan, dir, in); !split) return split.error();
  return in;
}

// The options with the inputs of part `p` (sample: the fit sample's).
BatchOptions options_of(const BatchOptions& o, const SplitInputs& in, std::optional<std::uint32_t> p) {
  BatchOptions x = o;
  if (!p) p = in.sample_part;
  auto pick = [&](const SplitFile& f, std::string& path) {
    if (!path.empty()) path = (p ? f.parts[*p] : f.sample).string();
  };
  if (!p && in.rate >= 1.0) return x;
  pick(in.purchases, x.inputs.purchases);
  pick(in.customers, x.inputs.customers);
  pick(in.sessions, x.inputs.sessions);
  pick(in.members, x.inputs.members);
  if (!x.inputs.events.empty()) x.inputs.events = in.events[p ? *p : in.count].string();
  return x;
}

// The events no part takes (members who are no customer, redemptions of
// coupons issued to none): read as the whole file would be, so their errors
// still stop the run, and counted as rows on members not among the customers.
Result<StoreEventsOutcome> unrouted_events(const SplitInputs& in, unsigned threads) {
  StoreEventsOutcome counts;
  if (in.events.size() <= in.count + 1 || in.events[in.count + 1].empty()) return counts;
  auto read = read_store_events(in.events[in.count + 1], EventsReadOptions{threads});
  if (!read) return read.error();
  counts.rows = read->rows;
  counts.unknown_members = read->members.size();
  return counts;
}

// Removes part `p`'s spill files (none: the fit sample's) once they are read.
void remove_spill(const SplitInputs& in, std::optional<std::uint32_t> p) {
  std::error_code ec;
  for (const SplitFile* f : {&in.purchases, &in.customers, &in.sessions, &in.members}) {
    if (!p) {
      if (!f->sample.empty()) std::filesystem::remove(f->sample, ec);
      continue;
    }
    if (*p < f->parts.size() && !f->parts[*p].empty()) std::filesystem::remove(f->parts[*p], ec);
  }
  const std::size_t e = p ? *p : in.count;
  if (e < in.events.size() && !in.events[e].empty()) std::filesystem::remove(in.events[e], ec);
}

Result<batch::GlobalFit> fit_sample(const BatchOptions& o, const SplitInputs& in) {
  const auto conditions = batch::load_demand_conditions(o.inputs);
  if (!conditions) return conditions.error();
  BatchOptions s = options_of(o, in, std::nullopt);
  s.progress = nullptr;
  return batch::fit_global(s, in.as_of, *conditions);
}

// `before`: per store, the records of the parts before (one process runs
// them in order), so the part writes its whole chunks in place; null for a
// job of an array.
Result<BatchResult> run_part(const BatchOptions& o, const SplitInputs& in, const batch::GlobalFit& g,
                             std::uint32_t p, std::uint32_t count,
                             const std::map<std::string, std::uint64_t>* before = nullptr) {
  // What the fit pass or the last part freed goes back to the system first:
  // glibc keeps it otherwise (its arenas trim only their top), and it would
  // count towards this part's peak.
  ::malloc_trim(0);
  const batch::PartTarget target{p, count, before};
  batch::clear_part(o.out_dir, p);
  BatchOptions x = options_of(o, in, p);
  x.progress = nullptr;
  return batch::run_batch(x, &g, &target);
}

}  // namespace

namespace batch {
std::string key_column(const ReadOptions& options, const std::string& name) {
  const auto it = options.map.columns.find(name);
  return it == options.map.columns.end() ? name : it->second;
}
}  // namespace batch

Result<BatchResult> run_profile_batch(const BatchOptions& o) {
  const double rate = sample_rate(o);
  if (rate >= 1.0) return batch::run_batch(o, nullptr, nullptr);
  SplitPlan plan;
  plan.keep_parts = false;
  plan.sample_rate = rate;
  const auto spill = o.out_dir / "spill";
  auto in = split_inputs(o, plan, spill);
  if (!in) return in.error();
  auto g = fit_sample(o, *in);
  std::error_code ec;
  std::filesystem::remove_all(spill, ec);
  if (!g) return g.error();
  return batch::run_batch(o, &*g, nullptr);
}

Result<BatchResult> run_batch_part(const BatchOptions& options, ShardSpec part) {
  if (auto refused = refuse_unsharded_inputs(options); !refused) return refused.error();
  BatchOptions o = options;
  SplitPlan plan;
  plan.count = part.count;
  plan.only = part.index;
  plan.sample_rate = sample_rate(o);
  const auto spill = o.out_dir / ("spill-" + std::to_string(part.index));
  auto in = split_inputs(o, plan, spill);
  auto result = [&]() -> Result<BatchResult> {
    if (!in) return in.error();
    if (o.stores.empty()) o.stores = in->purchases.values;
    auto g = fit_sample(o, *in);
    if (!g) return g.error();
    return run_part(o, *in, *g, part.index, part.count);
  }();
  std::error_code ec;
  std::filesystem::remove_all(spill, ec);
  return result;
}

Result<BatchResult> run_budget_batch(const BatchOptions& options, std::uint64_t memory_budget) {
  std::uint64_t input_bytes = 0;
  for (const auto* file : {&options.inputs.purchases, &options.inputs.customers, &options.inputs.sessions}) {
    std::error_code ec;
    if (!file->empty()) input_bytes += std::filesystem::file_size(*file, ec);
  }
  const std::uint32_t count = shards_for_budget(input_bytes, memory_budget);
  if (count == 1) return run_profile_batch(options);
  // One malloc arena for the process: each worker thread's own arena keeps
  // its freed pages and its slack, a few MiB each that a small budget lacks
  // (200k customers in 64 MiB: 66-71 MiB with an arena per thread, 58 with
  // one); the workers seldom allocate at once, so they hardly contend.
  ::mallopt(M_ARENA_MAX, 1);
  const auto t0 = std::chrono::steady_clock::now();
  BatchOptions o = options;
  // The uplift first, alone in the process: its memory is freed before the parts.
  if (auto staged = stage_uplift_for_merge(o); !staged) return staged.error();
  SplitPlan plan;
  plan.count = count;
  plan.sample_rate = sample_rate(o);
  const auto spill = o.out_dir / "spill";
  // Unless --fit-customers says otherwise, the fit pass holds one part's
  // customers: part 0's, read from its spill files (no sample file to write).
  auto in =
      split_inputs(o, plan, spill, o.fit_customers == 0 ? std::optional<std::uint32_t>(0) : std::nullopt);
  auto result = [&]() -> Result<BatchResult> {
    if (!in) return in.error();
    if (o.stores.empty()) o.stores = in->purchases.values;
    const auto unrouted = unrouted_events(*in, o.threads);
    if (!unrouted) return unrouted.error();
    if (o.progress) o.progress("fit pass", 0.0);
    auto g = fit_sample(o, *in);
    if (!g) return g.error();
    std::map<std::string, std::uint64_t> before;
    if (!in->sample_part) remove_spill(*in, std::nullopt);
    for (std::uint32_t p = 0; p < count; ++p) {
      if (o.progress)
        o.progress("part " + std::to_string(p + 1) + " of " + std::to_string(count),
                   static_cast<double>(p) / static_cast<double>(count));
      auto part = run_part(o, *in, *g, p, count, &before);
      if (!part) return part.error();
      for (const auto& store : part->snapshots) before[store.store] += store.records;
      // The page cache these files hold is what the later writes need.
      remove_spill(*in, p);
    }
    // The spill is not needed by the merge: its disk goes to the snapshots.
    std::error_code ec;
    std::filesystem::remove_all(spill, ec);
    if (o.progress) o.progress("merge", 0.97);
    auto merged = merge_batch_parts(o.out_dir, count, o.threads);
    if (!merged) return merged;
    merged->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    merged->store_events.rows += unrouted->rows;
    merged->store_events.unknown_members += unrouted->unknown_members;
    return merged;
  }();
  std::error_code ec;
  std::filesystem::remove_all(spill, ec);
  return result;
}

Result<BatchResult> merge_batch_parts_with_uplift(const BatchOptions& options, std::uint32_t count) {
  if (auto staged = stage_uplift_for_merge(options); !staged) return staged.error();
  return merge_batch_parts(options.out_dir, count, options.threads);
}

}  // namespace smartstore::models
