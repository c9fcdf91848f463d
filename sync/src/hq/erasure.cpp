// HQ's erasure list: recorded, exported for the batch, sent to stores.
#include "smartstore/sync/erasure.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "hq/hq_store.h"
#include "smartstore/common/private_file.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/models/member_key.h"
#include "smartstore/sync/envelope.h"
#include "smartstore/sync/hq.h"

namespace smartstore::sync {
namespace {

using nlohmann::json;
constexpr const char* kOrigin = "hq erasure";

// (store, member) pairs whose erasure the store has confirmed.
std::set<std::pair<std::string, std::string>> confirmed(detail::HqStore& store) {
  std::set<std::pair<std::string, std::string>> out;
  for (const char* type : {detail::kErasureDoneEvent, detail::kEraseRequestedEvent})
    store.each_event(type, [&](const detail::StoredEvent& e) {
      auto p = json::parse(e.payload, nullptr, false);
      if (p.is_object() && p.contains("member_key") && p["member_key"].is_string())
        out.emplace(e.store_id, p["member_key"].get<std::string>());
    });
  return out;
}

}  // namespace

namespace detail {

Result<ErasureRecord> erase_request_of(const std::string& store, const IncomingEvent& e) {
  auto p = json::parse(e.payload, nullptr, false);
  if (p.is_discarded() || !p.is_object())
    return fail(ErrorKind::invalid_input, "event " + e.event_id + ": payload is not a JSON object", kOrigin);
  ErasureRecord r{p.value("member_key", ""), p.value("request_id", e.event_id), store,
                  p.value("requested_at", e.created_at)};
  if (!models::is_member_key(r.member_key))
    return fail(ErrorKind::invalid_input, "event " + e.event_id + ": payload.member_key is not a member key",
                kOrigin);
  return r;
}

std::string erasures_body(const std::string& request_id, const std::vector<std::string>& member_keys) {
  return json{{"request_id", request_id}, {"member_keys", member_keys}}.dump();
}

bool scrub_erased_keys(std::string& payload, const std::unordered_set<std::string>& erased) {
  if (erased.empty()) return false;
  bool changed = false;
  std::string out;
  out.reserve(payload.size());
  for (std::size_t i = 0; i < payload.size();) {
    std::size_t j = i;
    while (j < payload.size() && models::is_member_key_digit(payload[j])) ++j;
    if (j == i) {
      out += payload[i++];
      continue;
    }
    std::string_view run(payload.data() + i, j - i);
    const bool listed = run.size() == 64 && erased.count(std::string(run)) > 0;
    out += listed ? std::string_view("erased") : run;
    changed |= listed;
    i = j;
  }
  if (changed) payload = std::move(out);
  return changed;
}

Status write_member_list(const std::filesystem::path& out, const std::string& comment,
                         const std::vector<ErasureRecord>& list) {
  std::string text = comment + "# One member key per line.\n";
  for (const auto& e : list) text += e.member_key + "\n";
  return write_private_file(out, text);
}

Failure db_unavailable(const std::string& db, const std::exception& e, const char* origin) {
  return fail(ErrorKind::unavailable, db_for_logs(db) + ": not a usable HQ database (" + e.what() + ")",
              origin);
}

Result<MemberListing> list_member(const EraseOptions& o, const std::string& member_key,
                                  const MemberList& list, const std::function<void(HqStore&)>& also) {
  if (!models::is_member_key(member_key))
    return fail(ErrorKind::invalid_input, "--member: expected a member key (64 lower-case hex digits)",
                list.origin);
  MemberListing out;
  ErasureRecord record{member_key, new_message_id(), "hq", utc_now_iso8601()};
  std::vector<std::string> stores;
  try {
    auto store = open_hq_store(o.db);
    out.newly_listed = ((*store).*list.record)(record);
    if (!out.newly_listed)
      for (const auto& e : ((*store).*list.listed)())
        if (e.member_key == member_key) record = e;  // stores see the first request's id again
    if (also) also(*store);
    stores = store->store_ids();
  } catch (const std::exception& e) {
    return db_unavailable(o.db, e, list.origin);
  }
  if (o.broker.uri.empty()) return out;
  std::vector<StoreDocument> docs;
  for (const auto& s : stores) docs.push_back({s, erasures_body(record.request_id, {member_key})});
  auto sent = publish_documents(o.broker, std::string(list.content_type), docs, o.signing_key_file);
  if (!sent) return sent.error();
  out.stores_sent = std::move(stores);
  return out;
}

}  // namespace detail

Result<EraseOutcome> erase_member(const EraseOptions& o, const std::string& member_key) {
  EraseOutcome out;
  auto listed = detail::list_member(
      o, member_key,
      {&detail::HqStore::record_erasure, &detail::HqStore::erasures, content::erasures, kOrigin},
      [&](detail::HqStore& store) { out.events_scrubbed = store.scrub_member(member_key); });
  if (!listed) return listed.error();
  out.newly_listed = listed->newly_listed;
  out.stores_sent = std::move(listed->stores_sent);
  return out;
}

Result<std::size_t> export_erasures(const std::string& db, const std::filesystem::path& out) {
  std::vector<detail::ErasureRecord> list;
  try {
    list = detail::open_hq_store(db, true)->erasures();
  } catch (const std::exception& e) {
    return detail::db_unavailable(db, e, kOrigin);
  }
  if (auto written = detail::write_member_list(
          out, "# Members erased at HQ or in a store (smartstore-hq erasures): never in a batch's output.\n",
          list);
      !written)
    return written.error();
  return list.size();
}

Result<ErasureResend> send_unconfirmed_erasures(const EraseOptions& o) {
  ErasureResend out;
  std::vector<StoreDocument> docs;  // one per store: every member it has yet to confirm
  try {
    auto store = detail::open_hq_store(o.db);
    auto list = store->erasures();
    out.listed = list.size();
    if (list.empty()) return out;
    auto done = confirmed(*store);
    for (const auto& s : store->store_ids()) {
      std::vector<std::string> keys;
      for (const auto& e : list)
        if (done.count({s, e.member_key}) == 0) keys.push_back(e.member_key);
      if (keys.empty()) continue;
      out.members_sent += keys.size();
      docs.push_back({s, detail::erasures_body("nightly-" + new_message_id(), keys)});
    }
  } catch (const std::exception& e) {
    return detail::db_unavailable(o.db, e, kOrigin);
  }
  if (docs.empty() || o.broker.uri.empty()) return out;
  auto sent = publish_documents(o.broker, std::string(content::erasures), docs, o.signing_key_file);
  if (!sent) return sent.error();
  out.stores_sent = docs.size();
  return out;
}

}  // namespace smartstore::sync
