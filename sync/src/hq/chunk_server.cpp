#include "hq/chunk_server.h"

#include <spdlog/spdlog.h>

#include "hq/file_bytes.h"
#include "smartstore/models/snapshot_format.h"
#include "smartstore/sync/envelope.h"

namespace smartstore::sync::detail {

using nlohmann::json;
using std::chrono::steady_clock;

namespace {

Failure invalid(std::string message) {
  return fail(ErrorKind::invalid_input, std::move(message), "hq chunk request");
}

}  // namespace

ChunkServer::ChunkServer(std::filesystem::path snapshots_root, std::size_t chunks_per_minute, Send send)
    : root_(std::move(snapshots_root)), per_minute_(chunks_per_minute), send_(std::move(send)) {
  worker_ = std::thread([this] { run(); });
}

ChunkServer::~ChunkServer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

Status ChunkServer::request(const std::string& store, const json& body) {
  if (root_.empty())
    return fail(ErrorKind::unsupported, "no snapshot directory configured to answer chunk requests",
                "hq chunk request");
  auto version = body.find("version");
  auto indices = body.find("indices");
  if (version == body.end() || !version->is_number_integer() || indices == body.end() || !indices->is_array())
    return invalid("body.version/indices: missing");
  if (indices->size() > EnvelopeLimits{}.max_list_items) return invalid("body.indices: too long");
  std::lock_guard lock(mu_);
  auto [it, fresh] = pending_.try_emplace(store);
  auto& p = it->second;
  if (fresh) order_.push_back(store);
  if (fresh || p.version != version->get<std::int64_t>()) {
    p.version = version->get<std::int64_t>();
    p.indices.clear();
  }
  // Distinct, and no more than one request's worth waiting per store: the
  // store asks again for what is still missing.
  for (const auto& i : *indices) {
    if (p.indices.size() >= kMaxChunkRequestIndices) break;
    if (i.is_number_unsigned() && i.get<std::uint64_t>() <= UINT32_MAX)
      p.indices.insert(i.get<std::uint32_t>());
  }
  cv_.notify_one();
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

void ChunkServer::run() {
  for (;;) {
    std::string store;
    Pending p;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !order_.empty(); });
      if (stopping_) return;
      store = order_.front();
      order_.pop_front();
      p = std::move(pending_[store]);
      pending_.erase(store);
    }
    try {
      serve(store, p);
    } catch (const std::exception& e) {
      spdlog::warn("hq ingest: chunk request of {} not answered: {}", store, e.what());
    }
  }
}

std::size_t ChunkServer::allowance(const std::string& store, steady_clock::time_point now) {
  auto& times = served_[store];
  while (!times.empty() && now - times.front() >= std::chrono::minutes(1)) times.pop_front();
  return per_minute_ > times.size() ? per_minute_ - times.size() : 0;
}

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
  const auto now = steady_clock::now();
  std::size_t budget = allowance(store, now);
  auto manifest_text = read_file_bytes(dir / "manifest.json");
  if (!manifest_text) throw std::runtime_error(manifest_text.error().message());
  send_(store, content::snapshot_manifest, {{"manifest", *manifest_text}});
  std::size_t sent = 0;
  for (auto idx : p.indices) {
    if (idx >= m.chunks.size()) continue;
    if (sent == budget) {
      std::lock_guard lock(mu_);
      ++limited_;
      spdlog::warn("hq ingest: {} asked for more than {} chunks a minute; the rest wait for its next request",
                   store, per_minute_);
      break;
    }
    auto data = read_file_bytes(dir / models::chunk_file_name(idx));
    if (!data) throw std::runtime_error(data.error().message());
    send_(store, content::snapshot_chunk,
          {{"version", m.version},
           {"index", idx},
           {"sha256", m.chunks[idx].sha256},
           {"data", std::move(*data)}});
    served_[store].push_back(now);
    ++sent;
  }
  std::lock_guard lock(mu_);
  ++answered_;
}

}  // namespace smartstore::sync::detail
