// HQ ingest: a shared MQTT 5 subscription over every store's uplink. Events are
// committed (idempotent by event id, SQLite or PostgreSQL) before HQ
// acknowledges them to the store.
#include <spdlog/spdlog.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "downlink_signature.h"
#include "envelope_json.h"
#include "hq/chunk_server.h"
#include "hq/hq_store.h"
#include "hq/snapshot_catch_up.h"
#include "mqtt_link.h"
#include "smartstore/sync/day_close.h"
#include "smartstore/sync/hq.h"
#include "smartstore/sync/topics.h"

namespace smartstore::sync {

using nlohmann::json;

namespace {

Failure invalid(std::string message) {
  return fail(ErrorKind::invalid_input, std::move(message), "hq ingest");
}

}  // namespace

struct Ingest::Impl {
  explicit Impl(IngestOptions o) : opt(std::move(o)) {}
  IngestOptions opt;
  std::unique_ptr<detail::HqStore> db;
  std::unique_ptr<mqtt::async_client> sub, pub;
  std::mutex mu;  // the db is used from Paho's callback thread only, but stop() may race it
  std::atomic<bool> subscribed{false};  // start()'s SUBACK granted; reconnects resubscribe
  std::atomic<std::uint64_t> stored{0}, dups{0}, rejected{0}, closes{0};
  // Of chunk servers stopped before (guarded by mu).
  std::uint64_t chunk_answers = 0, chunk_limited = 0, chunks_not_resent = 0;
  EnvelopeLimits limits;
  std::shared_ptr<const detail::DownlinkSigner> signer;  // null: downlink unsigned
  std::string hq_name = "hq";                            // HQ's certificate CN: never a store's id
  std::unique_ptr<detail::ChunkServer> chunks;
  std::unique_ptr<detail::SnapshotCatchUp> catch_up;  // stores that refused a delta
  // Listed member keys, scrubbed from payloads before they are stored; read
  // again each minute so an erasure made at HQ meanwhile counts too.
  std::unordered_set<std::string> erased;
  std::chrono::steady_clock::time_point erased_read{};
  std::unordered_set<std::string> stores_noted;  // in the stores table: erasures go to each

  void send(const std::string& store, std::string_view kind, const json& body) {
    try {
      pub->publish(store_topic(store, Direction::down, kind),
                   detail::make_envelope(store, kind, body, signer.get()), 1, false);
    } catch (const mqtt::exception& e) {
      // The store resends unacknowledged events and repeats its requests.
      spdlog::warn("hq ingest: cannot publish {} to {}: {}", kind, store, e.what());
    }
  }

  Status on_events(const std::string& store, const json& body) {
    auto it = body.find("events");
    if (it == body.end() || !it->is_array() || it->size() > limits.max_list_items)
      return invalid("body.events: missing or too long");
    std::vector<detail::IncomingEvent> events;
    json ids = json::array();
    for (const auto& e : *it) {
      if (!e.is_object()) return invalid("body.events: items must be objects");
      detail::IncomingEvent ev;
      for (auto [key, field] : {std::pair{"event_id", &ev.event_id},
                                {"type", &ev.type},
                                {"day", &ev.day},
                                {"created_at", &ev.created_at},
                                {"payload", &ev.payload}}) {
        auto f = e.find(key);
        if (f == e.end() || !f->is_string())
          return invalid(std::string("body.events[].") + key + ": missing or not a string");
        *field = f->get<std::string>();
      }
      if (ev.event_id.empty()) return invalid("body.events[].event_id: empty");
      ids.push_back(ev.event_id);
      events.push_back(std::move(ev));
    }
    scrub_erased(events);
    auto counts = db->insert_events(store, events);
    stored += counts.inserted;
    dups += counts.duplicates;
    send(store, content::event_acks, {{"event_ids", ids}});
    list_requests(store, events);
    return ok();
  }

  void scrub_erased(std::vector<detail::IncomingEvent>& events) {
    const auto now = std::chrono::steady_clock::now();
    if (now - erased_read > std::chrono::minutes(1)) {
      erased.clear();
      for (const auto& e : db->erasures()) erased.insert(e.member_key);
      erased_read = now;
    }
    for (auto& e : events)
      if (e.type != detail::kEraseRequestedEvent && e.type != detail::kErasureDoneEvent)
        detail::scrub_erased_keys(e.payload, erased);
  }

