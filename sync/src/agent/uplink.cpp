// The worker's round: snapshot acks and chunk requests, the outbox drain, the
// day-close (nightly, on request, again when unanswered) and what HQ's
// answers and acknowledgements mean for the outbox. Worker thread only.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>

#include "agent/agent_impl.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/sync/envelope.h"

namespace smartstore::sync {

using nlohmann::json;
using std::chrono::steady_clock;

namespace {

json body_of(const detail::SnapshotAck& a) {
  json b = {{"version", a.version}, {"applied", a.applied}};
  if (!a.note.empty()) b["note"] = a.note;
  if (!a.error.empty()) b["error"] = a.error;
  if (a.record_count >= 0) b["record_count"] = a.record_count;
  if (a.delta_base > 0) b["base_version"] = a.delta_base;
  return b;
}

json body_of(const detail::ChunkRequest& r) {
  return {{"version", r.version}, {"indices", r.indices}, {"reason", r.reason}};
}

}  // namespace

// Bounded like the inbox: an ack replaces an unsent one of the same version
// (it says the same, newer), and a chunk request past the bound is dropped
// (the re-request timer asks again).
void StoreAgent::Impl::queue_uplink(Uplink u) {
  if (auto* ack = std::get_if<detail::SnapshotAck>(&u)) {
    for (auto& queued : outgoing)
      if (auto* q = std::get_if<detail::SnapshotAck>(&queued); q && q->version == ack->version) {
        *q = std::move(*ack);
        return;
      }
  } else if (outgoing.size() >= kInboxCapacity) {
    return;
  }
  outgoing.push_back(std::move(u));
}

void StoreAgent::Impl::publish_outgoing() {
  while (!outgoing.empty()) {
    const bool ok = std::visit(
        [this](const auto& m) {
          using T = std::decay_t<decltype(m)>;
          return publish_up(
              std::is_same_v<T, detail::SnapshotAck> ? content::snapshot_ack : content::chunk_request,
              body_of(m));
        },
        outgoing.front());
    if (!ok) return;  // kept, in order, for the next round
    outgoing.pop_front();
  }
}

void StoreAgent::Impl::outbox_marked(const Status& marked, std::string_view what) {
  if (marked) return;
  if (!is_storage_refusal(marked.error().kind())) {
    spdlog::error("sync: outbox {} failed: {}", what, marked.error().describe());
    return;
  }
  constexpr auto pause = std::chrono::seconds(30);
  uplink_paused_until = steady_clock::now() + pause;
  spdlog::warn("sync: outbox {} not stored, uplink paused {} s: {}", what, pause.count(),
               marked.error().message());
}

void StoreAgent::Impl::drain_outbox() {
  while (!inbox.closed()) {
    if (steady_clock::now() < uplink_paused_until) return;
    // Between pages: a producer waiting for room in the inbox waits one page at most.
    take_inbox();
    std::vector<OutboxEvent> batch;
    {
      std::lock_guard lock(port_mu);
      batch = outbox.next_unsent(opt.batch_size);
    }
    if (batch.empty()) return;
    json events = json::array();
    std::vector<std::string> ids;
    ids.reserve(batch.size());
    for (const auto& e : batch) {
      events.push_back({{"event_id", e.event_id},
                        {"seq", e.seq},
                        {"type", e.type},
                        {"day", e.day},
                        {"created_at", e.created_at},
                        {"payload", e.payload_json}});
      ids.push_back(e.event_id);
    }
    // Registered before publishing: HQ's acknowledgement can overtake our PUBACK.
    // Bounded: past this, the nightly day-close is what finds unacknowledged events.
    // (100k ids are ~15 MB; a store catching up on days of backlog stays below.)
    const auto now = steady_clock::now();
    if (awaiting_hq.size() < 100'000)
      for (const auto& id : ids) awaiting_hq.emplace(id, now);
    if (!publish_up(content::events, {{"events", events}})) {
      events_rejected += batch.size();
      return;  // not marked sent: the next drain sends them again
    }
    {
      std::lock_guard lock(port_mu);
      outbox_marked(outbox.mark_sent(ids), "mark_sent");
    }
    events_sent += ids.size();
  }
}

void StoreAgent::Impl::reconcile_once_drained() {
  if (!reconcile_after_start) return;
  {
    std::lock_guard lock(port_mu);
    if (!outbox.next_unsent(1).empty()) return;
  }
  // HQ's event-acks delivered just before a kill can be lost (Paho acknowledges a
  // message to the broker before our callback has stored it): today's day-close
  // confirms what HQ holds and resends what it lacks. Earlier days: the nightly.
  send_day_close(local_date(wall_now()));
  reconcile_after_start = false;
}

void StoreAgent::Impl::on_event_acks(const detail::EventAcks& acks) {
  {
    std::lock_guard lock(port_mu);
    outbox_marked(outbox.mark_acknowledged(acks.event_ids), "mark_acknowledged");
  }
  for (const auto& id : acks.event_ids)
    if (awaiting_hq.erase(id) > 0) ++events_acknowledged;
}

void StoreAgent::Impl::resend_overdue() {
  std::vector<std::string> overdue;
  const auto limit = steady_clock::now() - opt.resend_unacked_after;
  for (auto it = awaiting_hq.begin(); it != awaiting_hq.end();) {
    if (it->second < limit) {
      overdue.push_back(it->first);
      it = awaiting_hq.erase(it);
    } else {
      ++it;
    }
  }
  if (overdue.empty()) return;
  spdlog::info("sync: {} events not acknowledged by HQ in time, resending", overdue.size());
  std::lock_guard lock(port_mu);
  outbox_marked(outbox.mark_for_resend(overdue), "mark_for_resend");
  events_resent += overdue.size();
}

void StoreAgent::Impl::send_day_close(const std::string& day) {
  std::vector<DayTotals> totals;
  {
    std::lock_guard lock(port_mu);
    totals = outbox.day_totals(day);
  }
  json types = json::array();
  std::vector<std::string> type_names;
  for (const auto& t : totals) {
    types.push_back({{"type", t.type}, {"count", t.count}, {"ids_sha256", t.ids_sha256}});
    type_names.push_back(t.type);
  }
  const std::string close_id = new_message_id();
  day_closes.sent(day, close_id, std::move(type_names), steady_clock::now());
  if (publish_up(content::day_close, {{"day", day}, {"close_id", close_id}, {"types", types}}))
    spdlog::info("sync: day-close {} sent ({} event types, close id {})", day, totals.size(), close_id);
  else
    spdlog::warn("sync: day-close {} not sent; trying again when it is due", day);
}

void StoreAgent::Impl::resend_unanswered_day_closes() {
  for (const auto& day : day_closes.due(steady_clock::now())) {
    spdlog::info("sync: day-close {} not answered by HQ, sending again", day);
    send_day_close(day);
  }
}

// What an older answer found is applied too (confirmations are digest-checked,
// resends are idempotent); only whether the day is answered depends on which
// send it answers.
void StoreAgent::Impl::on_day_close_answer(const detail::DayCloseAnswer& answer) {
  detail::Settlement s;
  {
    std::lock_guard lock(port_mu);
    for (const auto& t : answer.types)
      detail::DayCloseTracker::settle(t, outbox.event_ids_of_day(answer.day, t.type), s);
    if (!s.confirmed.empty()) outbox_marked(outbox.mark_acknowledged(s.confirmed), "mark_acknowledged");
    if (!s.resend.empty()) outbox_marked(outbox.mark_for_resend(s.resend), "mark_for_resend");
  }
  if (!s.resend.empty()) {
    events_resent += s.resend.size();
    spdlog::info("sync: day-close {}: HQ misses {} events, resending", answer.day, s.resend.size());
  }
  const std::string awaited = day_closes.last_close_id(answer.day);
  if (day_closes.answered(answer) == detail::DayCloseTracker::Outcome::earlier_send)
    spdlog::info("sync: day-close {}: answer to an earlier send, still waiting for close id {}", answer.day,
                 awaited);
  for (const auto& id : s.confirmed)
    if (awaiting_hq.erase(id) > 0) ++events_acknowledged;
}

void StoreAgent::Impl::nightly_check() {
  const auto wall = wall_now();
  std::time_t now = std::chrono::system_clock::to_time_t(wall);
  std::tm tm{};
  localtime_r(&now, &tm);
  std::string today = local_date(wall);
  // After the hour, once per local date; a kiosk offline at the hour catches
  // up when it reconnects, and covers several past days so gaps close.
  if (static_cast<unsigned>(tm.tm_hour) < opt.nightly_hour || last_nightly_date == today) return;
  for (unsigned back = opt.day_close_days; back >= 1; --back)
    send_day_close(local_date(wall - std::chrono::hours(24) * back));
  last_nightly_date = today;
}

// After a restart: say again which version is applied (a kill between the
// swap and its acknowledgement would otherwise leave HQ without the ack), and
// finish snapshots staged completely before the kill without waiting for the
// re-request timer.
void StoreAgent::Impl::announce_after_start() {
  std::int64_t current;
  {
    std::lock_guard lock(port_mu);
    current = downlink.snapshot_version();
  }
  if (current > 0) queue_uplink(detail::SnapshotAck{current, true, "held at start", {}, -1});
  for (auto v : stage.staged_versions())
    if (v > current) try_apply(v);
}

void StoreAgent::Impl::request_missing_chunks() {
  std::int64_t current;
  {
    std::lock_guard lock(port_mu);
    current = downlink.snapshot_version();
  }
  for (auto v : stage.staged_versions()) {
    if (v <= current) {
      stage.remove(v);
      continue;
    }
    // In flight: the version made progress in this process and the link has
    // held since (AgentOptions::chunk_in_flight_after).
    const auto arrival = stage.last_arrival(v);
    const bool in_flight =
        arrival && arrival->time_since_epoch() > std::chrono::milliseconds(link_lost_ms.load());
    const auto wait = detail::chunk_request_wait(
        in_flight ? opt.chunk_in_flight_after : opt.chunk_request_after, stage.unanswered(v), opt.store_id);
    if (steady_clock::now() - stage.last_progress(v) < wait) continue;
    auto missing = stage.missing(v);
    if (missing.empty()) {
      try_apply(v);  // complete but not applied (e.g. killed between the two)
      continue;
    }
    if (missing.size() > kMaxChunkRequestIndices) missing.resize(kMaxChunkRequestIndices);
    spdlog::info("sync: snapshot v{}: re-requesting {} missing chunks", v, missing.size());
    if (publish_up(content::chunk_request, body_of(detail::ChunkRequest{v, missing, "missing"}))) {
      ++chunk_requests;
      stage.requested(v);
    }
  }
}

}  // namespace smartstore::sync
