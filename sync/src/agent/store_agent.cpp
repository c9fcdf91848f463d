// The agent's own thread: connection with back-off, outbox drain, nightly
// day-close, chunk re-requests and resends. Downlink handling is in downlink.cpp.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <random>

#include "agent/agent_impl.h"
#include "envelope_json.h"
#include "mqtt_link.h"
#include "smartstore/sync/topics.h"

namespace smartstore::sync {

using nlohmann::json;
using std::chrono::steady_clock;

namespace {

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string local_date(std::time_t t) {
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

StoreAgent::Impl::Impl(AgentOptions o, OutboxPort& ob, DownlinkPort& dl)
    : opt(std::move(o)), outbox(ob), downlink(dl), stage(opt.staging_dir) {
  if (opt.batch_size == 0) opt.batch_size = 1;
  offline_since_ms = steady_ms();
  down_cli = detail::make_client(opt.broker, opt.broker.client_id, MQTTVERSION_3_1_1);
  up_cli = detail::make_client(opt.broker, opt.broker.client_id + "-up", MQTTVERSION_3_1_1);
  down_cli->set_message_callback([this](mqtt::const_message_ptr m) { on_message(m); });
  for (auto* cli : {down_cli.get(), up_cli.get()}) {
    cli->set_connection_lost_handler([this](const std::string&) { on_connection_lost(); });
    cli->set_connected_handler([this](const std::string&) { on_connected(); });
  }
}

std::chrono::system_clock::time_point StoreAgent::Impl::wall_now() const {
  return opt.clock ? opt.clock() : std::chrono::system_clock::now();
}

// Paho's callbacks, not the agent's loop, decide what counts as an outage: a
// publish blocked through a short broker restart would otherwise find the link
// healthy again and never see it drop.
void StoreAgent::Impl::on_connection_lost() {
  connected = false;
  std::int64_t none = 0;
  offline_since_ms.compare_exchange_strong(none, steady_ms());
  if (!link_down.exchange(true)) {
    ++connection_losses;
    spdlog::warn("sync: connection to {} lost", opt.broker.uri);
  }
  wake();
}

void StoreAgent::Impl::on_connected() {
  if (down_cli->is_connected() && up_cli->is_connected() && link_down.exchange(false)) ++reconnects;
}

void StoreAgent::Impl::wake() {
  {
    std::lock_guard lock(mu);
    woken = true;
  }
  cv.notify_all();
}

void StoreAgent::Impl::queue_up(std::string_view kind, json body) {
  {
    std::lock_guard lock(mu);
    body["_kind"] = std::string(kind);
    pending_up.push_back(std::move(body));
  }
  cv.notify_all();
}

bool StoreAgent::Impl::ensure_connected() {
  if (down_cli->is_connected() && up_cli->is_connected()) return true;
  try {
    if (!down_cli->is_connected()) {
      auto tok = down_cli->connect(detail::connect_options_for(opt.broker, true, MQTTVERSION_3_1_1));
      if (!tok->wait_for(opt.broker.connect_timeout)) return false;
      // The session persists on the broker, but a first connect needs it made.
      down_cli->subscribe(store_topic(opt.store_id, Direction::down, "#"), 1)->wait_for(opt.broker.connect_timeout);
    }
    if (!up_cli->is_connected()) {
      auto tok = up_cli->connect(detail::connect_options_for(opt.broker, false, MQTTVERSION_3_1_1));
      if (!tok->wait_for(opt.broker.connect_timeout)) return false;
    }
  } catch (const mqtt::exception& e) {
    spdlog::warn("sync: cannot connect to {}: {}", opt.broker.uri, e.what());
    return false;
  }
  return down_cli->is_connected() && up_cli->is_connected();
}

bool StoreAgent::Impl::publish_up(std::string_view kind, const json& body) {
  try {
    auto tok = up_cli->publish(store_topic(opt.store_id, Direction::up, kind),
                               detail::make_envelope(opt.store_id, kind, body), 1, false);
    // In slices: a lost link fails the publish now, not after the whole timeout.
    auto deadline = steady_clock::now() + opt.publish_timeout;
    while (!tok->wait_for(std::chrono::milliseconds(100))) {
      if (link_down || steady_clock::now() >= deadline) return false;
    }
    return tok->get_return_code() == 0;
  } catch (const mqtt::exception& e) {
    spdlog::warn("sync: publish to up/{} failed: {}", kind, e.what());
    return false;
  }
}

void StoreAgent::Impl::publish_pending() {
  std::vector<json> items;
  {
    std::lock_guard lock(mu);
    items.swap(pending_up);
  }
  std::vector<json> failed;
  for (auto& body : items) {
    std::string kind = body["_kind"];
    json clean = body;
    clean.erase("_kind");
    if (!publish_up(kind, clean)) failed.push_back(std::move(body));
  }
  if (!failed.empty()) {
    std::lock_guard lock(mu);
    pending_up.insert(pending_up.begin(), failed.begin(), failed.end());
  }
}

void StoreAgent::Impl::drain_outbox() {
  while (true) {
    {
      std::lock_guard lock(mu);
      if (stopping) return;
    }
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
    {
      std::lock_guard lock(ack_mu);
      auto now = steady_clock::now();
      // Bounded: past this, the nightly day-close is what finds unacknowledged events.
      // (100k ids are ~15 MB; a store catching up on days of backlog stays below.)
      if (awaiting_hq.size() < 100'000)
        for (const auto& id : ids) awaiting_hq.emplace(id, now);
    }
    if (!publish_up(content::events, {{"events", events}})) {
      events_rejected += batch.size();
      return;  // not marked sent: the next drain sends them again
    }
    {
      std::lock_guard lock(port_mu);
      outbox.mark_sent(ids);
    }
    events_sent += ids.size();
  }
}

bool StoreAgent::Impl::outbox_drained() {
  std::lock_guard lock(port_mu);
  return outbox.next_unsent(1).empty();
}

void StoreAgent::Impl::resend_overdue() {
  std::vector<std::string> overdue;
  {
    std::lock_guard lock(ack_mu);
    auto limit = steady_clock::now() - opt.resend_unacked_after;
    for (auto it = awaiting_hq.begin(); it != awaiting_hq.end();) {
      if (it->second < limit) {
        overdue.push_back(it->first);
        it = awaiting_hq.erase(it);
      } else {
        ++it;
      }
    }
  }
  if (overdue.empty()) return;
  spdlog::info("sync: {} events not acknowledged by HQ in time, resending", overdue.size());
  std::lock_guard lock(port_mu);
  outbox.mark_for_resend(overdue);
  events_resent += overdue.size();
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
    if (steady_clock::now() - stage.last_progress(v) < opt.chunk_request_after) continue;
    auto missing = stage.missing(v);
    if (missing.empty()) {
      try_apply(v);  // complete but not applied (e.g. killed between the two)
      continue;
    }
    if (missing.size() > 1000) missing.resize(1000);
    spdlog::info("sync: snapshot v{}: re-requesting {} missing chunks", v, missing.size());
    if (publish_up(content::chunk_request, {{"version", v}, {"indices", missing}, {"reason", "missing"}})) {
      ++chunk_requests;
      stage.touch(v);
    }
  }
}

void StoreAgent::Impl::send_day_close(const std::string& day) {
  std::vector<DayTotals> totals;
  {
    std::lock_guard lock(port_mu);
    totals = outbox.day_totals(day);
  }
  json types = json::array();
  for (const auto& t : totals)
    types.push_back({{"type", t.type}, {"count", t.count}, {"ids_sha256", t.ids_sha256}});
  const std::string close_id = new_message_id();
  // Registered before publishing: HQ's answer can overtake our PUBACK, and a
  // publish that fails is then sent again by the unanswered-day-close timer.
  {
    std::lock_guard lock(ack_mu);
    auto& sent = day_closes_unanswered[day];
    sent.at = steady_clock::now();
    ++sent.attempts;
    sent.close_id = close_id;
    sent.types.clear();
    for (const auto& t : totals) sent.types.push_back(t.type);
    std::sort(sent.types.begin(), sent.types.end());
  }
  if (publish_up(content::day_close, {{"day", day}, {"close_id", close_id}, {"types", types}}))
    spdlog::info("sync: day-close {} sent ({} event types, close id {})", day, totals.size(), close_id);
  else
    spdlog::warn("sync: day-close {} not sent; trying again when it is due", day);
}

void StoreAgent::Impl::resend_unanswered_day_closes() {
  std::vector<std::string> due;
  {
    std::lock_guard lock(ack_mu);
    const auto now = steady_clock::now();
    for (const auto& [day, sent] : day_closes_unanswered)
      if (now - sent.at > opt.day_close_answer_after * (1u << std::min(sent.attempts - 1, 6u))) due.push_back(day);
  }
  for (const auto& day : due) {
    spdlog::info("sync: day-close {} not answered by HQ, sending again", day);
    send_day_close(day);
  }
}

void StoreAgent::Impl::nightly_check() {
  std::time_t now = std::chrono::system_clock::to_time_t(wall_now());
  std::tm tm{};
  localtime_r(&now, &tm);
  std::string today = local_date(now);
  // After the hour, once per local date; a kiosk offline at the hour catches
  // up when it reconnects, and covers several past days so gaps close.
  if (static_cast<unsigned>(tm.tm_hour) < opt.nightly_hour || last_nightly_date == today) return;
  for (unsigned back = opt.day_close_days; back >= 1; --back) send_day_close(local_date(now - back * 86400));
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
  if (current > 0) queue_up(content::snapshot_ack, {{"version", current}, {"applied", true}, {"note", "held at start"}});
  std::lock_guard lock(mu);
  for (auto v : stage.staged_versions())
    if (v > current) apply_due.insert(v);
}

void StoreAgent::Impl::run() {
  auto backoff = opt.reconnect_min;
  std::mt19937_64 rng(std::random_device{}());
  while (true) {
    {
      std::lock_guard lock(mu);
      if (stopping) break;
    }
    if (!ensure_connected()) {
      connected = false;
      std::int64_t none = 0;
      offline_since_ms.compare_exchange_strong(none, steady_ms());
      // Exponential back-off with full jitter in [backoff/2, backoff], so a
      // chain of stores does not reconnect in lockstep after a broker restart.
      auto lo = backoff.count() / 2;
      auto wait = std::chrono::milliseconds(std::uniform_int_distribution<long>(lo, backoff.count())(rng));
      backoff = std::min(opt.reconnect_max, backoff * 2);
      std::unique_lock lock(mu);
      cv.wait_for(lock, wait, [this] { return stopping; });
      continue;
    }
    if (!connected.exchange(true)) {
      offline_since_ms = 0;
      backoff = opt.reconnect_min;
      spdlog::info("sync: connected to {}", opt.broker.uri);
    }
    if (!acked_current.exchange(true)) announce_after_start();
    std::vector<std::string> days;
    std::set<std::int64_t> due;
    {
      std::lock_guard lock(mu);
      days.swap(pending_days);
      due.swap(apply_due);
    }
    for (auto v : due) try_apply(v);
    for (const auto& d : days) send_day_close(d);
    publish_pending();
    drain_outbox();
    if (reconcile_after_start && outbox_drained()) {
      // HQ's event-acks delivered just before a kill can be lost (Paho acknowledges a
      // message to the broker before our callback has stored it): today's day-close
      // confirms what HQ holds and resends what it lacks. Earlier days: the nightly.
      send_day_close(local_date(std::chrono::system_clock::to_time_t(wall_now())));
      reconcile_after_start = false;
    }
    request_missing_chunks();
    resend_overdue();
    resend_unanswered_day_closes();
    nightly_check();
    std::unique_lock lock(mu);
    cv.wait_for(lock, opt.uplink_interval, [this] { return stopping || woken || !pending_up.empty() || !apply_due.empty(); });
    woken = false;
  }
}

StoreAgent::StoreAgent(AgentOptions options, OutboxPort& outbox, DownlinkPort& downlink)
    : impl_(std::make_unique<Impl>(std::move(options), outbox, downlink)) {}

StoreAgent::~StoreAgent() {
  stop();
  // Clients first: their callbacks use the agent's other members.
  impl_->down_cli.reset();
  impl_->up_cli.reset();
}

void StoreAgent::start() {
  std::lock_guard lock(impl_->mu);
  if (impl_->started) return;
  impl_->started = true;
  impl_->worker = std::thread([this] { impl_->run(); });
}

void StoreAgent::stop() {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopping) return;
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  if (impl_->worker.joinable()) impl_->worker.join();
  for (auto* cli : {impl_->down_cli.get(), impl_->up_cli.get()}) {
    try {
      if (cli->is_connected()) cli->disconnect()->wait_for(std::chrono::seconds(2));
    } catch (const mqtt::exception&) {
      // Already gone; the broker keeps the session either way.
    }
  }
}

void StoreAgent::wake() { impl_->wake(); }

void StoreAgent::close_day(const std::string& day) {
  {
    std::lock_guard lock(impl_->mu);
    impl_->pending_days.push_back(day);
  }
  impl_->wake();
}

}  // namespace smartstore::sync
