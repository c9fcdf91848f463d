#include "hq/chunk_server.h"

#include <spdlog/spdlog.h>

#include "hq/file_bytes.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/envelope.h"

namespace smartstore::sync::detail {

using nlohmann::json;

namespace {

Failure invalid(std::string message) {
  return fail(ErrorKind::invalid_input, std::move(message), "hq chunk request");
}

}  // namespace

ChunkServer::ChunkServer(std::filesystem::path snapshots_root, Limits limits, Send send)
    : root_(std::move(snapshots_root)),
      limits_(limits),
      send_(std::move(send)),
      queue_("chunk request", [this](const std::string& store, Pending& p) { serve(store, p); }) {}

Status ChunkServer::request(const std::string& store, const json& body) {
  if (root_.empty())
    return fail(ErrorKind::unsupported, "no snapshot directory configured to answer chunk requests",
                "hq chunk request");
  auto version = body.find("version");
  auto indices = body.find("indices");
  if (version == body.end() || !version->is_number_integer() || indices == body.end() || !indices->is_array())
    return invalid("body.version/indices: missing");
  if (indices->size() > EnvelopeLimits{}.max_list_items) return invalid("body.indices: too long");
  const auto v = version->get<std::int64_t>();
  queue_.put(store, [&](Pending& p, bool fresh) {
    if (fresh || p.version != v) {
      p.version = v;
      p.indices.clear();
    }
    // Distinct, and no more than one request's worth waiting per store: the
    // store asks again for what is still missing.
    for (const auto& i : *indices) {
      if (p.indices.size() >= kMaxChunkRequestIndices) break;
      if (i.is_number_unsigned() && i.get<std::uint64_t>() <= UINT32_MAX)
        p.indices.insert(i.get<std::uint32_t>());
    }
  });
  return ok();
}

std::uint64_t ChunkServer::answered() const {
  std::lock_guard lock(mu_);
  return answered_;
}

std::uint64_t ChunkServer::limited() const {
  std::lock_guard lock(mu_);
  return limited_;
}

std::uint64_t ChunkServer::in_flight() const {
  std::lock_guard lock(mu_);
  return in_flight_;
}

// Only chunks: the store asked by version, so it holds the version's manifest
// (a manifest sent again would make it hash every staged chunk again).
void ChunkServer::serve(const std::string& store, const Pending& p) {
  auto dir = root_ / store;  // store: a valid store id (checked by ingest before use in a path)
  auto verified = models::verify_snapshot_dir(dir);
  if (!verified) {
    spdlog::warn("hq ingest: chunk request of {}: {}", store, verified.error().message());
    return;
  }
  const auto& m = *verified;
  if (m.version != p.version) {
    spdlog::warn("hq ingest: {} asks for v{}, HQ holds v{}", store, p.version, m.version);
    return;
  }
  const auto now = Clock::now();
  auto& sent = sent_[store];
  if (sent.version != m.version) sent = Sent{m.version, {}, std::move(sent.last_minute)};
  while (!sent.last_minute.empty() && now - sent.last_minute.front() >= std::chrono::minutes(1))
    sent.last_minute.pop_front();
  std::uint64_t skipped = 0;
  bool cut = false;
  for (auto idx : p.indices) {
    if (idx >= m.chunks.size()) continue;
    if (auto at = sent.at.find(idx); at != sent.at.end() && now - at->second < limits_.resend_after) {
      ++skipped;
      continue;
    }
    if (sent.last_minute.size() >= limits_.chunks_per_minute) {
      cut = true;
      spdlog::warn("hq ingest: {} asked for more than {} chunks a minute; the rest wait for its next request",
                   store, limits_.chunks_per_minute);
      break;
    }
    auto data = read_file_bytes(dir / models::chunk_file_name(idx));
    if (!data) throw std::runtime_error(data.error().message());
    send_(store, content::snapshot_chunk,
          {{"version", m.version},
           {"index", idx},
           {"sha256", m.chunks[idx].sha256},
           {"data", std::move(*data)}});
    sent.at[idx] = now;
    sent.last_minute.push_back(now);
  }
  std::lock_guard lock(mu_);
  ++answered_;
  limited_ += cut ? 1 : 0;
  in_flight_ += skipped;
}

}  // namespace smartstore::sync::detail
