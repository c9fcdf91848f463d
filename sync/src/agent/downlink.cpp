// Downlink, on Paho's callback thread: every message is decoded and checked;
// documents are applied through the DownlinkPort, and what changes the
// worker's state (acks, day-close answers, snapshot progress) is handed to it.
// A refused message is logged and counted, and the cache left as it was.
#include <spdlog/spdlog.h>

#include <chrono>

#include "agent/agent_impl.h"
#include "envelope_json.h"
#include "smartstore/sync/topics.h"

namespace smartstore::sync {

using nlohmann::json;

namespace {

std::string kind_of(const std::string& topic, const std::string& store) {
  std::string prefix = store_topic(store, Direction::down, "");
  if (topic.compare(0, prefix.size(), prefix) != 0) return {};
  return topic.substr(prefix.size());
}

bool get_int(const json& body, const char* key, std::int64_t& out) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_number_integer()) return false;
  out = it->get<std::int64_t>();
  return true;
}

std::vector<std::string> strings(const json& arr) {
  std::vector<std::string> out;
  out.reserve(arr.size());
  for (const auto& v : arr) out.push_back(v.get<std::string>());
  return out;
}

Failure invalid(std::string message) {
  return fail(ErrorKind::invalid_input, std::move(message), "downlink");
}

Status not_applied(const std::string& type, Status done) {
  if (done) return done;
  return done.error().context(type + " not applied");
}

Result<detail::DayCloseAnswer> parse_day_close_answer(const json& body) {
  auto day = body.find("day");
  auto types = body.find("types");
  if (day == body.end() || !day->is_string() || types == body.end() || !types->is_array())
    return invalid("body.day/types: missing");
  detail::DayCloseAnswer answer;
  answer.day = day->get<std::string>();
  // parse_envelope checked its form; absent when HQ predates close ids.
  if (auto id = body.find("close_id"); id != body.end() && id->is_string())
    answer.close_id = id->get<std::string>();
  for (const auto& t : *types) {
    if (!t.is_object() || !t.contains("type") || !t["type"].is_string())
      return invalid("body.types: items need a type");
    detail::DayCloseAnswerType entry;
    entry.type = t["type"].get<std::string>();
    entry.match = t.value("match", false);
    if (entry.match) {
      entry.ids_sha256 = t.value("ids_sha256", std::string());
    } else {
      auto held = t.find("held_ids");
      if (held == t.end() || !held->is_array()) return invalid("body.types[].held_ids: missing");
      for (const auto& h : *held)
        if (h.is_string()) entry.held_ids.push_back(h.get<std::string>());
    }
    answer.types.push_back(std::move(entry));
  }
  return answer;
}

}  // namespace

void StoreAgent::Impl::reject(const std::string& topic, const std::string& reason) {
  ++downlink_rejected;
  spdlog::warn("sync: rejected downlink message on {}: {}", topic, reason);
  std::lock_guard lock(rejection_mu);
  last_rejection = reason;
}

void StoreAgent::Impl::on_message(const mqtt::const_message_ptr& msg) {
  const std::string& topic = msg->get_topic();
  try {
    std::string kind = kind_of(topic, opt.store_id);
    if (kind.empty()) return reject(topic, "topic is not this store's downlink");
    auto parsed = detail::parse_envelope(msg->get_payload_str(), opt.store_id, opt.limits);
    if (!parsed) return reject(topic, parsed.error().message());
    if (parsed->meta.content_type != kind)
      return reject(topic, "content_type '" + parsed->meta.content_type + "' does not match the topic");
    // Before anything is applied or staged: only HQ holds the signing key.
    if (!opt.hq_public_key_files.empty())
      if (auto signed_by_hq = verifier.verify(parsed->meta, parsed->body, parsed->signature); !signed_by_hq) {
        ++downlink_unverified;
        return reject(topic, signed_by_hq.error().message());
      }
    if (auto handled = handle(kind, parsed->body); !handled) return reject(topic, handled.error().message());
  } catch (const std::exception& e) {
    // Paho must never see an exception; a port failure is logged and the
    // message counted as refused (HQ resends or the store re-requests).
    reject(topic, std::string("failed to apply: ") + e.what());
  }
}

Status StoreAgent::Impl::handle(const std::string& type, const json& body) {
  if (type == content::snapshot_manifest) return handle_manifest(body);
  if (type == content::snapshot_chunk) return handle_chunk(body);
  if (type == content::delta) return handle_delta(body);
  if (type == content::event_acks) return handle_event_acks(body);
  if (type == content::day_close_answer) return handle_day_close_answer(body);
  auto done = handle_document(type, body);
  if (!done) return done.error();
  ++downlink_applied;
  spdlog::info("sync: applied {}", type);
  return ok();
}

