// The batch's run (batch_run.h: run_batch): load → member keys → facts →
// scores → per-store snapshots (or a part's records) → report and summary.
// Raw ids exist only in memory; the first thing derived from them for output
// is the member key.
#include "smartstore/models/profile_batch.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
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
#include "snapshot_writer.h"

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

  auto shards = shard_stores(x.facts, o, global);
  if (!shards) return shards.error();
  order_store_members(*shards, x.facts);
  if (o.progress) o.progress("writing snapshots", 0.85);
  result.version =
      part ? o.version.value_or(version_base(x.facts.as_of)) : snapshot_version(x.facts, *shards, o);
  const ProfileSources sources{x.facts, x.scores, x.keys,   x.predictions, *shards,
                               o,       *surveys, x.events, part};
  auto snapshots = write_snapshots(sources, result.version, [&](double f) {
    if (o.progress) o.progress("writing snapshots", 0.85 + 0.1 * f);
  });
  if (!snapshots) return snapshots.error();
  result.snapshots = std::move(*snapshots);
  clock.lap("snapshots", result.stages);
  if (part) {
    if (auto meta = write_part_meta(o.out_dir, *part, result.version, x.scores.model, result); !meta)
      return meta.error();
    const PartReportInputs report{x.tables, x.facts, x.scores, x.predictions, x.keys, *conditions, o};
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
