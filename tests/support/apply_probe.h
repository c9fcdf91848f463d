#pragma once
// A snapshot apply as smartstored runs it, measured from inside the process
// that runs it: HQ's chunk files arrive one at a time into the agent's
// staging (sync's SnapshotStage), the staged files are applied through the
// kiosk store's DownlinkPort while a thread keeps scanning members of the old
// snapshot, and the process's peak resident memory (VmHWM) is read over the
// stage and the apply only. Run it in a process of its own (the memory test
// forks, the bench starts smartstore-apply-probe): VmHWM is per process.
// Header-only: test binaries are built from *_test.cpp files only.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "../../sync/src/agent/snapshot_stage.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/snapshot_format.h"

namespace smartstore::testing::apply_probe {

// Member i's key in generated snapshots.
inline std::string member_key(const std::string& salt, std::size_t i) {
  return models::sha256_hex(salt + std::to_string(i));
}

// n profiles (about 450 bytes a line, as the bench has always used) written
// as HQ's batch writes a snapshot directory, one chunk in memory at a time;
// profile i under the member key key_of(i).
template <typename KeyOf>
models::SnapshotManifest write_keyed_snapshot(const std::filesystem::path& dir, std::size_t n,
                                              std::size_t per_chunk, KeyOf key_of, std::int64_t version) {
  std::filesystem::create_directories(dir);
  models::CustomerProfile p;
  p.gender = "F";
  p.age_band = "30s";
  p.tier = "star";
  p.grade = "G2";
  p.segment = "Gold";
  p.behaviour_type = "meticulous";
  p.preferences = {{"여성의류", 100, 5}, {"화장품", 71.5, 2}, {"식품", 20, 1}};
  p.next_purchase_date = "2026-12-01";
  p.recommended_categories = {"스포츠패션"};
  std::vector<models::SnapshotChunkInfo> chunks;
  std::string bytes;
  for (std::size_t start = 0; start < n || chunks.empty();) {
    const std::size_t end = std::min(n, start + per_chunk);
    bytes.clear();
    for (std::size_t i = start; i < end; ++i) {
      p.member_key = key_of(i);
      p.total_spend_krw = static_cast<std::int64_t>(1000 * i);
      models::append_profile_line(bytes, p);
    }
    chunks.push_back(
        models::write_snapshot_chunk(dir, static_cast<std::uint32_t>(chunks.size()), bytes, end - start));
    start = end;
  }
  return models::write_snapshot_manifest(dir, "S001", version, std::move(chunks), models::PreferenceModel{});
}

// The same, member i keyed member_key(salt, i).
inline models::SnapshotManifest write_generated_snapshot(const std::filesystem::path& dir, std::size_t n,
                                                         std::size_t per_chunk, const std::string& salt,
                                                         std::int64_t version) {
  return write_keyed_snapshot(
      dir, n, per_chunk, [&salt](std::size_t i) { return member_key(salt, i); }, version);
}

inline double status_mib(const char* field) {
  std::ifstream in("/proc/self/status");
  const std::string prefix = field;
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) return std::stod(line.substr(prefix.size())) / 1024.0;
  return 0;
}

// Scans a random member of the first `members` every millisecond until stopped.
class Scanner {
 public:
  Scanner(edge::store::KioskStore& store, std::string salt, std::size_t members)
      : thread_([this, &store, salt = std::move(salt), members] {
          std::mt19937_64 rng(7);
          while (!stop_) {
            const auto key = member_key(salt, rng() % members);
            const auto t0 = std::chrono::steady_clock::now();
            if (!store.profiles().find(key)) missed_ = true;
            samples_ms_.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
        }) {}
  ~Scanner() { halt(); }
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;
  std::vector<double> stop() {
    halt();
    return samples_ms_;  // the thread has ended: no race
  }
  [[nodiscard]] bool missed() const { return missed_; }

 private:
  void halt() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::atomic<bool> stop_{false};
  std::atomic<bool> missed_{false};
  std::vector<double> samples_ms_;
  std::thread thread_;
};

struct Options {
  std::filesystem::path db;              // a kiosk.db holding the old snapshot
  std::filesystem::path staging;         // the agent's staging directory
  std::filesystem::path snapshot;        // HQ's snapshot directory of the new version
  std::string scan_salt = "bench";       // scans pick members of the old snapshot...
  std::size_t scan_members = 1;          // ...among the first this many
  std::chrono::milliseconds idle{1000};  // scans before the snapshot arrives
};

struct Report {
  std::string error;        // empty when applied
  double idle_rss_mib = 0;  // VmRSS after the idle scans, before the first chunk
  double peak_rss_mib = 0;  // VmHWM from then to the end of the apply
  double stage_s = 0;       // chunks staged (hash-checked, written)
  double apply_s = 0;       // staged files verified and applied
  std::uint64_t profiles = 0;
  bool scan_missed = false;  // a member of both snapshots was not found
  std::vector<double> idle_scan_ms, scan_ms;
};

inline Report run(const Options& o) {
  Report r;
  edge::store::StoreOptions so;  // what smartstored opens (edge/src/daemon_components.cpp)
  so.store_id = "S001";
  edge::store::KioskStore store(o.db, so);
  {
    Scanner idle(store, o.scan_salt, o.scan_members);
    std::this_thread::sleep_for(o.idle);
    r.idle_scan_ms = idle.stop();
  }
  r.idle_rss_mib = status_mib("VmRSS:");
  std::ofstream("/proc/self/clear_refs") << "5";  // VmHWM := VmRSS (Linux >= 4.0)
  Scanner scanner(store, o.scan_salt, o.scan_members);
  const auto t0 = std::chrono::steady_clock::now();
  auto since = [](auto t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  try {
    sync::detail::SnapshotStage stage(o.staging, std::uint64_t{4} << 30);
    std::ifstream mf(o.snapshot / "manifest.json", std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(mf)), std::istreambuf_iterator<char>());
    auto manifest = models::decode_manifest(text);
    if (!manifest) throw std::runtime_error("manifest: " + manifest.error().message());
    stage.put_manifest(*manifest, text);
    for (const auto& c : manifest->chunks) {  // as MQTT delivers them: one message at a time
      std::ifstream cf(o.snapshot / models::chunk_file_name(c.index), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(cf)), std::istreambuf_iterator<char>());
      if (auto staged = stage.put_chunk(manifest->version, c.index, c.sha256, bytes); !staged)
        throw std::runtime_error("stage: " + staged.error().message());
    }
    r.stage_s = since(t0);
    auto complete = stage.take_if_complete(manifest->version);
    if (!complete) throw std::runtime_error("stage: snapshot incomplete");
    auto applied = store.downlink().apply_snapshot(complete->manifest, *complete->chunks);
    complete.reset();
    stage.remove(manifest->version);
    if (!applied) throw std::runtime_error("apply: " + applied.error().message());
    r.apply_s = since(t0) - r.stage_s;
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  r.scan_ms = scanner.stop();
  r.scan_missed = scanner.missed();
  r.peak_rss_mib = status_mib("VmHWM:");
  r.profiles = store.profiles().count();
  return r;
}

}  // namespace smartstore::testing::apply_probe
