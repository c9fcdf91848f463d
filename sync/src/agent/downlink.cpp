// Downlink: every message is decoded, checked and applied through the
// DownlinkPort, or refused with a logged reason and the cache left as it was.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "agent/agent_impl.h"
#include "envelope_json.h"
#include "smartstore/sync/day_close.h"
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
    if (!parsed.value) return reject(topic, parsed.error);
    if (parsed.value->meta.content_type != kind)
      return reject(topic, "content_type '" + parsed.value->meta.content_type + "' does not match the topic");
    std::string error = handle(kind, parsed.value->body);
    if (!error.empty()) return reject(topic, error);
  } catch (const std::exception& e) {
    // Paho must never see an exception; a port failure is logged and the
    // message counted as refused (HQ resends or the store re-requests).
    reject(topic, std::string("failed to apply: ") + e.what());
  }
}

std::string StoreAgent::Impl::handle(const std::string& type, const json& body) {
  if (type == content::snapshot_manifest) return handle_manifest(body);
  if (type == content::snapshot_chunk) return handle_chunk(body);
  if (type == content::delta) return handle_delta(body);
  if (type == content::event_acks) return handle_event_acks(body);
  if (type == content::day_close_answer) return handle_day_close_answer(body);

  ApplyOutcome outcome;
  if (type == content::campaigns || type == content::catalog || type == content::coupon_key) {
    const char* key = type == content::campaigns ? "campaigns" : type == content::catalog ? "catalog" : "key";
    auto it = body.find(key);
    if (it == body.end()) return std::string("body.") + key + ": missing";
    std::lock_guard lock(port_mu);
    outcome = type == content::campaigns ? downlink.apply_campaigns(it->dump())
              : type == content::catalog ? downlink.apply_catalog(it->dump())
                                         : downlink.rotate_coupon_key(it->dump());
  } else if (type == content::revocations) {
    if (auto e = detail::check_string_list(body, "coupon_ids", opt.limits.max_list_items); !e.empty()) return e;
    std::lock_guard lock(port_mu);
    outcome = downlink.revoke_coupons(strings(body["coupon_ids"]));
  } else if (type == content::aliases) {
    auto it = body.find("aliases");
    if (it == body.end() || !it->is_array() || it->size() > opt.limits.max_list_items)
      return "body.aliases: missing, not an array or too long";
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& p : *it) {
      if (!p.is_array() || p.size() != 2 || !p[0].is_string() || !p[1].is_string())
        return "body.aliases: items must be [old_key, new_key]";
      pairs.emplace_back(p[0].get<std::string>(), p[1].get<std::string>());
    }
    std::lock_guard lock(port_mu);
    outcome = downlink.apply_aliases(pairs);
  } else if (type == content::erasures) {
    if (auto e = detail::check_string_list(body, "member_keys", opt.limits.max_list_items); !e.empty()) return e;
    auto rid = body.find("request_id");
    if (rid == body.end() || !rid->is_string()) return "body.request_id: missing or not a string";
    {
      std::lock_guard lock(port_mu);
      outcome = downlink.erase_members(rid->get<std::string>(), strings(body["member_keys"]));
    }
    wake();  // the erasure_done events are in the outbox now
  } else {
    return "content type '" + type + "' is not a downlink type";
  }
  if (!outcome.applied) return type + " not applied: " + outcome.error;
  ++downlink_applied;
  spdlog::info("sync: applied {}", type);
  return {};
}

std::string StoreAgent::Impl::handle_manifest(const json& body) {
  auto text = body.find("manifest");
  if (text == body.end() || !text->is_string()) return "body.manifest: missing or not a string";
  auto m = models::decode_manifest(text->get_ref<const std::string&>());
  if (!m.ok()) return "manifest: " + m.error->where + ": " + m.error->message;
  if (m.value->store_id != opt.store_id) return "manifest.store_id: '" + m.value->store_id + "' is not this store";
  std::int64_t v = m.value->version;
  if (v > latest_offered_version) latest_offered_version = v;
  std::int64_t current;
  {
    std::lock_guard lock(port_mu);
    current = downlink.snapshot_version();
  }
  if (v <= current) {
    // A redelivery or an old version: nothing to apply, but say again what we hold.
    queue_up(content::snapshot_ack, {{"version", current}, {"applied", true}, {"note", "already at this version"}});
    return {};
  }
  stage.put_manifest(*m.value, text->get<std::string>());
  schedule_apply(v);
  return {};
}

