// run_profile_batch: load → facts → scores → member keys → per-store
// snapshots → report and summary. Raw ids exist only in memory; the first
// thing derived from them for output is the member key.
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

std::int64_t next_version(const std::filesystem::path& dir, std::int64_t wanted) {
  std::ifstream in(dir / "manifest.json");
  if (!in) return wanted;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto m = decode_manifest(text);
  // Rebuilding the same as-of date must still move forward for the kiosk.
  return m.has_value() && m->version >= wanted ? m->version + 1 : wanted;
}

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

// The CSV tables and the member list. The member list is independent of the
// tables: it is read alongside (load_tables' own two threads leave slack
// beside the purchases), or after them, and only when they were read.
Status read_inputs(const BatchOptions& o, batch::Tables& tables,
                   std::unordered_map<std::string, std::string>& card_of) {
  const bool with_members = !o.inputs.members.empty();
  const bool parallel = with_members && o.threads > 1;
  Status tables_read, members_read;
  run_both(
      parallel, [&] { tables_read = batch::load_tables(o, tables); },
      [&] {
        if (with_members && (parallel || tables_read)) members_read = read_members(o.inputs.members, card_of);
      });
  if (!tables_read) return tables_read;
  return members_read;
}

// Member keys before anything is written: the card number when the member
// list has one (what the kiosk scans), else the cust id. Each worker keys
// every W-th customer with its own keyer (a keyer is not shared).
std::vector<std::string> member_keys(const std::vector<std::string_view>& custs,
                                     const std::unordered_map<std::string, std::string>& card_of,
                                     const BatchOptions& o) {
  std::vector<std::string> keys(custs.size());
  const unsigned workers = worker_count(o.threads);
  const MemberKeyer keyer(o.deployment_key);
  run_workers(workers, [&](unsigned w) {
    MemberKeyer own = keyer;
    for (std::size_t i = w; i < custs.size(); i += workers) {
      const std::string id(custs[i]);
      auto it = card_of.find(id);
      keys[i] = own.key(it != card_of.end() ? it->second : id);
    }
  });
  return keys;
}

// Answers held by cust are keyed as their members are; an answer a store
// sent is the member's latest.
void key_surveys(const batch::Facts& facts, const std::vector<std::string>& keys,
                 const batch::EventFold& events, SignupSurveys& surveys) {
  for (std::size_t i = 0; i < facts.n && !surveys.favourite_by_cust.empty(); ++i)
    if (auto it = surveys.favourite_by_cust.find(std::string(facts.cust[i]));
        it != surveys.favourite_by_cust.end())
      surveys.favourite[keys[i]] = it->second;
  for (const auto& [c, e] : events.by_customer)
    if (!e->survey_favourite.empty()) surveys.favourite[keys[c]] = e->survey_favourite;
}

// Which customers each store's snapshot holds; store zones from the store
// list when given, else inferred from the buyers.
Result<StoreShards> shard_stores(const batch::Facts& facts, const BatchOptions& o) {
  std::vector<std::int32_t> store_zone;
  if (!o.inputs.store_zones.empty()) {
    const auto list = read_store_zones(o.inputs.store_zones);
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
    version = std::max(version, next_version(o.out_dir / "snapshots" / store, o.version.value_or(as_of)));
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
    std::filesystem::create_directories(in.o.out_dir / "snapshots" / in.shards.stores[s], ec);
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
  for (std::size_t i = job.begin; i < job.end; ++i) {
    const std::uint32_t c = in.shards.members[job.store][i];
    CustomerProfile p = batch::make_profile(in.facts, in.scores, in.keys, c, in.o);
    apply_predictions(in.predictions, c, p);
    apply_survey(in, p);
    batch::apply_events(in.events, in.facts, in.scores, c, p);
    append_profile_line(bytes, p);
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

Result<BatchResult> run_profile_batch(const BatchOptions& o) {
  const auto t0 = Clock::now();
  BatchResult result;
  StageClock clock(t0);
  auto lap = [&](const char* stage) { clock.lap(stage, result.stages); };
  auto progress = [&](const char* stage, double x) {
    if (o.progress) o.progress(stage, x);
  };
  if (auto prepared = prepare_output(o); !prepared) return prepared.error();
  const auto conditions = batch::load_demand_conditions(o.inputs);
  if (!conditions) return conditions.error();
  auto surveys =
      o.inputs.survey.empty() ? Result<SignupSurveys>(SignupSurveys{}) : read_signup_surveys(o.inputs.survey);
  if (!surveys) return surveys.error();
  auto store = batch::read_store_inputs(o.inputs);
  if (!store) return store.error();
  progress("reading CSV files", 0.0);
  batch::Tables tables;
  std::unordered_map<std::string, std::string> card_of;
  if (auto read = read_inputs(o, tables, card_of); !read) return read.error();
  lap("read");
  // Keyed once, before the erasure list is matched against the keys.
  progress("member keys", 0.25);
  std::vector<std::string> keys = member_keys(batch::customer_order(tables), card_of, o);
  result.store_events.erased = batch::erase_members(tables, store->erased, keys);
  lap("member keys");
  progress("customer facts", 0.3);
  batch::Facts facts = batch::build_facts(tables, o);
  lap("facts");
  batch::EventFold events = batch::index_events(store->events, keys, tables, facts);
  events.withdrawn = &store->withdrawn;
  batch::fold_sold_items(tables, facts, events);
  batch::Scores scores = batch::score_customers(tables, facts, o);
  batch::fold_scores(events, o.deliberation, scores);
  lap("analytics");
  batch::assign_member_segments(tables, facts, o, scores);
  lap("segments");
  // Next purchase, expected spend, companions and recommendations per
  // customer, and the demand outlook.
  progress("predictions", 0.7);
  const ProfilePredictions predictions = batch::predict_for_batch(tables, facts, o, *conditions);
  lap("predictions");
  key_surveys(facts, keys, events, *surveys);
  events.counts.erased = result.store_events.erased;
  result.store_events = events.counts;

  const auto shards = shard_stores(facts, o);
  if (!shards) return shards.error();
  progress("writing snapshots", 0.85);
  result.version = snapshot_version(facts, *shards, o);
  const ProfileSources sources{facts, scores, keys, predictions, *shards, o, *surveys, events};
  auto snapshots = write_snapshots(sources, result.version,
                                   [&](double x) { progress("writing snapshots", 0.85 + 0.1 * x); });
  if (!snapshots) return snapshots.error();
  result.snapshots = std::move(*snapshots);
  lap("snapshots");

  progress("report", 0.95);
  result.customers = facts.n;
  result.purchases = tables.purchases.rows.size();
  result.skipped_rows = tables.skipped_total;
  result.report_html = o.out_dir / "report.html";
  result.summary_json = o.out_dir / "summary.json";
  ReportData report = batch::make_report_data(tables, facts, scores, result);
  batch::add_outlook_to_report(report, predictions, facts, scores, keys);
  batch::add_forecast_days_to_report(report, *conditions, facts.as_of);
  if (auto uplift = add_uplift_to_batch(o, report, &store->erased); !uplift) return uplift.error();
  if (auto written = write_private_file(result.report_html, render_html_report(report)); !written)
    return written.error();
  result.dip_campaigns = o.out_dir / "dip_campaigns.json";
  if (auto written = write_private_file(result.dip_campaigns, batch::dip_campaigns_json(report)); !written)
    return written.error();
  lap("report");
  result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto summary = batch::summary_json(report, scores, result, clock.timings, o);
  if (auto written = write_private_file(result.summary_json, summary); !written) return written.error();
  progress("done", 1.0);
  return result;
}

}  // namespace smartstore::models
