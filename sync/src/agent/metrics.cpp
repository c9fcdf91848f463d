// Prometheus text exposition of the agent's state: base units (seconds),
// _total counters, the store id as the only label (never a member id).
#include <ctime>
#include <sstream>

#include "agent/agent_impl.h"
#include "smartstore/common/utc_time.h"

namespace smartstore::sync {
namespace {

void metric(std::ostringstream& out, const char* name, const char* type, const char* help, const std::string& store,
            double value) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n'
      << name << "{store=\"" << store << "\"} " << value << '\n';
}

}  // namespace

AgentStats StoreAgent::stats() const {
  const Impl& i = *impl_;
  AgentStats s;
  s.connected = i.connected;
  s.events_sent = i.events_sent;
  s.events_acknowledged = i.events_acknowledged;
  s.events_resent = i.events_resent;
  s.downlink_rejected = i.downlink_rejected;
  s.downlink_applied = i.downlink_applied;
  s.downlink_unverified = i.downlink_unverified;
  s.chunk_requests = i.chunk_requests;
  s.chunks_received = i.chunks_received;
  s.chunk_bytes_received = i.chunk_bytes_received;
  s.reconnects = i.reconnects;
  s.connection_losses = i.connection_losses;
  {
    std::lock_guard lock(impl_->port_mu);
    s.snapshot_version = impl_->downlink.snapshot_version();
  }
  s.latest_offered_version = std::max(i.latest_offered_version.load(), s.snapshot_version);
  if (auto since = i.offline_since_ms.load(); since != 0) {
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
                   .count();
    s.offline_seconds = static_cast<double>(now - since) / 1000.0;
  }
  std::lock_guard lock(i.rejection_mu);
  s.last_rejection = i.last_rejection;
  return s;
}

std::string StoreAgent::metrics_text() const {
  AgentStats s = stats();
  std::uint64_t depth = 0;
  double oldest_age = 0;
  {
    std::lock_guard lock(impl_->port_mu);
    depth = impl_->outbox.depth();
    if (auto oldest = impl_->outbox.oldest_unacknowledged_created_at()) {
      if (auto t = parse_utc_iso8601(*oldest))
        oldest_age = std::max<double>(0, static_cast<double>(std::time(nullptr) - *t));
    }
  }
  const std::string& store = impl_->opt.store_id;
  std::ostringstream out;
  metric(out, "smartstore_sync_outbox_depth", "gauge", "Events not yet acknowledged by HQ.", store,
         static_cast<double>(depth));
  metric(out, "smartstore_sync_oldest_unacknowledged_age_seconds", "gauge",
         "Age of the oldest event HQ has not acknowledged.", store, oldest_age);
  metric(out, "smartstore_sync_offline_seconds", "gauge", "How long the broker has been unreachable (0 when connected).",
         store, s.offline_seconds);
  metric(out, "smartstore_sync_connected", "gauge", "1 when connected to the broker.", store, s.connected ? 1 : 0);
  metric(out, "smartstore_sync_connection_losses_total", "counter", "Broker connection losses.", store,
         static_cast<double>(s.connection_losses));
  metric(out, "smartstore_sync_reconnects_total", "counter", "Broker connections restored after a loss.", store,
         static_cast<double>(s.reconnects));
  metric(out, "smartstore_sync_events_sent_total", "counter", "Events the broker acknowledged (PUBACK).", store,
         static_cast<double>(s.events_sent));
  metric(out, "smartstore_sync_events_acknowledged_total", "counter", "Events HQ acknowledged.", store,
         static_cast<double>(s.events_acknowledged));
  metric(out, "smartstore_sync_events_rejected_total", "counter",
         "Events whose publish failed or timed out (they are retried).", store,
         static_cast<double>(impl_->events_rejected.load()));
  metric(out, "smartstore_sync_events_resent_total", "counter", "Events marked for resend (gaps, missing HQ acks).",
         store, static_cast<double>(s.events_resent));
  metric(out, "smartstore_sync_downlink_rejected_total", "counter", "Downlink messages refused as invalid.", store,
         static_cast<double>(s.downlink_rejected));
  metric(out, "smartstore_sync_downlink_unverified_total", "counter",
         "Downlink messages refused for a missing or bad HQ signature.", store,
         static_cast<double>(s.downlink_unverified));
  metric(out, "smartstore_sync_chunk_requests_total", "counter", "Snapshot chunk re-requests sent.", store,
         static_cast<double>(s.chunk_requests));
  metric(out, "smartstore_sync_snapshot_chunks_received_total", "counter",
         "Snapshot chunk messages received, copies of one chunk included.", store,
         static_cast<double>(s.chunks_received));
  metric(out, "smartstore_sync_snapshot_version", "gauge", "Applied profile snapshot version.", store,
         static_cast<double>(s.snapshot_version));
  metric(out, "smartstore_sync_snapshot_lag_versions", "gauge", "Versions offered by HQ but not yet applied.", store,
         static_cast<double>(s.latest_offered_version - s.snapshot_version));
  return out.str();
}

}  // namespace smartstore::sync
