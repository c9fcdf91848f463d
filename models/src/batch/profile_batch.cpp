// The batch's run (batch_run.h: run_batch): load → member keys → facts →
// scores → per-store snapshots (or a part's records) → report and summary.
// Raw ids exist only in memory; the first thing derived from them for output
// is the member key.
#include "smartstore/models/profile_batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "../predictive/batch_predictions.h"
#include "../segment/member_segments.h"
#include "batch_output.h"
#include "batch_run.h"
#include "batch_state.h"
#include "event_fold.h"
#include "smartstore/common/parallel.h"
#include "smartstore/common/private_file.h"
#include "smartstore/models/member_key.h"
#include "smartstore/models/signup_survey.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/models/uplift_inputs.h"

namespace smartstore::models {
namespace {

using Clock = std::chrono::steady_clock;

double process_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Wall and CPU time per stage, kept for the result and the summary.
class StageClock {
 public:
  explicit StageClock(Clock::time_point start) : last_(start), last_cpu_(process_cpu_seconds()) {}
  void lap(const char* stage, std::vector<BatchStageTime>& stages) {
    const auto now = Clock::now();
    const double cpu = process_cpu_seconds();
    timings.emplace_back(stage, std::chrono::duration<double>(now - last_).count());
    stages.push_back({stage, timings.back().second, cpu - last_cpu_});
    last_ = now;
    last_cpu_ = cpu;
  }
  batch::Timings timings;

