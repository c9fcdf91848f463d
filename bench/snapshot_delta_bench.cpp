// Nightly delta against the full snapshot on a 1,000,000-profile store with
// 2 % of its profiles changed overnight (19,000 changed, 500 erased, 500 new):
// the bytes HQ sends (the delta message's body; baseline the full snapshot's
// manifest and chunks), and the kiosk's apply (baseline: the full snapshot
// applied the way bench/sync_snapshot_bench.cpp measures it — chunks staged on
// disk and checked, then DownlinkPort::apply_snapshot — over the same old
// snapshot in a kiosk store of its own). The delta's apply is timed the
// agent's way: the body parsed, every upsert decoded, DownlinkPort::apply_delta.
// HQ's side (reading the new snapshot, hashing every line, diffing against the
// kept digests) is reported beside reading the snapshot alone.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bench_registry.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/agent.h"
#include "sync/src/agent/snapshot_stage.h"
#include "sync/src/hq/snapshot_delta.h"

namespace {
using namespace smartstore;
using namespace smartstore::bench;
namespace fs = std::filesystem;

// A member as a batch writes one: segment, preferences and a predicted next purchase.
models::CustomerProfile member(std::size_t i) {
  models::CustomerProfile p;
  p.member_key = models::sha256_hex("delta-bench" + std::to_string(i));
  p.total_spend_krw = static_cast<std::int64_t>(1000 * i);
  p.preferences = {{"식품", 100, 7}, {"생활용품", 64.25, 3}, {"여성의류", 18, 1}};
  p.segment = i % 4 ? "Silver" : "VIP";
  p.age_band = i % 5 ? "40s" : "20s";
  p.gender = i % 2 ? "F" : "M";
  p.tier = i % 3 ? "butterfly" : "star";
  p.next_purchase_date = "2026-12-01";
  p.recommended_categories = {"화장품/뷰티케어", "출산/육아용품"};
  return p;
}

// Night 1: members 0..n-1. Night 2: every 50th member's spend and next
// purchase moved (of those, one in 40 erased instead), and as many new members.
void write_nights(const fs::path& dir, std::size_t n) {
  std::vector<models::CustomerProfile> night;
  night.reserve(n + n / 2000);
  for (std::size_t i = 0; i < n; ++i) night.push_back(member(i));
  (void)models::write_snapshot(dir / "v1", "S001", 1, night, {});
  std::vector<models::CustomerProfile> next;
  next.reserve(night.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 50 != 0) {
      next.push_back(std::move(night[i]));
      continue;
    }
    if ((i / 50) % 40 == 39) continue;  // erased
    next.push_back(std::move(night[i]));
    next.back().total_spend_krw += 4'500;
    next.back().next_purchase_date = "2026-12-04";
  }
  for (std::size_t i = 0; i < n / 2000; ++i) next.push_back(member(n + i));
  (void)models::write_snapshot(dir / "v2", "S001", 2, next, {});
}

sync::detail::SnapshotLines read_lines(const fs::path& dir) {
  auto lines = sync::detail::read_snapshot_lines(dir);
  if (!lines) throw std::runtime_error("read snapshot: " + lines.error().message());
  return std::move(*lines);
}

std::unique_ptr<edge::store::KioskStore> kiosk_at_v1(const fs::path& file,
                                                     const sync::detail::SnapshotLines& v1) {
  edge::store::StoreOptions so;  // what smartstored opens (edge/src/daemon_components.cpp)
  so.store_id = "S001";
  auto store = std::make_unique<edge::store::KioskStore>(file, so);
  if (!store->downlink().apply_snapshot(v1.manifest, v1.chunks)) throw std::runtime_error("apply: v1");
  return store;
}

// The full snapshot as the agent takes it: staged, checked, applied.
double full_apply_s(edge::store::KioskStore& store, const fs::path& staging,
                    const sync::detail::SnapshotLines& v2) {
  const auto t0 = std::chrono::steady_clock::now();
  sync::detail::SnapshotStage stage(staging, sync::AgentOptions{}.max_staging_bytes);
  stage.put_manifest(v2.manifest, v2.manifest_text);
  for (std::size_t i = 0; i < v2.chunks.size(); ++i)
    if (!stage.put_chunk(2, static_cast<std::uint32_t>(i), v2.manifest.chunks[i].sha256, v2.chunks[i]))
      throw std::runtime_error("stage: chunk " + std::to_string(i));
  auto complete = stage.take_if_complete(2);
  if (!complete) throw std::runtime_error("stage: snapshot incomplete");
  if (!store.downlink().apply_snapshot(complete->manifest, *complete->chunks))
    throw std::runtime_error("apply: v2");
  stage.remove(2);
  return seconds_since(t0);
}

// The delta as the agent takes it: body parsed, upserts decoded, applied.
double delta_apply_s(edge::store::KioskStore& store, const std::string& body) {
  const auto t0 = std::chrono::steady_clock::now();
  auto j = nlohmann::json::parse(body);
  std::vector<models::CustomerProfile> upserts;
  upserts.reserve(j["upserts"].size());
  for (const auto& line : j["upserts"]) {
    auto p = models::decode_profile(line.get_ref<const std::string&>());
    if (!p) throw std::runtime_error("delta: " + p.error().message());
    upserts.push_back(std::move(*p));
  }
  auto removed = j["removed"].get<std::vector<std::string>>();
  auto done = store.downlink().apply_delta(j["base_version"], j["version"], upserts, removed);
  if (!done) throw std::runtime_error("apply delta: " + done.error().message());
  return seconds_since(t0);
}

SMARTSTORE_BENCH("snapshot_delta") {
  const std::size_t n = ctx.quick ? 50'000 : 1'000'000;
  const fs::path dir = ctx.scratch_dir;
  write_nights(dir, n);

  auto v1 = read_lines(dir / "v1");
  const auto kept = sync::detail::pack_digests(sync::detail::digests_of(v1));
  auto t0 = std::chrono::steady_clock::now();
  auto v2 = read_lines(dir / "v2");
  const double read_s = seconds_since(t0);
  auto base = sync::detail::unpack_digests(kept);
  if (!base) throw std::runtime_error(base.error().message());
  const auto delta = sync::detail::compute_delta(*base, 1, v2);
  const std::string body = sync::detail::delta_body_json(delta);
  const double hq_s = seconds_since(t0);
  const std::size_t changed = delta.upserts.size() + delta.removed.size();
  if (changed != n / 50 + n / 2000)
    throw std::runtime_error("delta: " + std::to_string(changed) + " changes");

  auto full_store = kiosk_at_v1(dir / "full.db", v1);
  const double full_s = full_apply_s(*full_store, dir / "staging", v2);
  full_store.reset();
  auto delta_store = kiosk_at_v1(dir / "delta.db", v1);
  v1 = {};
  const double delta_s = delta_apply_s(*delta_store, body);
  if (delta_store->profiles().count() != v2.lines.size() || delta_store->downlink().snapshot_version() != 2)
    throw std::runtime_error("delta: the kiosk does not hold the new snapshot");

  const std::string size = ctx.quick ? "_50k" : "";
  return {
      {"snapshot_delta_2pct" + size + "_bytes", static_cast<double>(delta.bytes), "bytes",
       static_cast<double>(v2.bytes), "full snapshot (manifest + chunks)"},
      {"snapshot_delta_2pct" + size + "_apply_s", delta_s, "s", full_s,
       "full snapshot staged, checked and applied"},
      {"snapshot_delta_2pct" + size + "_hq_s", hq_s, "s", read_s, "reading and hashing the new snapshot"}};
}

}  // namespace
