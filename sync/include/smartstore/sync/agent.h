#pragma once
// The store agent: keeps the kiosk's downlink (snapshots, campaigns, keys, ...)
// current and drains its outbox to HQ, exactly once as HQ sees it
// (docs/sync-protocol.md). Runs on its own thread; Paho stays in the .cpp.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "smartstore/sync/broker_options.h"
#include "smartstore/sync/envelope.h"
#include "smartstore/sync/store_ports.h"

namespace smartstore::sync {

struct AgentOptions {
  BrokerOptions broker;                             // broker.client_id: fixed per kiosk, e.g. "S001-K1"
  std::string store_id;                             // S001; also the TLS certificate's CN
  std::size_t batch_size = 200;                     // events per uplink message
  std::chrono::milliseconds uplink_interval{1000};  // idle wait between drains
  std::chrono::milliseconds reconnect_min{500};
  std::chrono::milliseconds reconnect_max{60000};
  unsigned nightly_hour = 2;          // local time; day-close of the previous days
  unsigned day_close_days = 3;        // how many past days each day-close covers
  std::filesystem::path staging_dir;  // snapshot chunks are staged here (0700)
  // Snapshot staging never holds more than this: a chunk beyond it is refused
  // (the journal shares the disk). Above the largest snapshot HQ sends.
  std::uint64_t max_staging_bytes = std::uint64_t{1} << 30;
  // No progress on a staged snapshot for this long: re-request missing chunks
  // (doubling with each re-request left unanswered, up to 64x). From the
  // moment the link was lost or the agent started: what was on its way may
  // be gone.
  std::chrono::milliseconds chunk_request_after{5000};
  // The same while the downlink stayed connected since the last chunk or
  // manifest arrived: the broker delivers what HQ sent in order over the
  // persistent session, so a missing chunk is still on its way (a publish to
  // every store of a chain takes minutes through one broker), and asking
  // again would only add a copy behind it. Covers HQ failing mid-publish.
  std::chrono::milliseconds chunk_in_flight_after{std::chrono::minutes(5)};
  // Sent but not acknowledged by HQ for this long: send again (HQ dedups).
  std::chrono::milliseconds resend_unacked_after{std::chrono::minutes(5)};
  // A day-close HQ has not answered for this long is sent again (doubling up
  // to 64x): a broker acknowledges, and drops, what it has no subscriber for
  // yet (HQ ingest re-subscribing after a broker restart).
  std::chrono::milliseconds day_close_answer_after{5000};
  std::chrono::milliseconds publish_timeout{10000};
  EnvelopeLimits limits;
  // Development only: a plaintext broker URI (tcp://, mqtt://, ws://), with no
  // TLS and no client certificate, so anyone on the network path reads and
  // forges sync traffic. Without it the agent refuses to connect to one.
  bool allow_plaintext = false;
  // HQ's Ed25519 public keys (PEM, provision.sh's hq-ed25519.pub). Non-empty:
  // every downlink message must carry HQ's signature under one of them, or it
  // is refused and counted (downlink_unverified). Several during a key
  // rollover (docs/security.md). A file that does not load trusts nothing.
  // Empty: downlink is not verified (development only; logged at start).
  std::vector<std::filesystem::path> hq_public_key_files;
  // Wall clock for the nightly day-close (which local date it is, whether the
  // hour has come). Empty: the system clock. Tests set it to cross midnight.
  std::function<std::chrono::system_clock::time_point()> clock;
};

// Counters behind metrics_text(); also handy for tests.
struct AgentStats {
  bool connected = false;
  std::uint64_t events_sent = 0;          // PUBACKed by the broker
  std::uint64_t events_acknowledged = 0;  // acknowledged by HQ
  std::uint64_t events_resent = 0;        // marked for resend (gaps, timeouts)
  std::uint64_t downlink_rejected = 0;    // bad downlink messages dropped
  std::uint64_t downlink_applied = 0;
  std::uint64_t downlink_unverified = 0;  // refused: no or bad HQ signature (also in downlink_rejected)
  std::uint64_t chunk_requests = 0;
  std::uint64_t chunks_received = 0;       // snapshot chunk messages that arrived, copies included
  std::uint64_t chunk_bytes_received = 0;  // their chunk data
  std::uint64_t connection_losses = 0;     // link outages seen (Paho's connection_lost)
  std::uint64_t reconnects = 0;            // outages healed: both connections back
  std::int64_t snapshot_version = 0;
  std::int64_t latest_offered_version = 0;  // highest manifest seen
  double offline_seconds = 0;               // current disconnection, 0 when connected
  std::string last_rejection;               // why the last bad message was dropped
};

// ok, or invalid_input naming the field: a plaintext broker.uri without
// allow_plaintext; an ssl:// one without ca_file, cert_file and key_file.
// The agent checks this itself and does not connect when it fails; a
// configuration check (smartstored --check-config) reports it up front.
[[nodiscard]] Status check_agent_options(const AgentOptions& options);

class StoreAgent {
 public:
  // The ports must outlive the agent. Port calls are serialized by the agent.
  StoreAgent(AgentOptions options, OutboxPort& outbox, DownlinkPort& downlink);
  ~StoreAgent();
  StoreAgent(const StoreAgent&) = delete;
  StoreAgent& operator=(const StoreAgent&) = delete;

  void start();
  void stop();  // disconnects cleanly; idempotent
  // New outbox rows: drain now instead of after the interval.
  void wake();
  // Send the day-close manifest for `day` now (the nightly timer calls this).
  void close_day(const std::string& day);

  [[nodiscard]] AgentStats stats() const;
  // Prometheus text exposition (base units, _total counters, no member ids).
  [[nodiscard]] std::string metrics_text() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace smartstore::sync