 private:
  Clock::time_point last_;
  double last_cpu_;
};

Status prepare_output(const BatchOptions& o) {
  if (o.deployment_key.size() != 32)
    return fail(ErrorKind::invalid_input, "the deployment key must be 32 bytes", "models");
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec)
    return fail(ErrorKind::storage_io, "cannot create " + o.out_dir.string() + ": " + ec.message(), "models");
  return ok();
}

// Answers held by cust are keyed as their members are; an answer a store
// sent is the member's latest.
void key_surveys(const batch::Facts& facts, const std::vector<std::string>& keys,
                 const batch::EventFold& events, SignupSurveys& surveys) {
  for (std::size_t i = 0; i < facts.n && !surveys.favourite_by_cust.empty(); ++i)
    if (auto it = surveys.favourite_by_cust.find(std::string(facts.cust[i]));
        it != surveys.favourite_by_cust.end())
      surveys.favourite[keys[i]] = it->second;
  batch::add_survey_answers(events, keys, surveys.favourite);
}

// Which customers each store's snapshot holds; store zones from the store
// list when given, else inferred from the buyers.
Result<StoreShards> shard_stores(const batch::Facts& facts, const BatchOptions& o,
                                 const batch::GlobalFit* global) {
  std::vector<std::int32_t> store_zone;
  // A sharded batch's stores take the zones the fit pass inferred, by name.
  if (!o.inputs.store_zones.empty() || (global && global->zones_inferred)) {
    StoreZoneList given;
    if (o.inputs.store_zones.empty()) given.zones = global->store_zone;
    const auto list = o.inputs.store_zones.empty() ? Result<StoreZoneList>(std::move(given))
                                                   : read_store_zones(o.inputs.store_zones);
    if (!list) return list.error();
    for (const auto& s : facts.stores) {
      auto it = list->zones.find(s);
      auto z = it == list->zones.end() ? facts.zones.end()
                                       : std::find(facts.zones.begin(), facts.zones.end(), it->second);
      store_zone.push_back(z == facts.zones.end() ? -1 : static_cast<std::int32_t>(z - facts.zones.begin()));
    }
  } else {
    store_zone = infer_store_zones(facts.stores.size(), facts.visits, facts.zone);
  }
  return assign_store_shards(facts.stores, facts.visits, facts.zone, store_zone, o.shard_rule);
}

// One version for every store of the run, above what each store has.
std::int64_t snapshot_version(const batch::Facts& facts, const StoreShards& shards, const BatchOptions& o) {
  const auto as_of = batch::version_base(facts.as_of);
  if (shards.stores.empty()) return o.version.value_or(as_of);
  std::int64_t version = 0;
  for (const auto& store : shards.stores)
    version =
        std::max(version, batch::next_version(o.out_dir / "snapshots" / store, o.version.value_or(as_of)));
  return version;
}

// What a snapshot's profiles are made of.
struct ProfileSources {
  const batch::Facts& facts;
  const batch::Scores& scores;
  const std::vector<std::string>& keys;
  const ProfilePredictions& predictions;
  const StoreShards& shards;
  const BatchOptions& o;
  const SignupSurveys& surveys;
  const batch::EventFold& events;
  const batch::PartTarget* part;            // set: a part's records with their order keys
  const std::vector<std::uint64_t>& order;  // per customer, with part
};

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

struct ChunkJob {
  std::size_t store;
  std::uint32_t index;
  std::size_t begin, end;  // into shards.members[store]
};

// Every store's chunks as jobs (an empty shard still gets its one empty
// chunk); `chunks` sized to receive their infos.
std::vector<ChunkJob> plan_chunks(const ProfileSources& in,
                                  std::vector<std::vector<SnapshotChunkInfo>>& chunks) {
  std::vector<ChunkJob> jobs;
  chunks.assign(in.shards.stores.size(), {});
  for (std::size_t s = 0; s < in.shards.stores.size(); ++s) {
    std::error_code ec;  // a directory that cannot be made fails at its first chunk
    std::filesystem::create_directories(
        in.o.out_dir / (in.part ? "parts" : "snapshots") / in.shards.stores[s], ec);
    const std::size_t n = in.shards.members[s].size();
    for (std::size_t b = 0, idx = 0; b < n || idx == 0; b += kDefaultChunkRecords, ++idx)
      jobs.push_back({s, static_cast<std::uint32_t>(idx), b, std::min(n, b + kDefaultChunkRecords)});
    chunks[s].resize((std::max<std::size_t>(n, 1) + kDefaultChunkRecords - 1) / kDefaultChunkRecords);
  }
  return jobs;
}

// Builds, encodes, hashes and writes one chunk.
SnapshotChunkInfo write_chunk(const ProfileSources& in, const ChunkJob& job, std::string& bytes) {
  bytes.clear();
  std::vector<std::uint64_t> keys;
  for (std::size_t i = job.begin; i < job.end; ++i) {
    const std::uint32_t c = in.shards.members[job.store][i];
    CustomerProfile p = batch::make_profile(in.facts, in.scores, in.keys, c, in.o);
    apply_predictions(in.predictions, c, p);
    apply_survey(in, p);
    batch::apply_events(in.events, in.facts, in.scores, c, p);
    append_profile_line(bytes, p);
    if (in.part) keys.push_back(in.order[c]);
  }
  if (in.part) {
    if (auto written = batch::write_part_chunk(in.o.out_dir, *in.part, in.shards.stores[job.store], job.index,
                                               bytes, keys);
        !written)
      throw std::runtime_error(written.error().message());
    return {job.index, job.end - job.begin, {}};
  }
  return write_snapshot_chunk(in.o.out_dir / "snapshots" / in.shards.stores[job.store], job.index, bytes,
                              job.end - job.begin);
}

// Chunks of every store are independent jobs: each worker takes the next
// whole chunk, so both cores stay busy however unequal the stores are, and
// only a chunk's bytes per worker are in memory. Manifests follow, store by
// store.
Result<std::vector<StoreSnapshotInfo>> write_snapshots(const ProfileSources& in, std::int64_t version,
                                                       const std::function<void(double)>& progress) {
  std::vector<std::vector<SnapshotChunkInfo>> chunks;
  const std::vector<ChunkJob> jobs = plan_chunks(in, chunks);
  std::atomic<std::size_t> next{0}, done{0};
  std::mutex failed_mutex;
  std::optional<Error> failed;
  run_workers(in.o.threads, [&](unsigned w) {
    std::string bytes;
    for (std::size_t j; (j = next++) < jobs.size();) try {
        chunks[jobs[j].store][jobs[j].index] = write_chunk(in, jobs[j], bytes);
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
  if (in.part) return std::vector<StoreSnapshotInfo>{};
  std::vector<StoreSnapshotInfo> snapshots(in.shards.stores.size());
  for (std::size_t s = 0; s < in.shards.stores.size(); ++s) try {
      const auto& store = in.shards.stores[s];
      const auto dir = in.o.out_dir / "snapshots" / store;
      const SnapshotManifest m =
          write_snapshot_manifest(dir, store, version, std::move(chunks[s]), in.scores.model);
      snapshots[s] = {store, m.record_count, m.checksum, dir};
    } catch (const std::exception& e) {
      return fail(ErrorKind::storage_io, "writing the snapshot of " + in.shards.stores[s] + ": " + e.what(),
                  "models");
    }
  return snapshots;
}

}  // namespace

Result<std::vector<unsigned char>> read_deployment_key(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, file.string() + ": cannot open the deployment key", "models");
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string hex;
  for (char c : raw)
    if (!std::isspace(static_cast<unsigned char>(c))) hex.push_back(c);
  auto nibble = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::vector<unsigned char> key;
  bool is_hex =
      hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [&](char c) { return nibble(c) >= 0; });
  if (is_hex) {
    for (std::size_t i = 0; i < 64; i += 2)
      key.push_back(static_cast<unsigned char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  } else if (raw.size() == 32) {
    key.assign(raw.begin(), raw.end());
  } else {
    return fail(ErrorKind::invalid_input, file.string() + ": expected 64 hex characters or 32 raw bytes",
                "models");
  }
  return key;
}

namespace batch {

namespace {

// Everything scored, before anything is written.
struct Scored {
  Tables tables;
  std::vector<std::string> keys;
  Facts facts;
  EventFold events;
  Scores scores;
  ProfilePredictions predictions;
};

Status score_all(const BatchOptions& o, const GlobalFit* global, const StoreInputs& store,
                 const DemandConditions& conditions, BatchResult& result, StageClock& clock, Scored& x) {
  auto lap = [&](const char* stage) { clock.lap(stage, result.stages); };
  auto progress = [&](const char* stage, double f) {
    if (o.progress) o.progress(stage, f);
  };
  progress("reading CSV files", 0.0);
  std::unordered_map<std::string, std::string> card_of;
  if (auto read = read_inputs(o, x.tables, card_of); !read) return read;
  lap("read");
  // Keyed once, before the erasure list is matched against the keys.
  progress("member keys", 0.25);
  x.keys = member_keys(customer_order(x.tables), card_of, o);
  result.store_events.erased = erase_members(x.tables, store.erased, x.keys);
  lap("member keys");
  progress("customer facts", 0.3);
  x.facts = build_facts(x.tables, o, global ? &global->facts : nullptr);
  lap("facts");
  x.events = index_events(store.events, x.keys, x.tables, x.facts);
  x.events.withdrawn = &store.withdrawn;
  fold_sold_items(x.tables, x.facts, x.events);
  x.scores = score_customers(x.tables, x.facts, o, global ? &global->scores : nullptr);
  fold_scores(x.events, o.deliberation, x.scores);
  lap("analytics");
  assign_member_segments(x.tables, x.facts, o, x.scores, global ? &global->scores : nullptr);
  lap("segments");
  // Next purchase, expected spend, companions and recommendations per
  // customer, and the demand outlook.
  progress("predictions", 0.7);
  x.predictions =
      predict_for_batch(x.tables, x.facts, o, conditions, global ? &global->predictions : nullptr);
  lap("predictions");
  return ok();
}

// The report, the dip campaigns and the summary.
Status write_report(const BatchOptions& o, const Scored& x, const DemandConditions& conditions,
                    const StoreInputs& store, StageClock& clock, BatchResult& result, Clock::time_point t0) {
  result.report_html = o.out_dir / "report.html";
  result.summary_json = o.out_dir / "summary.json";
  ReportData report = make_report_data(x.tables, x.facts, x.scores, result);
  add_outlook_to_report(report, x.predictions, x.facts, x.scores, x.keys);
  add_forecast_days_to_report(report, conditions, x.facts.as_of);
  if (auto uplift = add_uplift_to_batch(o, report, &store.erased); !uplift) return uplift.error();
  if (auto written = write_private_file(result.report_html, render_html_report(report)); !written)
    return written.error();
  result.dip_campaigns = o.out_dir / "dip_campaigns.json";
  if (auto written = write_private_file(result.dip_campaigns, dip_campaigns_json(report)); !written)
    return written.error();
  clock.lap("report", result.stages);
  result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto summary = summary_json(report, x.scores, result, clock.timings, o);
  return write_private_file(result.summary_json, summary);
}

}  // namespace

Result<BatchResult> run_batch(const BatchOptions& o, const GlobalFit* global, const PartTarget* part) {
  const auto t0 = Clock::now();
  BatchResult result;
  StageClock clock(t0);
  if (auto prepared = prepare_output(o); !prepared) return prepared.error();
  const auto conditions = load_demand_conditions(o.inputs);
  if (!conditions) return conditions.error();
  auto surveys =
      o.inputs.survey.empty() ? Result<SignupSurveys>(SignupSurveys{}) : read_signup_surveys(o.inputs.survey);
  if (!surveys) return surveys.error();
  auto store = read_store_inputs(o.inputs, o.threads);
  if (!store) return store.error();
  Scored x;
  if (auto scored = score_all(o, global, *store, *conditions, result, clock, x); !scored)
    return scored.error();
  key_surveys(x.facts, x.keys, x.events, *surveys);
  x.events.counts.erased = result.store_events.erased;
  result.store_events = x.events.counts;
  result.customers = x.facts.n;
  result.purchases = x.tables.purchases.rows.size();
  result.skipped_rows = x.tables.skipped_total;

  const auto shards = shard_stores(x.facts, o, global);
  if (!shards) return shards.error();
  if (o.progress) o.progress("writing snapshots", 0.85);
  std::vector<std::uint64_t> order;
  if (part) {
    auto keys = order_keys(o, x.facts, *part);
    if (!keys) return keys.error();
    order = std::move(*keys);
    result.version = o.version.value_or(version_base(x.facts.as_of));
  } else {
    result.version = snapshot_version(x.facts, *shards, o);
  }
  const ProfileSources sources{x.facts, x.scores, x.keys,   x.predictions, *shards,
                               o,       *surveys, x.events, part,          order};
  auto snapshots = write_snapshots(sources, result.version, [&](double f) {
    if (o.progress) o.progress("writing snapshots", 0.85 + 0.1 * f);
  });
  if (!snapshots) return snapshots.error();
  result.snapshots = std::move(*snapshots);
  clock.lap("snapshots", result.stages);
  if (part) {
    if (auto meta = write_part_meta(o.out_dir, *part, result.version, x.scores.model, result); !meta)
      return meta.error();
    const PartReportInputs report{x.tables, x.facts, x.scores, x.predictions, x.keys, order, *conditions, o};
    if (auto written = write_part_report(o.out_dir, *part, report); !written) return written.error();
    result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return result;
  }
  if (o.progress) o.progress("report", 0.95);
  if (auto written = write_report(o, x, *conditions, *store, clock, result, t0); !written)
    return written.error();
  if (o.progress) o.progress("done", 1.0);
  return result;
}

}  // namespace batch

}  // namespace smartstore::models
