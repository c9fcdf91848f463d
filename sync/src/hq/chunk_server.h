#pragma once
// Internal: HQ answers stores' chunk requests on its own thread, never on
// Paho's callback thread nor under ingest's lock, so one store asking for
// chunks (a few MB each) cannot stall ingest for every store. Bounded per
// store: a request names at most kMaxChunkRequestIndices distinct chunks, a
// store has at most one request waiting (a newer one merges into it), and a
// store is served at most `chunks_per_minute` chunks in any minute.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "smartstore/common/result.h"

namespace smartstore::sync::detail {

class ChunkServer {
 public:
  using Send =
      std::function<void(const std::string& store, std::string_view kind, const nlohmann::json& body)>;
  ChunkServer(std::filesystem::path snapshots_root, std::size_t chunks_per_minute, Send send);
  ~ChunkServer();  // stops serving; a waiting request is dropped (the store asks again)
  ChunkServer(const ChunkServer&) = delete;
  ChunkServer& operator=(const ChunkServer&) = delete;

  // Checked and queued: invalid_input naming the field; unsupported when no
  // snapshot directory is configured.
  Status request(const std::string& store, const nlohmann::json& body);
  [[nodiscard]] std::uint64_t answered() const;
  [[nodiscard]] std::uint64_t limited() const;  // requests cut short by the per-store rate

 private:
  struct Pending {
    std::int64_t version = 0;
    std::set<std::uint32_t> indices;
  };
  void run();
  void serve(const std::string& store, const Pending& p);
  std::size_t allowance(const std::string& store, std::chrono::steady_clock::time_point now);

  std::filesystem::path root_;
  std::size_t per_minute_;
  Send send_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Pending> pending_;
  std::deque<std::string> order_;  // stores with a pending request, first come first served
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> served_;  // worker only
  std::uint64_t answered_ = 0, limited_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace smartstore::sync::detail