Status StoreAgent::Impl::handle_document(const std::string& type, const json& body) {
  if (type == content::campaigns || type == content::catalog || type == content::coupon_key) {
    const char* key = type == content::campaigns ? "campaigns" : type == content::catalog ? "catalog" : "key";
    auto it = body.find(key);
    if (it == body.end()) return invalid(std::string("body.") + key + ": missing");
    std::lock_guard lock(port_mu);
    return not_applied(type, (type == content::campaigns ? downlink.apply_campaigns(it->dump())
                              : type == content::catalog ? downlink.apply_catalog(it->dump())
                                                         : downlink.rotate_coupon_key(it->dump())));
  }
  if (type == content::revocations) {
    if (auto listed = detail::check_string_list(body, "coupon_ids", opt.limits.max_list_items); !listed)
      return listed;
    std::lock_guard lock(port_mu);
    return not_applied(type, downlink.revoke_coupons(strings(body["coupon_ids"])));
  }
  if (type == content::aliases) {
    auto it = body.find("aliases");
    if (it == body.end() || !it->is_array() || it->size() > opt.limits.max_list_items)
      return invalid("body.aliases: missing, not an array or too long");
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& p : *it) {
      if (!p.is_array() || p.size() != 2 || !p[0].is_string() || !p[1].is_string())
        return invalid("body.aliases: items must be [old_key, new_key]");
      pairs.emplace_back(p[0].get<std::string>(), p[1].get<std::string>());
    }
    std::lock_guard lock(port_mu);
    return not_applied(type, downlink.apply_aliases(pairs));
  }
  if (type == content::consent_withdrawals) {
    if (auto listed = detail::check_string_list(body, "member_keys", opt.limits.max_list_items); !listed)
      return listed;
    auto rid = body.find("request_id");
    if (rid == body.end() || !rid->is_string()) return invalid("body.request_id: missing or not a string");
    std::lock_guard lock(port_mu);
    return not_applied(type,
                       downlink.withdraw_consent(rid->get<std::string>(), strings(body["member_keys"])));
  }
  if (type == content::erasures) {
    if (auto listed = detail::check_string_list(body, "member_keys", opt.limits.max_list_items); !listed)
      return listed;
    auto rid = body.find("request_id");
    if (rid == body.end() || !rid->is_string()) return invalid("body.request_id: missing or not a string");
    Status done;
    {
      std::lock_guard lock(port_mu);
      done = not_applied(type, downlink.erase_members(rid->get<std::string>(), strings(body["member_keys"])));
    }
    post(detail::Wake{});  // the erasure_done events are in the outbox now
    return done;
  }
  return invalid("content type '" + type + "' is not a downlink type");
}

Status StoreAgent::Impl::handle_manifest(const json& body) {
  auto text = body.find("manifest");
  if (text == body.end() || !text->is_string()) return invalid("body.manifest: missing or not a string");
  auto m = models::decode_manifest(text->get_ref<const std::string&>());
  if (!m) return invalid("manifest: " + m.error().message());
  if (m->store_id != opt.store_id)
    return invalid("manifest.store_id: '" + m->store_id + "' is not this store");
  std::int64_t v = m->version;
  if (v > latest_offered_version) latest_offered_version = v;
  std::int64_t current;
  {
    std::lock_guard lock(port_mu);
    current = downlink.snapshot_version();
  }
  if (v <= current) {
    // A redelivery or an old version: nothing to apply, but say again what we hold.
    post(detail::SnapshotAck{current, true, "already at this version", {}, -1});
    return ok();
  }
  stage.put_manifest(*m, text->get<std::string>());
  // Paho delivers every client's messages (and keeps their connections alive)
  // on one thread per process: applying a large snapshot here would stall
  // them all, so the worker applies it.
  post(detail::ApplyStaged{v});
  return ok();
}

