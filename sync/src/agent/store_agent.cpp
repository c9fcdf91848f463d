// The agent's worker thread and its connection: back-off, one round of work
// per wake-up or interval, and the messages other threads hand it. What a
// round does is in uplink.cpp; downlink handling is in downlink.cpp.
#include <spdlog/spdlog.h>

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
  return std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now().time_since_epoch())
      .count();
}

// Exponential back-off with full jitter in [current/2, current], so a chain
// of stores does not reconnect in lockstep after a broker restart.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max)
      : min_(min), max_(max), current_(min), rng_(std::random_device{}()) {}
  std::chrono::milliseconds next() {
    auto lo = current_.count() / 2;
    auto wait = std::chrono::milliseconds(std::uniform_int_distribution<long>(lo, current_.count())(rng_));
    current_ = std::min(max_, current_ * 2);
    return wait;
  }
  void reset() { current_ = min_; }

 private:
  std::chrono::milliseconds min_, max_, current_;
  std::mt19937_64 rng_;
};

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace

Status check_agent_options(const AgentOptions& o) {
  const auto& uri = o.broker.uri;
  auto scheme = uri.substr(0, uri.find("://"));
  if (scheme == "tcp" || scheme == "mqtt" || scheme == "ws") {
    if (!o.allow_plaintext)
      return fail(ErrorKind::invalid_input,
                  "broker.uri: '" + scheme +
                      "://' is plaintext (no TLS, no client certificate): use ssl:// with a certificate, or "
                      "allow plaintext explicitly for development",
                  "sync");
    return ok();
  }
  if (o.broker.ca_file.empty() || o.broker.cert_file.empty() || o.broker.key_file.empty())
    return fail(ErrorKind::invalid_input,
                "broker.ca_file/cert_file/key_file: all three are needed for " + scheme + "://", "sync");
  return ok();
}

StoreAgent::Impl::Impl(AgentOptions o, OutboxPort& ob, DownlinkPort& dl)
    : opt(std::move(o)),
      outbox(ob),
      downlink(dl),
      stage(opt.staging_dir, opt.max_staging_bytes),
      day_closes(opt.day_close_answer_after) {
  if (opt.batch_size == 0) opt.batch_size = 1;
  if (auto usable = check_agent_options(opt); !usable) {
    transport_refused = usable.error().message();
    spdlog::error("sync: not connecting to {}: {}", opt.broker.uri, *transport_refused);
    last_rejection = *transport_refused;
  } else if (opt.allow_plaintext && opt.broker.uri.rfind("ssl://", 0) != 0 && !opt.broker.cert_file.empty()) {
    spdlog::warn("sync: {} is plaintext: broker.cert_file and key_file are not used", opt.broker.uri);
  }
  for (const auto& file : opt.hq_public_key_files)
    if (auto added = verifier.add_key_file(file); !added)
      spdlog::error("sync: HQ public key not loaded, downlink signed with it will be refused: {}",
                    added.error().message());
  if (opt.hq_public_key_files.empty())
    spdlog::warn(
        "sync: no HQ public key configured: downlink messages are applied without checking HQ's "
        "signature (development only)");
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
  link_lost_ms = steady_ms();
  if (!link_down.exchange(true)) {
    ++connection_losses;
    spdlog::warn("sync: connection to {} lost", opt.broker.uri);
  }
  post(detail::Wake{});
}

void StoreAgent::Impl::on_connected() {
  if (down_cli->is_connected() && up_cli->is_connected() && link_down.exchange(false)) ++reconnects;
}

void StoreAgent::Impl::post(detail::AgentMessage m) {
  if (detail::may_drop(m)) {
    if (!inbox.try_put(std::move(m))) spdlog::debug("sync: agent inbox full, a hint was dropped");
    return;
  }
  inbox.put(std::move(m));  // waits for room (kInboxCapacity); fails only once stopped
}

void StoreAgent::Impl::handle(detail::AgentMessage m) {
  std::visit(Overloaded{
                 [](detail::Wake&) {},
                 [this](detail::CloseDay& c) {
                   // Sent in the next connected round; the same day asked twice is sent twice.
                   days_to_close.push_back(std::move(c.day));
                 },
                 [this](detail::ApplyStaged& a) { try_apply(a.version); },
                 [this](detail::ApplyDelta& d) { apply_delta(d); },
                 [this](detail::EventAcks& a) { on_event_acks(a); },
                 [this](detail::DayCloseAnswer& a) { on_day_close_answer(a); },
                 [this](detail::SnapshotAck& a) { queue_uplink(std::move(a)); },
                 [this](detail::ChunkRequest& r) { queue_uplink(std::move(r)); },
             },
             m);
}

void StoreAgent::Impl::take_inbox() {
  for (auto& m : inbox.take_all()) handle(std::move(m));
}

bool StoreAgent::Impl::ensure_connected() {
  if (transport_refused) return false;
  if (down_cli->is_connected() && up_cli->is_connected()) return true;
  try {
    if (!down_cli->is_connected()) {
      auto tok = down_cli->connect(detail::connect_options_for(opt.broker, true, MQTTVERSION_3_1_1));
      if (!tok->wait_for(opt.broker.connect_timeout)) return false;
      // The session persists on the broker, but a first connect needs it made.
      down_cli->subscribe(store_topic(opt.store_id, Direction::down, "#"), 1)
          ->wait_for(opt.broker.connect_timeout);
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

void StoreAgent::Impl::work_once() {
  if (!announced_after_start) {
    announce_after_start();
    announced_after_start = true;
  }
  take_inbox();
  std::vector<std::string> days;
  days.swap(days_to_close);
  for (const auto& day : days) send_day_close(day);
  publish_outgoing();
  drain_outbox();
  reconcile_once_drained();
  request_missing_chunks();
  resend_overdue();
  resend_unanswered_day_closes();
  nightly_check();
}

void StoreAgent::Impl::run() {
  Backoff backoff(opt.reconnect_min, opt.reconnect_max);
  while (!inbox.closed()) {
    if (!ensure_connected()) {
      connected = false;
      std::int64_t none = 0;
      offline_since_ms.compare_exchange_strong(none, steady_ms());
      // Taken now and after each wait, so a producer waiting for room (Paho's
      // thread, with one client still connected) waits one back-off at most.
      take_inbox();
      // Messages do not cut the wait short: every journalled event wakes the
      // agent, and the back-off is what spares the broker.
      if (inbox.wait_closed_for(backoff.next())) break;
      continue;
    }
    if (!connected.exchange(true)) {
      offline_since_ms = 0;
      backoff.reset();
      spdlog::info("sync: connected to {}", opt.broker.uri);
    }
    work_once();
    if (auto m = inbox.get_for(opt.uplink_interval)) handle(std::move(*m));
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
  if (impl_->stopped || impl_->started.exchange(true)) return;
  impl_->worker = std::thread([this] { impl_->run(); });
}

void StoreAgent::stop() {
  if (impl_->stopped.exchange(true)) return;
  impl_->inbox.close();
  if (impl_->worker.joinable()) impl_->worker.join();
  for (auto* cli : {impl_->down_cli.get(), impl_->up_cli.get()}) {
    try {
      if (cli->is_connected()) cli->disconnect()->wait_for(std::chrono::seconds(2));
    } catch (const mqtt::exception&) {
      // Already gone; the broker keeps the session either way.
    }
  }
}

void StoreAgent::wake() {
  impl_->post(detail::Wake{});
}

void StoreAgent::close_day(const std::string& day) {
  impl_->post(detail::CloseDay{day});
}

}  // namespace smartstore::sync