std::string StoreAgent::Impl::handle_chunk(const json& body) {
  std::int64_t version = 0, index = 0;
  if (!get_int(body, "version", version)) return "body.version: missing or not an integer";
  if (!get_int(body, "index", index) || index < 0 || index > 1'000'000) return "body.index: missing or out of range";
  auto sha = body.find("sha256");
  if (sha == body.end() || !sha->is_string()) return "body.sha256: missing or not a string";
  {
    std::lock_guard lock(port_mu);
    if (version <= downlink.snapshot_version()) return {};  // late redelivery of an applied version
  }
  std::string error = stage.put_chunk(version, static_cast<std::uint32_t>(index), sha->get<std::string>(),
                                      body["data"].get_ref<const std::string&>());
  if (!error.empty()) {
    // Corrupt in transit: ask for it again now rather than after the timeout.
    queue_up(content::chunk_request, {{"version", version}, {"indices", {index}}, {"reason", error}});
    ++chunk_requests;
    return "snapshot v" + std::to_string(version) + " " + error;
  }
  schedule_apply(version);
  return {};
}

// Paho delivers every client's messages (and keeps their connections alive)
// on one thread per process: applying a large snapshot there would stall them
// all, so the worker thread applies it.
void StoreAgent::Impl::schedule_apply(std::int64_t version) {
  {
    std::lock_guard lock(mu);
    apply_due.insert(version);
  }
  cv.notify_all();
}

void StoreAgent::Impl::try_apply(std::int64_t version) {
  auto complete = stage.take_if_complete(version);
  if (!complete) return;
  spdlog::info("sync: snapshot v{} staged and verified, applying {} profiles", version, complete->manifest.record_count);
  ApplyOutcome outcome;
  const auto apply_started = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(port_mu);
    if (version <= downlink.snapshot_version()) {
      outcome.applied = true;
    } else {
      outcome = downlink.apply_snapshot(complete->manifest, complete->chunks);
    }
  }
  if (outcome.applied) {
    stage.remove(version);
    ++downlink_applied;
    spdlog::info("sync: snapshot v{} applied ({} profiles, {:.2f} s)", version, complete->manifest.record_count,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - apply_started).count());
    queue_up(content::snapshot_ack,
             {{"version", version}, {"applied", true}, {"record_count", complete->manifest.record_count}});
  } else {
    // Keep the old snapshot; drop the staged copy so HQ's next publish starts clean.
    stage.remove(version);
    reject("snapshot v" + std::to_string(version), "apply failed: " + outcome.error);
    queue_up(content::snapshot_ack, {{"version", version}, {"applied", false}, {"error", outcome.error}});
  }
}

std::string StoreAgent::Impl::handle_delta(const json& body) {
  std::int64_t base = 0, version = 0;
  if (!get_int(body, "base_version", base) || !get_int(body, "version", version) || version <= base)
    return "body.base_version/version: missing, or version not after base";
  if (auto e = detail::check_string_list(body, "removed", opt.limits.max_list_items); !e.empty()) return e;
  if (auto e = detail::check_string_list(body, "upserts", opt.limits.max_list_items); !e.empty()) return e;
  std::vector<models::CustomerProfile> upserts;
  for (const auto& line : body["upserts"]) {
    auto p = models::decode_profile(line.get_ref<const std::string&>());
    if (!p.ok()) return "body.upserts: " + p.error->where + ": " + p.error->message;
    upserts.push_back(std::move(*p.value));
  }
  if (version > latest_offered_version) latest_offered_version = version;
  ApplyOutcome outcome;
  {
    std::lock_guard lock(port_mu);
    if (downlink.snapshot_version() >= version) return {};  // redelivery
    outcome = downlink.apply_delta(base, version, upserts, strings(body["removed"]));
  }
  queue_up(content::snapshot_ack, {{"version", version}, {"applied", outcome.applied}, {"error", outcome.error}});
  if (!outcome.applied) return "delta not applied: " + outcome.error;
  ++downlink_applied;
  return {};
}

