#pragma once
// Internal: the agent's state, shared by its worker loop and connection
// (store_agent.cpp), its uplink work (uplink.cpp), its downlink handlers on
// Paho's thread (downlink.cpp) and metrics.cpp.
//
// Threads: Paho's callback thread decodes downlink and applies documents
// through the ports; the worker thread owns the protocol state (what waits
// for HQ, what is still to publish) and is the only one to change it; other
// threads hand it typed messages through `inbox`. Three locks: port_mu, the
// inbox's own, and rejection_mu (plus SnapshotStage's own).
#include <mqtt/async_client.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>
#include <variant>

#include "agent/agent_messages.h"
#include "agent/bounded_queue.h"
#include "agent/day_close_tracker.h"
#include "agent/snapshot_stage.h"
#include "downlink_signature.h"
#include "smartstore/common/result.h"
#include "smartstore/sync/agent.h"

namespace smartstore::sync {

struct StoreAgent::Impl {
  Impl(AgentOptions o, OutboxPort& ob, DownlinkPort& dl);

  // Messages waiting for the worker. Full: a message that must arrive (event
  // acks, day-close answers, snapshot acks, close_day) waits for room; on
  // Paho's thread that holds back the broker's deliveries until the worker
  // takes the queue, which it does between outbox pages and at least once
  // per publish timeout. Hints derived again (wakes, apply and chunk
  // hints) are dropped: see detail::may_drop.
  static constexpr std::size_t kInboxCapacity = 1024;

  AgentOptions opt;
  OutboxPort& outbox;
  DownlinkPort& downlink;
  // Guards every call into the ports: Paho's thread, the worker and
  // stats()/metrics_text() callers use them, and a port need not be thread-safe.
  std::mutex port_mu;

  std::unique_ptr<mqtt::async_client> down_cli;  // persistent session, subscribed to down/#
  std::unique_ptr<mqtt::async_client> up_cli;    // publishes only (toolchain notes: separate)
  detail::SnapshotStage stage;                   // thread-safe itself
  detail::DownlinkVerifier verifier;             // set up once in the constructor, then read-only
  std::optional<std::string> transport_refused;  // why the agent never connects (check_agent_options)

  detail::BoundedQueue<detail::AgentMessage> inbox{kInboxCapacity};
  std::thread worker;
  std::atomic<bool> started{false}, stopped{false};

  // Worker thread only, so unlocked.
  using Uplink = std::variant<detail::SnapshotAck, detail::ChunkRequest>;
  std::deque<Uplink> outgoing;             // not yet published; kept across failed publishes
  std::vector<std::string> days_to_close;  // close_day() requests, sent once connected
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> awaiting_hq;  // event id -> sent at
  detail::DayCloseTracker day_closes;
  std::optional<std::string> last_nightly_date;  // local date the nightly ran
  bool announced_after_start = false;            // current snapshot version re-announced
  bool reconcile_after_start = true;             // today's day-close once drained
  // The kiosk's disk refused an outbox mark: no page is drained before this,
  // so a full or read-only disk is not answered by republishing every round.
  std::chrono::steady_clock::time_point uplink_paused_until{};

  std::atomic<bool> connected{false};
  std::atomic<std::uint64_t> events_sent{0}, events_acknowledged{0}, events_resent{0}, events_rejected{0},
      downlink_rejected{0}, downlink_applied{0}, downlink_unverified{0}, chunk_requests{0}, reconnects{0},
      connection_losses{0}, chunks_received{0}, chunk_bytes_received{0};
  // Set by Paho's connection_lost, cleared (counting a reconnect) by its
  // connected callback once both clients are up again, whoever reconnected them.
  std::atomic<bool> link_down{false};
  std::atomic<std::int64_t> latest_offered_version{0};
  std::atomic<std::int64_t> offline_since_ms{0};  // steady clock ms; 0 when connected
  std::atomic<std::int64_t> link_lost_ms{0};      // steady clock ms of the last connection loss; 0: none
  // Guards last_rejection: written on Paho's thread and the worker, read by stats().
  mutable std::mutex rejection_mu;
  std::string last_rejection;

  // store_agent.cpp: the worker loop and the connection
  void run();
  void work_once();
  void handle(detail::AgentMessage m);  // worker thread
  void take_inbox();                    // worker thread: handle everything queued
  bool ensure_connected();
  bool publish_up(std::string_view kind, const nlohmann::json& body);
  void post(detail::AgentMessage m);  // any thread but the worker's
  void on_connection_lost();
  void on_connected();
  std::chrono::system_clock::time_point wall_now() const;

  // uplink.cpp: worker thread only
  void drain_outbox();
  void reconcile_once_drained();
  void queue_uplink(Uplink u);
  void publish_outgoing();
  void on_event_acks(const detail::EventAcks& acks);
  void on_day_close_answer(const detail::DayCloseAnswer& answer);
  void send_day_close(const std::string& day);
  void resend_unanswered_day_closes();
  void nightly_check();
  void announce_after_start();
  void resend_overdue();
  void request_missing_chunks();
  // A refused outbox mark pauses the drain (storage kinds) or is logged.
  void outbox_marked(const Status& marked, std::string_view what);

  // downlink.cpp: Paho's thread, except try_apply and apply_delta (worker)
  void on_message(const mqtt::const_message_ptr& msg);
  void reject(const std::string& topic, const std::string& reason);
  Status handle(const std::string& type, const nlohmann::json& body);
  Status handle_document(const std::string& type, const nlohmann::json& body);
  Status handle_manifest(const nlohmann::json& body);
  Status handle_chunk(const nlohmann::json& body);
  Status handle_delta(const nlohmann::json& body);
  Status handle_event_acks(const nlohmann::json& body);
  Status handle_day_close_answer(const nlohmann::json& body);
  void try_apply(std::int64_t version);
  void apply_delta(detail::ApplyDelta& delta);
};

}  // namespace smartstore::sync
