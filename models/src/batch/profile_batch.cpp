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
#include <thread>
#include <unordered_map>

#include "../predictive/batch_predictions.h"
#include "batch_output.h"
#include "batch_state.h"
#include "smartstore/models/member_key.h"
#include "smartstore/models/snapshot_format.h"

namespace smartstore::models {
namespace {

using Clock = std::chrono::steady_clock;

// members.csv (card_no,cust): the card number a kiosk will scan for a cust.
std::string read_members(const std::string& path, std::unordered_map<std::string, std::string>& card_of) {
  std::ifstream in(path);
  if (!in) return path + ": cannot open";
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    if (++n == 1) {
      if (line.rfind("card_no,cust", 0) != 0) return path + ":1: expected header card_no,cust";
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto comma = line.find(',');
    if (comma == std::string::npos) return path + ":" + std::to_string(n) + ": expected card_no,cust";
    card_of[line.substr(comma + 1)] = normalize_member_number(line.substr(0, comma));
  }
  return {};
}

std::int64_t next_version(const std::filesystem::path& dir, std::int64_t wanted) {
  std::ifstream in(dir / "manifest.json");
  if (!in) return wanted;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto m = decode_manifest(text);
  // Rebuilding the same as-of date must still move forward for the kiosk.
  return m.ok() && m.value->version >= wanted ? m.value->version + 1 : wanted;
}

double process_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

DeploymentKey read_deployment_key(const std::filesystem::path& file) {
  DeploymentKey key;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    key.error = file.string() + ": cannot open the deployment key";
    return key;
  }
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
  bool is_hex = hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [&](char c) { return nibble(c) >= 0; });
  if (is_hex) {
    for (std::size_t i = 0; i < 64; i += 2)
      key.bytes.push_back(static_cast<unsigned char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  } else if (raw.size() == 32) {
    key.bytes.assign(raw.begin(), raw.end());
  } else {
    key.error = file.string() + ": expected 64 hex characters or 32 raw bytes";
  }
  return key;
}

BatchResult run_profile_batch(const BatchOptions& o) {
  const auto t0 = Clock::now();
  const auto main_thread = std::this_thread::get_id();
  BatchResult result;
  batch::Timings timings;
  auto lap = [&, last = t0, last_cpu = process_cpu_seconds()](const char* stage) mutable {
    const auto now = Clock::now();
    const double cpu = process_cpu_seconds();
    timings.emplace_back(stage, std::chrono::duration<double>(now - last).count());
    result.stages.push_back({stage, timings.back().second, cpu - last_cpu});
    last = now;
    last_cpu = cpu;
  };
  auto progress = [&](const char* stage, double x) {
    if (o.progress) o.progress(stage, x);
  };
  if (o.deployment_key.size() != 32) {
    result.error = "the deployment key must be 32 bytes";
    return result;
  }
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) {
    result.error = "cannot create " + o.out_dir.string() + ": " + ec.message();
    return result;
  }
  progress("reading CSV files", 0.0);
  batch::Tables tables;
  // The member list is independent of the CSV tables: read it alongside
  // (load_tables' own two threads leave slack beside the purchases).
  std::unordered_map<std::string, std::string> card_of;
  std::string members_error;
  std::thread members_reader;
  if (!o.inputs.members.empty() && o.threads > 1)
    members_reader = std::thread([&] { members_error = read_members(o.inputs.members, card_of); });
  const std::string tables_error = batch::load_tables(o, tables);
  if (members_reader.joinable()) members_reader.join();
  else if (!o.inputs.members.empty() && tables_error.empty()) members_error = read_members(o.inputs.members, card_of);
  if (!tables_error.empty() || !members_error.empty()) {
    result.error = tables_error.empty() ? members_error : tables_error;
    return result;
  }
  lap("read");
  progress("customer facts", 0.25);
  const batch::Facts facts = batch::build_facts(tables, o);
  lap("facts");
  batch::Scores scores = batch::score_customers(tables, facts, o);
  lap("analytics");
  // The predictive stage (models-predictive): next purchase, expected spend,
  // companions and recommendations per customer, and the demand outlook.
  progress("predictions", 0.7);
  const ProfilePredictions predictions = batch::predict_for_batch(tables, facts, o);
  lap("predictions");

  // Member keys before anything is written: the card number when the member
  // list has one (what the kiosk scans), else the cust id.
  progress("member keys", 0.8);
  std::vector<std::string> keys(facts.n);
  {
    std::vector<std::thread> pool;
    const unsigned threads = std::max(1U, o.threads);
    const MemberKeyer keyer(o.deployment_key);
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back([&, t, own = keyer]() mutable {
        for (std::size_t i = t; i < facts.n; i += threads) {
          const std::string id(facts.cust[i]);
          auto it = card_of.find(id);
          keys[i] = own.key(it != card_of.end() ? it->second : id);
        }
      });
    for (auto& th : pool) th.join();
  }
  lap("member keys");

