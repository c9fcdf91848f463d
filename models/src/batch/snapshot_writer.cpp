#include "snapshot_writer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "../predictive/batch_predictions.h"
#include "batch_output.h"
#include "smartstore/common/parallel.h"
#include "smartstore/models/customer_partition.h"
#include "smartstore/models/snapshot_format.h"

namespace smartstore::models::batch {
namespace {

// A member who answered the sign-up survey carries the favourite (the staff
// card shows it, a first-visit offer targets it); without purchases their
// preferences come from it (signup_survey.h) instead of the plain prior.
void apply_survey(const ProfileSources& in, CustomerProfile& p) {
  if (in.surveys.favourite.empty()) return;
  const auto it = in.surveys.favourite.find(p.member_key);
  if (it == in.surveys.favourite.end()) return;
  p.survey_favourite = it->second;
  // A member who bought, at the till or in a staff note, has a ranking of their own.
  if (p.purchase_days > 0 ||
      std::any_of(p.preferences.begin(), p.preferences.end(), [](const auto& c) { return c.count > 0; }))
    return;
  auto ranked = survey_preferences(in.scores.model, it->second, p.age_band, p.gender, in.o.survey_weight);
  ranked.resize(std::min(ranked.size(), in.o.preferences_kept));
  for (auto& pref : ranked)
    pref.index = std::round(pref.index * 1000.0) / 1000.0;  // as make_profile writes them
  p.preferences = std::move(ranked);
}

// Records [begin, end) of a store's customers, written as chunk `index` of
// its snapshot (in memory, or a part's records on the chunk boundaries) or
// as piece `index` of a part's run, which the merge copies.
struct ChunkJob {
  std::size_t store;
  std::uint32_t index;
  std::size_t begin, end;
  bool in_place;
  std::size_t slot;  // the job's place in its store's run
};

// A part's jobs for a store of n records, `before` of them in earlier parts
// when known: the records up to the next chunk boundary as a piece, whole
// chunks in place, the rest as a piece; without `before`, pieces only.
void plan_part_store(std::size_t s, std::size_t n, std::optional<std::uint64_t> before,
                     std::vector<ChunkJob>& jobs) {
  std::size_t i = 0, slot = 0;
  std::uint32_t piece = 0;
  if (before) {
    const std::size_t head = std::min<std::size_t>(
        n, (kDefaultChunkRecords - *before % kDefaultChunkRecords) % kDefaultChunkRecords);
    if (head > 0) jobs.push_back({s, piece++, 0, head, false, slot++});
    for (i = head; n - i >= kDefaultChunkRecords; i += kDefaultChunkRecords)
      jobs.push_back({s, static_cast<std::uint32_t>((*before + i) / kDefaultChunkRecords), i,
                      i + kDefaultChunkRecords, true, slot++});
  }
  for (; i < n; i += kDefaultChunkRecords)
    jobs.push_back({s, piece++, i, std::min(n, i + kDefaultChunkRecords), false, slot++});
}

// Every store's jobs (an empty store still gets its one empty chunk in
// memory, its empty run in a part); `runs` sized to receive their results.
std::vector<ChunkJob> plan_chunks(const ProfileSources& in, std::vector<std::vector<PartRun>>& runs) {
  std::vector<ChunkJob> jobs;
  runs.assign(in.shards.stores.size(), {});
  for (std::size_t s = 0; s < in.shards.stores.size(); ++s) {
    const auto& store = in.shards.stores[s];
    std::error_code ec;  // a directory that cannot be made fails at its first chunk
    std::filesystem::create_directories(in.o.out_dir / "snapshots" / store, ec);
    const std::size_t n = in.shards.members[s].size();
    const std::size_t first = jobs.size();
    if (in.part) {
      std::filesystem::create_directories(in.o.out_dir / "parts" / store, ec);
      std::optional<std::uint64_t> before;
      if (in.part->before) {
        const auto it = in.part->before->find(store);
        before = it == in.part->before->end() ? 0 : it->second;
      }
      plan_part_store(s, n, before, jobs);
    } else {
      for (std::size_t b = 0, idx = 0; b < n || idx == 0; b += kDefaultChunkRecords, ++idx)
        jobs.push_back(
            {s, static_cast<std::uint32_t>(idx), b, std::min(n, b + kDefaultChunkRecords), true, idx});
    }
    runs[s].resize(jobs.size() - first);
  }
  return jobs;
}

// Builds, encodes and writes one job's records.
PartRun write_chunk(const ProfileSources& in, const ChunkJob& job, std::string& bytes) {
  bytes.clear();
  for (std::size_t i = job.begin; i < job.end; ++i) {
    const std::uint32_t c = in.shards.members[job.store][i];
    CustomerProfile p = make_profile(in.facts, in.scores, in.keys, c, in.o);
    apply_predictions(in.predictions, c, p);
    apply_survey(in, p);
    apply_events(in.events, in.facts, in.scores, c, p);
    append_profile_line(bytes, p);
  }
  const auto& store = in.shards.stores[job.store];
  const std::uint64_t records = job.end - job.begin;
  if (job.in_place)
    return {true, write_snapshot_chunk(in.o.out_dir / "snapshots" / store, job.index, bytes, records)};
  if (auto written = write_part_piece(in.o.out_dir, *in.part, store, job.index, bytes); !written)
    throw std::runtime_error(written.error().message());
  return {false, {job.index, records, {}}};
}

// Chunks of every store are independent jobs: each worker takes the next
// whole chunk, so both cores stay busy however unequal the stores are, and
// only a chunk's bytes per worker are in memory.
Status write_jobs(const ProfileSources& in, const std::vector<ChunkJob>& jobs,
                  std::vector<std::vector<PartRun>>& runs, const std::function<void(double)>& progress) {
  std::atomic<std::size_t> next{0}, done{0};
  std::mutex failed_mutex;
  std::optional<Error> failed;
  run_workers(in.o.threads, [&](unsigned w) {
    std::string bytes;
    for (std::size_t j; (j = next++) < jobs.size();) try {
        runs[jobs[j].store][jobs[j].slot] = write_chunk(in, jobs[j], bytes);
        if (++done % 32 == 0 && w == 0)
          progress(static_cast<double>(done) / static_cast<double>(jobs.size()));
      } catch (const std::exception& e) {  // a full disk or an unwritable directory
        const std::lock_guard lock(failed_mutex);
        if (!failed)
          failed =
              Error(ErrorKind::storage_io,
                    "writing the snapshot of " + in.shards.stores[jobs[j].store] + ": " + e.what(), "models");
        next = jobs.size();
      }
  });
  if (failed) return *failed;
  return ok();
}

}  // namespace

void order_store_members(StoreShards& shards, const Facts& facts) {
  std::vector<std::uint64_t> key(facts.n);
  for (std::size_t c = 0; c < facts.n; ++c) key[c] = customer_order_key(facts.cust[c]);
  for (auto& members : shards.members)
    std::sort(members.begin(), members.end(), [&](std::uint32_t a, std::uint32_t b) {
      return key[a] != key[b] ? key[a] < key[b] : facts.cust[a] < facts.cust[b];
    });
}

Result<std::vector<StoreSnapshotInfo>> write_snapshots(const ProfileSources& in, std::int64_t version,
                                                       const std::function<void(double)>& progress) {
  std::vector<std::vector<PartRun>> runs;
  const std::vector<ChunkJob> jobs = plan_chunks(in, runs);
  if (auto written = write_jobs(in, jobs, runs, progress); !written) return written.error();
  std::vector<StoreSnapshotInfo> snapshots(in.shards.stores.size());
  for (std::size_t s = 0; s < in.shards.stores.size(); ++s) try {
      const auto& store = in.shards.stores[s];
      if (in.part) {
        if (auto listed = write_part_runs(in.o.out_dir, *in.part, store, runs[s]); !listed)
          return listed.error();
        snapshots[s] = {store, in.shards.members[s].size(), {}, in.o.out_dir / "parts" / store};
        continue;
      }
      std::vector<SnapshotChunkInfo> chunks;
      for (auto& r : runs[s]) chunks.push_back(std::move(r.info));
      const auto dir = in.o.out_dir / "snapshots" / store;
      const SnapshotManifest m =
          write_snapshot_manifest(dir, store, version, std::move(chunks), in.scores.model);
      snapshots[s] = {store, m.record_count, m.checksum, dir};
    } catch (const std::exception& e) {
      return fail(ErrorKind::storage_io, "writing the snapshot of " + in.shards.stores[s] + ": " + e.what(),
                  "models");
    }
  return snapshots;
}

}  // namespace smartstore::models::batch