  // A member listed at a store's request (staff erased them, or recorded
  // their consent withdrawal): recorded in the list, `also` run, and the
  // list's downlink sent to every other store, once (a redelivery, or a
  // member already listed, was sent when first listed).
  void list_from_store(const std::string& store, const std::vector<detail::IncomingEvent>& events,
                       std::string_view type, bool (detail::HqStore::*record)(const detail::ErasureRecord&),
                       std::string_view downlink,
                       const std::function<std::string(const std::string&)>& also) {
    for (const auto& e : events) {
      if (e.type != type) continue;
      auto request = detail::erase_request_of(store, e);
      if (!request) {
        spdlog::warn("hq ingest: store {}: {}", store, request.error().message());
        continue;
      }
      if (!((*db).*record)(*request)) continue;
      const std::string done = also(request->member_key);
      auto body = json::parse(detail::erasures_body(request->request_id, {request->member_key}));
      std::size_t sent = 0;
      for (const auto& other : db->store_ids())
        if (other != store) {
          send(other, downlink, body);
          ++sent;
        }
      spdlog::info("hq ingest: store {} {}: listed{}, sent to {} stores", store, type, done, sent);
    }
  }

  void list_requests(const std::string& store, const std::vector<detail::IncomingEvent>& events) {
    list_from_store(store, events, detail::kEraseRequestedEvent, &detail::HqStore::record_erasure,
                    content::erasures, [&](const std::string& key) {
                      erased.insert(key);
                      return ", " + std::to_string(db->scrub_member(key)) + " stored events scrubbed";
                    });
    list_from_store(store, events, detail::kConsentWithdrawalRequestedEvent,
                    &detail::HqStore::record_consent_withdrawal, content::consent_withdrawals,
                    [](const std::string&) { return std::string(); });
  }

  Status on_snapshot_ack(const std::string& store, const json& body) {
    const auto version = body.value("version", std::int64_t{0});
    const bool applied = body.value("applied", false);
    db->record_snapshot_ack(store, version, applied, body.value("error", std::string()));
    // A refused delta names its base: the store gets what it needs after the
    // refusal is recorded (its acknowledged version is what the fix starts from).
    if (auto base = body.find("base_version"); !applied && base != body.end() && base->is_number_integer())
      catch_up->refused_delta(store, base->get<std::int64_t>(), version);
    return ok();
  }

  Status on_day_close(const std::string& store, const json& body) {
    auto day = body.find("day");
    auto types = body.find("types");
    if (day == body.end() || !day->is_string() || types == body.end() || !types->is_array())
      return invalid("body.day/types: missing");
    json answer = json::array();
    for (const auto& t : *types) {
      if (!t.is_object() || !t.contains("type") || !t["type"].is_string())
        return invalid("body.types[].type: missing");
      std::string type = t["type"];
      std::uint64_t count = t.value("count", std::uint64_t{0});
      std::string sha = t.value("ids_sha256", std::string());
      auto held = db->held_ids(store, *day, type);
      db->record_day_close(store, *day, type, count, sha, count > held.size() ? count - held.size() : 0);
      bool match = held.size() == count && day_ids_digest(held) == sha;
      json entry = {{"type", type}, {"count", held.size()}, {"match", match}};
      // The digest that matched goes back: the store confirms only that set,
      // not events it created after sending the day-close.
      if (match)
        entry["ids_sha256"] = sha;
      else
        entry["held_ids"] = held;
      answer.push_back(std::move(entry));
    }
    json reply = {{"day", *day}, {"types", answer}};
    // Echoed so the store can tell this answer from one to an older send of the
    // same day (parse_envelope checked its form; absent from older stores).
    if (auto id = body.find("close_id"); id != body.end()) reply["close_id"] = *id;
    send(store, content::day_close_answer, reply);
    ++closes;
    return ok();
  }

  void on_message(const mqtt::const_message_ptr& msg) {
    const std::string& topic = msg->get_topic();
    Status handled;
    try {
      std::lock_guard lock(mu);
      if (!db || !chunks) return;
      handled = handle(topic, msg->get_payload_str());
    } catch (const std::exception& e) {
      handled = fail(ErrorKind::storage_io, std::string("failed: ") + e.what(), "hq ingest");
    }
    if (!handled) {
      ++rejected;
      spdlog::warn("hq ingest: rejected message on {}: {}", topic, handled.error().message());
    }
  }

