#pragma once
// Internal: HQ answers stores' chunk requests on a PerStoreQueue, never on
// Paho's callback thread nor under ingest's lock, so one store asking for
// chunks (a few MB each) cannot stall ingest for every store. Bounded per
// store: a request names at most kMaxChunkRequestIndices distinct chunks, a
// store has at most one request waiting (a newer one merges into it), a
// store is served at most `chunks_per_minute` chunks in any minute, and a
// chunk this process sent the store less than `resend_after` ago is not
// sent again: it is still on its way (a fleet-wide publish takes minutes to
// reach every store through one broker), and a copy would only queue behind
// it and slow every other store's.
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "hq/per_store_queue.h"
#include "smartstore/common/result.h"

namespace smartstore::sync::detail {

class ChunkServer {
 public:
  using Send =
      std::function<void(const std::string& store, std::string_view kind, const nlohmann::json& body)>;
  struct Limits {
    std::size_t chunks_per_minute = 120;
    std::chrono::milliseconds resend_after{std::chrono::seconds(60)};
  };
  ChunkServer(std::filesystem::path snapshots_root, Limits limits, Send send);

  // Checked and queued: invalid_input naming the field; unsupported when no
  // snapshot directory is configured.
  Status request(const std::string& store, const nlohmann::json& body);
  [[nodiscard]] std::uint64_t answered() const;
  [[nodiscard]] std::uint64_t limited() const;    // requests cut short by the per-store rate
  [[nodiscard]] std::uint64_t in_flight() const;  // chunks asked for again within resend_after, not sent

 private:
  using Clock = std::chrono::steady_clock;
  struct Pending {
    std::int64_t version = 0;
    std::set<std::uint32_t> indices;
  };
  // What the worker sent one store: when, per chunk of one version.
  struct Sent {
    std::int64_t version = 0;
    std::map<std::uint32_t, Clock::time_point> at;
    std::deque<Clock::time_point> last_minute;  // for the per-minute rate
  };
  void serve(const std::string& store, const Pending& p);

  std::filesystem::path root_;
  Limits limits_;
  Send send_;
  mutable std::mutex mu_;  // the counters
  std::uint64_t answered_ = 0, limited_ = 0, in_flight_ = 0;
  std::map<std::string, Sent> sent_;  // worker only
  PerStoreQueue<Pending> queue_;      // last: its thread stops before the members above go
};

}  // namespace smartstore::sync::detail