std::string StoreAgent::Impl::handle_event_acks(const json& body) {
  if (auto e = detail::check_string_list(body, "event_ids", opt.limits.max_list_items); !e.empty()) return e;
  auto ids = strings(body["event_ids"]);
  {
    std::lock_guard lock(port_mu);
    outbox.mark_acknowledged(ids);
  }
  std::lock_guard lock(ack_mu);
  for (const auto& id : ids)
    if (awaiting_hq.erase(id) > 0) ++events_acknowledged;
  return {};
}

std::string StoreAgent::Impl::handle_day_close_answer(const json& body) {
  auto day = body.find("day");
  auto types = body.find("types");
  if (day == body.end() || !day->is_string() || types == body.end() || !types->is_array())
    return "body.day/types: missing";
  // parse_envelope checked its form; absent when HQ predates close ids.
  auto id_field = body.find("close_id");
  const std::string close_id =
      id_field != body.end() && id_field->is_string() ? id_field->get<std::string>() : std::string();
  std::vector<std::string> resend, confirmed, answered_types;
  std::lock_guard lock(port_mu);
  for (const auto& t : *types) {
    if (!t.is_object() || !t.contains("type") || !t["type"].is_string()) return "body.types: items need a type";
    std::string type = t["type"];
    answered_types.push_back(type);
    auto ids = outbox.event_ids_of_day(*day, type);
    if (t.value("match", false)) {
      // HQ holds the set the day-close counted. Events journalled since (not
      // yet published) are not in it: confirming them would mark them
      // acknowledged and they would never be sent. So confirm only when the
      // set is unchanged; otherwise event-acks and the next day-close do it.
      if (t.value("ids_sha256", std::string()) == day_ids_digest(ids))
        confirmed.insert(confirmed.end(), ids.begin(), ids.end());
      continue;
    }
    auto held = t.find("held_ids");
    if (held == t.end() || !held->is_array()) return "body.types[].held_ids: missing";
    std::unordered_map<std::string, bool> at_hq;
    for (const auto& h : *held)
      if (h.is_string()) at_hq[h.get<std::string>()] = true;
    for (auto& id : ids) (at_hq.count(id) ? confirmed : resend).push_back(std::move(id));
  }
  if (!confirmed.empty()) outbox.mark_acknowledged(confirmed);
  if (!resend.empty()) {
    outbox.mark_for_resend(resend);
    events_resent += resend.size();
    spdlog::info("sync: day-close {}: HQ misses {} events, resending", day->get<std::string>(), resend.size());
    wake();
  }
  std::lock_guard alock(ack_mu);
  std::sort(answered_types.begin(), answered_types.end());
  // What an older answer found is still applied above (confirmations are
  // digest-checked, resends are idempotent); only whether the day is answered
  // depends on which send this answers.
  if (auto it = day_closes_unanswered.find(day->get<std::string>()); it != day_closes_unanswered.end()) {
    const bool answers_last_send =
        close_id.empty() ? it->second.types == answered_types : close_id == it->second.close_id;
    if (answers_last_send)
      day_closes_unanswered.erase(it);
    else
      spdlog::info("sync: day-close {}: answer to an earlier send, still waiting for close id {}",
                   day->get<std::string>(), it->second.close_id);
  }
  for (const auto& id : confirmed)
    if (awaiting_hq.erase(id) > 0) ++events_acknowledged;
  return {};
}

}  // namespace smartstore::sync