  Status connect_and_subscribe(const std::string& topic);

  Status handle(const std::string& topic, const std::string& payload) {
    std::string store = store_of_topic(topic);
    // Used in paths (snapshots_root/<store>) and topics: checked first.
    if (!valid_store_id(store)) return invalid("topic's store id is not 1-32 of A-Z a-z 0-9 - _");
    // Only HQ's own certificate may use its name, and HQ sends no uplink.
    if (store == hq_name)
      return fail(ErrorKind::forbidden, "store id '" + store + "' is HQ's certificate name", "hq ingest");
    // The envelope must name the store whose topic (and, with TLS, whose
    // certificate) it came in on.
    auto parsed = detail::parse_envelope(payload, store, limits);
    if (!parsed) return parsed.error();
    if (stores_noted.insert(store).second) db->note_store(store);
    const auto& type = parsed->meta.content_type;
    const auto& body = parsed->body;
    if (type == content::events) return on_events(store, body);
    if (type == content::day_close) return on_day_close(store, body);
    if (type == content::chunk_request) return chunks->request(store, body);
    if (type == content::snapshot_ack) return on_snapshot_ack(store, body);
    return invalid("content type '" + type + "' is not an uplink type");
  }
};

Ingest::Ingest(IngestOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Ingest::~Ingest() {
  stop();
  // Clients first: their callbacks use the other members.
  impl_->sub.reset();
  impl_->pub.reset();
}

namespace {

// Granted, or what the broker answered. A SUBACK can refuse (ACL, no shared
// subscriptions): "started" must mean the broker routes uplink to this group,
// or stores' first events are PUBACKed and dropped. A refusal is forbidden
// (configuration: not retried); anything else is unavailable (retried).
Status check_suback(const mqtt::token_ptr& tok, const std::string& topic, std::chrono::milliseconds timeout) {
  try {
    // Paho C fails the token on a SUBACK failure code (>= 0x80). Its C++ 1.2
    // subscribe_response holds garbage for one topic on MQTT 5, so the
    // success path's reason codes are not read. (mosquitto 2.0 grants a
    // SUBSCRIBE its acl_file denies and filters at delivery instead.)
    if (!tok->wait_for(timeout))
      return fail(ErrorKind::unavailable,
                  "no SUBACK for " + topic + " within " + std::to_string(timeout.count()) + " ms",
                  "hq ingest");
  } catch (const mqtt::exception& e) {
    if (static_cast<int>(e.get_reason_code()) >= 0x80)
      return fail(ErrorKind::forbidden, "broker refused " + topic + ": " + e.what(), "hq ingest");
    // e.g. the connection dropped
    return fail(ErrorKind::unavailable, "subscribing to " + topic + " failed: " + e.what(), "hq ingest");
  }
  return ok();
}

}  // namespace

// Both connects in flight at once: each Paho client in a process takes about
// a second to connect, and until the SUBACK every uplink message the broker
// receives is lost to HQ.
Status Ingest::Impl::connect_and_subscribe(const std::string& topic) {
  const auto timeout = opt.broker.connect_timeout;
  auto sub_opts = detail::connect_options_for(opt.broker, true, MQTTVERSION_5);
  sub_opts.set_automatic_reconnect(std::chrono::seconds(1), std::chrono::seconds(30));
  auto pub_opts = detail::connect_options_for(opt.broker, false, MQTTVERSION_3_1_1);
  pub_opts.set_automatic_reconnect(std::chrono::seconds(1), std::chrono::seconds(30));
  auto unavailable = [](std::string what) {
    return fail(ErrorKind::unavailable, "cannot connect/subscribe: " + std::move(what), "hq ingest");
  };
  try {
    mqtt::token_ptr sub_conn, pub_conn;
    if (!sub->is_connected()) sub_conn = sub->connect(sub_opts);
    if (!pub->is_connected()) pub_conn = pub->connect(pub_opts);
    if (sub_conn && !sub_conn->wait_for(timeout)) return unavailable("subscriber connect timed out");
    if (!subscribed) {
      auto granted = check_suback(sub->subscribe(topic, 1), topic, timeout);
      if (!granted && granted.error().kind() != ErrorKind::forbidden)
        return unavailable(granted.error().message());
      if (!granted) return granted;
      subscribed = true;
    }
    if (pub_conn && !pub_conn->wait_for(timeout))
      return unavailable("acknowledgement publisher connect timed out");
  } catch (const std::exception& e) {
    return unavailable(e.what());
  }
  return ok();
}

Status Ingest::start() {
  auto& i = *impl_;
  if (!i.opt.signing_key_file.empty()) {
    auto signer = detail::DownlinkSigner::load(i.opt.signing_key_file);
    if (!signer) return signer.error();
    i.signer = std::move(*signer);
  }
  if (!i.opt.broker.cert_file.empty()) {
    auto cn = detail::certificate_cn(i.opt.broker.cert_file);
    if (!cn) return cn.error();
    i.hq_name = *cn;
  }
  i.chunks = std::make_unique<detail::ChunkServer>(
      i.opt.snapshots_root,
      detail::ChunkServer::Limits{i.opt.chunks_per_store_per_minute, i.opt.chunk_resend_after},
      [&i](const std::string& store, std::string_view kind, const json& body) { i.send(store, kind, body); });
  i.catch_up = std::make_unique<detail::SnapshotCatchUp>(detail::SnapshotCatchUp::Options{
      i.opt.broker, i.opt.db.string(), i.opt.snapshots_root, i.opt.signing_key_file});
  try {
    i.db = detail::open_hq_store(i.opt.db.string());
  } catch (const std::exception& e) {
    return fail(ErrorKind::storage_io, e.what(), "hq ingest");
  }
  std::string id = i.opt.broker.client_id.empty() ? "smartstore-hq-ingest" : i.opt.broker.client_id;
  i.sub = detail::make_client(i.opt.broker, id, MQTTVERSION_5);
  i.pub = detail::make_client(i.opt.broker, id + "-acks", MQTTVERSION_3_1_1);
  i.sub->set_message_callback([&i](mqtt::const_message_ptr m) { i.on_message(m); });
  // Paho's own reconnect keeps the persistent session; the broker queues
  // uplink for us meanwhile.
  std::string topic = "$share/" + i.opt.share_group + "/" + all_stores_uplink("#");
  // Subscribing again on every REconnect: a broker restart may not restore
  // shared subscriptions even when it restores the session. The first
  // subscription is start()'s own, checked in connect_and_subscribe.
  i.sub->set_connected_handler([&i, topic](const std::string&) {
    if (!i.subscribed) return;
    try {
      i.sub->subscribe(topic, 1);
    } catch (const mqtt::exception& e) {
      spdlog::warn("hq ingest: resubscribe failed: {}", e.what());
    }
  });
  Status connected;
  // A few attempts: a broker that has just started may refuse the first connect.
  for (int attempt = 0; attempt < 5; ++attempt) {
    connected = i.connect_and_subscribe(topic);
    if (connected) return connected;
    if (connected.error().kind() == ErrorKind::forbidden) {
      // Configuration (ACL, a broker without shared subscriptions), not a
      // broker still starting: not retried.
      try {
        i.sub->disconnect()->wait_for(std::chrono::seconds(2));
      } catch (const mqtt::exception&) {
      }
      return connected;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  return connected;
}

void Ingest::stop() {
  auto& i = *impl_;
  {  // its thread publishes through i.pub: stopped first
    std::lock_guard lock(i.mu);
    if (i.chunks) {
      i.chunk_answers += i.chunks->answered();
      i.chunk_limited += i.chunks->limited();
      i.chunks_not_resent += i.chunks->in_flight();
    }
    i.chunks.reset();
  }
  i.catch_up.reset();
  for (auto* cli : {i.sub.get(), i.pub.get()}) {
    if (!cli) continue;
    try {
      if (cli->is_connected()) cli->disconnect()->wait_for(std::chrono::seconds(2));
    } catch (const mqtt::exception&) {
    }
  }
  std::lock_guard lock(i.mu);
  i.db.reset();
}

IngestStats Ingest::stats() const {
  auto& i = *impl_;
  std::lock_guard lock(i.mu);
  return {i.stored,
          i.dups,
          i.rejected,
          i.closes,
          i.chunk_answers + (i.chunks ? i.chunks->answered() : 0),
          i.chunk_limited + (i.chunks ? i.chunks->limited() : 0),
          i.chunks_not_resent + (i.chunks ? i.chunks->in_flight() : 0)};
}

}  // namespace smartstore::sync
