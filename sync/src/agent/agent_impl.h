#pragma once
// Internal: the agent's state, shared by its connection/uplink code
// (store_agent.cpp), its downlink handlers (downlink.cpp) and metrics.cpp.
#include <mqtt/async_client.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "agent/snapshot_stage.h"
#include "smartstore/sync/agent.h"

namespace smartstore::sync {

struct StoreAgent::Impl {
  Impl(AgentOptions o, OutboxPort& ob, DownlinkPort& dl);

  AgentOptions opt;
  OutboxPort& outbox;
  DownlinkPort& downlink;
  std::mutex port_mu;  // one port call at a time: Paho's thread and ours both use them

  std::unique_ptr<mqtt::async_client> down_cli;  // persistent session, subscribed to down/#
  std::unique_ptr<mqtt::async_client> up_cli;    // publishes only (toolchain notes: separate)
  detail::SnapshotStage stage;

  std::thread worker;
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  bool woken = false;
  bool started = false;
  std::vector<std::string> pending_days;        // day-close requests (guarded by mu)
  std::vector<nlohmann::json> pending_up;       // acks/requests for the worker to publish (mu)
  std::set<std::int64_t> apply_due;             // staged versions to try applying (mu)
  std::optional<std::string> last_nightly_date;  // local date the nightly ran (worker only)
  bool reconcile_after_start = true;              // today's day-close once drained (worker only)

  std::mutex ack_mu;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> awaiting_hq;  // event id -> sent at
  struct DayCloseSent {
    std::chrono::steady_clock::time_point at;
    unsigned attempts = 0;
    // Close id of the last send: only HQ's answer echoing it closes the day;
    // an answer to an older send of the same day (queued while offline) does not.
    std::string close_id;
    // Sorted event types of the last send: the fallback for answers from an HQ
    // that echoes no close id, where an older answer lists other types.
    std::vector<std::string> types;
  };
  std::map<std::string, DayCloseSent> day_closes_unanswered;  // day -> last sent (ack_mu)

  std::atomic<bool> connected{false};
  std::atomic<std::uint64_t> events_sent{0}, events_acknowledged{0}, events_resent{0}, events_rejected{0},
      downlink_rejected{0}, downlink_applied{0}, chunk_requests{0}, reconnects{0}, connection_losses{0};
  // Set by Paho's connection_lost, cleared (counting a reconnect) by its
  // connected callback once both clients are up again, whoever reconnected them.
  std::atomic<bool> link_down{false};
  std::atomic<bool> acked_current{false};  // current snapshot version re-announced after start
  std::atomic<std::int64_t> latest_offered_version{0};
  std::atomic<std::int64_t> offline_since_ms{0};  // steady clock ms; 0 when connected
  mutable std::mutex rejection_mu;
  std::string last_rejection;

  // store_agent.cpp
  void run();
  bool ensure_connected();
  void drain_outbox();
  bool outbox_drained();
  void publish_pending();
  void nightly_check();
  void announce_after_start();
  void send_day_close(const std::string& day);
  void resend_overdue();
  void resend_unanswered_day_closes();
  void request_missing_chunks();
  bool publish_up(std::string_view kind, const nlohmann::json& body);
  void wake();
  void queue_up(std::string_view kind, nlohmann::json body);
  void on_connection_lost();
  void on_connected();
  std::chrono::system_clock::time_point wall_now() const;

  // downlink.cpp; handlers return "" or why the message was refused
  void on_message(const mqtt::const_message_ptr& msg);
  void reject(const std::string& topic, const std::string& reason);
  std::string handle(const std::string& type, const nlohmann::json& body);
  std::string handle_manifest(const nlohmann::json& body);
  std::string handle_chunk(const nlohmann::json& body);
  void schedule_apply(std::int64_t version);
  void try_apply(std::int64_t version);  // worker thread only
  std::string handle_delta(const nlohmann::json& body);
  std::string handle_event_acks(const nlohmann::json& body);
  std::string handle_day_close_answer(const nlohmann::json& body);
};

}  // namespace smartstore::sync