  // Shards.
  std::vector<std::int32_t> store_zone;
  if (!o.inputs.store_zones.empty()) {
    const auto list = read_store_zones(o.inputs.store_zones);
    if (!list.ok()) {
      result.error = list.error;
      return result;
    }
    for (const auto& s : facts.stores) {
      auto it = list.zones.find(s);
      auto z = it == list.zones.end() ? facts.zones.end() : std::find(facts.zones.begin(), facts.zones.end(), it->second);
      store_zone.push_back(z == facts.zones.end() ? -1 : static_cast<std::int32_t>(z - facts.zones.begin()));
    }
  } else {
    store_zone = infer_store_zones(facts.stores.size(), facts.visits, facts.zone);
  }
  const StoreShards shards = assign_store_shards(facts.stores, facts.visits, facts.zone, store_zone, o.shard_rule);

  progress("writing snapshots", 0.85);
  const auto as_of = batch::version_base(facts.as_of);
  std::int64_t version = 0;
  for (std::size_t s = 0; s < shards.stores.size(); ++s) {
    const auto dir = o.out_dir / "snapshots" / shards.stores[s];
    version = std::max(version, next_version(dir, o.version.value_or(as_of)));
  }
  if (shards.stores.empty()) version = o.version.value_or(as_of);
  result.version = version;
  // Chunks of every store are independent jobs: each thread builds, encodes,
  // hashes and writes whole chunks, so both cores stay busy however unequal
  // the stores are, and only a chunk's bytes per thread are in memory.
  result.snapshots.resize(shards.stores.size());
  {
    struct ChunkJob {
      std::size_t store;
      std::uint32_t index;
      std::size_t begin, end;  // into shards.members[store]
    };
    std::vector<ChunkJob> jobs;
    std::vector<std::vector<SnapshotChunkInfo>> chunks(shards.stores.size());
    for (std::size_t s = 0; s < shards.stores.size(); ++s) {
      std::filesystem::create_directories(o.out_dir / "snapshots" / shards.stores[s], ec);
      const std::size_t n = shards.members[s].size();
      // An empty shard still gets its one empty chunk.
      for (std::size_t b = 0, idx = 0; b < n || idx == 0; b += kDefaultChunkRecords, ++idx)
        jobs.push_back({s, static_cast<std::uint32_t>(idx), b, std::min(n, b + kDefaultChunkRecords)});
      chunks[s].resize((std::max<std::size_t>(n, 1) + kDefaultChunkRecords - 1) / kDefaultChunkRecords);
    }
    std::atomic<std::size_t> next{0}, done{0};
    std::mutex failed_mutex;
    auto worker = [&] {
      std::string bytes;
      for (std::size_t j; (j = next++) < jobs.size();) try {
        const ChunkJob& job = jobs[j];
        bytes.clear();
        for (std::size_t i = job.begin; i < job.end; ++i) {
          const std::uint32_t c = shards.members[job.store][i];
          CustomerProfile p = batch::make_profile(facts, scores, keys, c, o);
          apply_predictions(predictions, c, p);
          append_profile_line(bytes, p);
        }
        chunks[job.store][job.index] = write_snapshot_chunk(o.out_dir / "snapshots" / shards.stores[job.store],
                                                            job.index, bytes, job.end - job.begin);
        if (++done % 32 == 0 && o.progress && std::this_thread::get_id() == main_thread)
          progress("writing snapshots", 0.85 + 0.1 * static_cast<double>(done) / static_cast<double>(jobs.size()));
      } catch (const std::exception& e) {  // a full disk or an unwritable directory
        std::lock_guard lock(failed_mutex);
        result.error = "writing the snapshot of " + shards.stores[jobs[j].store] + ": " + e.what();
        next = jobs.size();
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::max(1U, o.threads); ++t) pool.emplace_back(worker);
    worker();
    for (auto& th : pool) th.join();
    for (std::size_t s = 0; s < shards.stores.size() && result.ok(); ++s) try {
      const auto dir = o.out_dir / "snapshots" / shards.stores[s];
      const SnapshotManifest m = write_snapshot_manifest(dir, shards.stores[s], version, std::move(chunks[s]), scores.model);
      result.snapshots[s] = {shards.stores[s], m.record_count, m.checksum, dir};
    } catch (const std::exception& e) {
      result.error = "writing the snapshot of " + shards.stores[s] + ": " + e.what();
    }
  }
  if (!result.ok()) return result;
  lap("snapshots");

  progress("report", 0.95);
  result.customers = facts.n;
  result.purchases = tables.purchases.rows.size();
  result.skipped_rows = tables.skipped_total;
  result.report_html = o.out_dir / "report.html";
  result.summary_json = o.out_dir / "summary.json";
  ReportData report = batch::make_report_data(tables, facts, scores, result);
  batch::add_outlook_to_report(report, predictions, facts, scores, keys);
  if (!batch::write_private(result.report_html, render_html_report(report))) {
    result.error = "cannot write " + result.report_html.string();
    return result;
  }
  lap("report");
  result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!batch::write_private(result.summary_json, batch::summary_json(report, scores, result, timings, o)))
    result.error = "cannot write " + result.summary_json.string();
  progress("done", 1.0);
  return result;
}

}  // namespace smartstore::models