Status StoreAgent::Impl::handle_chunk(const json& body) {
  std::int64_t version = 0, index = 0;
  if (!get_int(body, "version", version)) return invalid("body.version: missing or not an integer");
  if (!get_int(body, "index", index) || index < 0 || index > 1'000'000)
    return invalid("body.index: missing or out of range");
  auto sha = body.find("sha256");
  if (sha == body.end() || !sha->is_string()) return invalid("body.sha256: missing or not a string");
  auto data = body.find("data");
  if (data == body.end() || !data->is_string()) return invalid("body.data: missing or not a string");
  ++chunks_received;
  chunk_bytes_received += data->get_ref<const std::string&>().size();
  {
    std::lock_guard lock(port_mu);
    if (version <= downlink.snapshot_version()) return ok();  // late redelivery of an applied version
  }
  auto stored = stage.put_chunk(version, static_cast<std::uint32_t>(index), sha->get<std::string>(),
                                data->get_ref<const std::string&>());
  if (!stored) {
    // Corrupt in transit: ask for it again now rather than after the timeout.
    // Not announced or over budget: asking again would bring the same.
    if (stored.error().kind() == ErrorKind::invalid_input) {
      post(detail::ChunkRequest{version, {static_cast<std::uint32_t>(index)}, stored.error().message()});
      ++chunk_requests;
    }
    return stored.error().context("snapshot v" + std::to_string(version));
  }
  post(detail::ApplyStaged{version});
  return ok();
}

void StoreAgent::Impl::try_apply(std::int64_t version) {
  auto complete = stage.take_if_complete(version);
  if (!complete) return;
  spdlog::info("sync: snapshot v{} staged and verified, applying {} profiles", version,
               complete->manifest.record_count);
  Status done;
  const auto apply_started = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(port_mu);
    if (version > downlink.snapshot_version())
      done = downlink.apply_snapshot(complete->manifest, *complete->chunks);
  }
  // Applied or not, the staged copy goes: on failure the old snapshot stays
  // and HQ's next publish starts clean.
  stage.remove(version);
  if (done) {
    ++downlink_applied;
    spdlog::info("sync: snapshot v{} applied ({} profiles, {:.2f} s)", version,
                 complete->manifest.record_count,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - apply_started).count());
    queue_uplink(detail::SnapshotAck{
        version, true, {}, {}, static_cast<std::int64_t>(complete->manifest.record_count)});
  } else {
    reject("snapshot v" + std::to_string(version), "apply failed: " + done.error().message());
    queue_uplink(detail::SnapshotAck{version, false, {}, done.error().message(), -1});
  }
}

Status StoreAgent::Impl::handle_delta(const json& body) {
  std::int64_t base = 0, version = 0;
  if (!get_int(body, "base_version", base) || !get_int(body, "version", version) || version <= base)
    return invalid("body.base_version/version: missing, or version not after base");
  if (auto listed = detail::check_string_list(body, "removed", opt.limits.max_list_items); !listed)
    return listed;
  if (auto listed = detail::check_string_list(body, "upserts", opt.limits.max_list_items); !listed)
    return listed;
  std::vector<models::CustomerProfile> upserts;
  for (const auto& line : body["upserts"]) {
    auto p = models::decode_profile(line.get_ref<const std::string&>());
    if (!p) return invalid("body.upserts: " + p.error().message());
    upserts.push_back(std::move(*p));
  }
  if (version > latest_offered_version) latest_offered_version = version;
  {
    std::lock_guard lock(port_mu);
    if (downlink.snapshot_version() >= version) return ok();  // redelivery
  }
  post(detail::ApplyDelta{base, version, std::move(upserts), strings(body["removed"])});
  return ok();
}

void StoreAgent::Impl::apply_delta(detail::ApplyDelta& d) {
  Status done;
  const auto apply_started = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(port_mu);
    if (downlink.snapshot_version() >= d.version) return;  // a redelivery queued twice
    done = downlink.apply_delta(d.base_version, d.version, d.upserts, d.removed);
  }
  if (done) {
    ++downlink_applied;
    spdlog::info("sync: delta v{} -> v{} applied ({} upserts, {} removed, {:.2f} s)", d.base_version,
                 d.version, d.upserts.size(), d.removed.size(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - apply_started).count());
  } else {
    reject("delta v" + std::to_string(d.base_version) + " -> v" + std::to_string(d.version),
           "not applied: " + done.error().message());
  }
  // Refused: the base names what HQ must send instead (a delta from what this store holds).
  queue_uplink(detail::SnapshotAck{d.version,
                                   static_cast<bool>(done),
                                   {},
                                   done ? std::string() : done.error().message(),
                                   -1,
                                   d.base_version});
}

Status StoreAgent::Impl::handle_event_acks(const json& body) {
  if (auto listed = detail::check_string_list(body, "event_ids", opt.limits.max_list_items); !listed)
    return listed;
  post(detail::EventAcks{strings(body["event_ids"])});
  return ok();
}

Status StoreAgent::Impl::handle_day_close_answer(const json& body) {
  auto answer = parse_day_close_answer(body);
  if (!answer) return answer.error();
  post(std::move(*answer));
  return ok();
}

}  // namespace smartstore::sync
