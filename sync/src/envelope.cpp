#include <openssl/rand.h>

#include <ctime>

#include "envelope_json.h"
#include "smartstore/sync/day_close.h"

namespace smartstore::sync {
namespace {

using nlohmann::json;

bool known_content_type(std::string_view t) {
  for (std::string_view k :
       {content::snapshot_manifest, content::snapshot_chunk, content::delta, content::campaigns, content::catalog,
        content::coupon_key, content::revocations, content::aliases, content::erasures, content::event_acks,
        content::day_close_answer, content::events, content::snapshot_ack, content::chunk_request,
        content::day_close})
    if (k == t) return true;
  return false;
}

// "1.0" -> (1, 0); false when not of that shape.
bool parse_schema(const std::string& s, int& major, int& minor) {
  auto dot = s.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == s.size() || s.size() > 12) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i != dot && (s[i] < '0' || s[i] > '9')) return false;
  major = std::stoi(s.substr(0, dot));
  minor = std::stoi(s.substr(dot + 1));
  return true;
}

const json* string_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return nullptr;
  return &*it;
}

}  // namespace

std::string new_message_id() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (std::size_t i = 0; i < sizeof b; ++i) {
    out[2 * i] = hex[b[i] >> 4];
    out[2 * i + 1] = hex[b[i] & 0xF];
  }
  return out;
}

std::string utc_now_iso8601() {
  char ts[32];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return ts;
}

namespace detail {

std::string make_envelope(std::string_view store_id, std::string_view content_type, const json& body) {
  json j = {{"schema", std::to_string(kEnvelopeMajor) + "." + std::to_string(kEnvelopeMinor)},
            {"message_id", new_message_id()},
            {"store_id", store_id},
            {"created_at", utc_now_iso8601()},
            {"content_type", content_type},
            {"body", body}};
  return j.dump();
}

ParsedResult parse_envelope(std::string_view bytes, std::string_view expected_store, const EnvelopeLimits& limits) {
  if (bytes.size() > limits.max_message_bytes)
    return {std::nullopt, "message of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                              std::to_string(limits.max_message_bytes)};
  json j = json::parse(bytes, nullptr, false);
  if (j.is_discarded()) return {std::nullopt, "invalid JSON"};
  if (!j.is_object()) return {std::nullopt, "envelope is not a JSON object"};
  ParsedEnvelope p;
  const json* schema = string_field(j, "schema");
  if (!schema) return {std::nullopt, "schema: missing or not a string"};
  if (!parse_schema(schema->get<std::string>(), p.meta.major, p.meta.minor))
    return {std::nullopt, "schema: expected MAJOR.MINOR, got '" + schema->get<std::string>() + "'"};
  // Minor versions only add fields, which readers ignore; a new major may
  // change meaning, so it is refused rather than guessed at.
  if (p.meta.major != kEnvelopeMajor)
    return {std::nullopt, "schema: unsupported major version " + std::to_string(p.meta.major) + " (this build reads " +
                              std::to_string(kEnvelopeMajor) + ".x)"};
  for (const char* key : {"message_id", "store_id", "created_at", "content_type"})
    if (!string_field(j, key)) return {std::nullopt, std::string(key) + ": missing or not a string"};
  p.meta.message_id = j["message_id"].get<std::string>();
  p.meta.store_id = j["store_id"].get<std::string>();
  p.meta.created_at = j["created_at"].get<std::string>();
  p.meta.content_type = j["content_type"].get<std::string>();
  if (p.meta.message_id.empty() || p.meta.message_id.size() > 64)
    return {std::nullopt, "message_id: expected 1..64 characters"};
  if (!expected_store.empty() && p.meta.store_id != expected_store)
    return {std::nullopt, "store_id: '" + p.meta.store_id + "' is not this store ('" + std::string(expected_store) + "')"};
  if (!known_content_type(p.meta.content_type))
    return {std::nullopt, "content_type: unknown '" + p.meta.content_type + "'"};
  auto body = j.find("body");
  if (body == j.end() || !body->is_object()) return {std::nullopt, "body: missing or not an object"};
  if (p.meta.content_type == content::snapshot_chunk) {
    auto data = body->find("data");
    if (data == body->end() || !data->is_string()) return {std::nullopt, "body.data: missing or not a string"};
    if (data->get_ref<const std::string&>().size() > limits.max_chunk_bytes)
      return {std::nullopt, "body.data: chunk of " + std::to_string(data->get_ref<const std::string&>().size()) +
                                " bytes exceeds the limit of " + std::to_string(limits.max_chunk_bytes)};
  }
  if (p.meta.content_type == content::day_close || p.meta.content_type == content::day_close_answer) {
    // Optional (peers from before close ids send none), but when present it
    // decides which send an answer closes, so it is checked here like the rest.
    auto id = body->find("close_id");
    if (id != body->end() && (!id->is_string() || !valid_close_id(id->get_ref<const std::string&>())))
      return {std::nullopt, "body.close_id: expected a string of 1.." + std::to_string(kMaxCloseIdChars) +
                                " letters, digits, '-' or '_'"};
  }
  p.body = std::move(*body);
  return {std::move(p), {}};
}

std::string check_string_list(const json& body, const char* key, std::size_t max_items) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_array()) return std::string("body.") + key + ": missing or not an array";
  if (it->size() > max_items) return std::string("body.") + key + ": more than " + std::to_string(max_items) + " items";
  for (const auto& v : *it)
    if (!v.is_string()) return std::string("body.") + key + ": items must be strings";
  return {};
}

}  // namespace detail

std::string encode_envelope(const Envelope& e) {
  json body = json::parse(e.body_json.empty() ? std::string_view("{}") : std::string_view(e.body_json));
  json j = {{"schema", std::to_string(e.major) + "." + std::to_string(e.minor)},
            {"message_id", e.message_id.empty() ? new_message_id() : e.message_id},
            {"store_id", e.store_id},
            {"created_at", e.created_at.empty() ? utc_now_iso8601() : e.created_at},
            {"content_type", e.content_type},
            {"body", body}};
  return j.dump();
}

EnvelopeResult decode_envelope(std::string_view bytes, std::string_view expected_store, const EnvelopeLimits& limits) {
  auto r = detail::parse_envelope(bytes, expected_store, limits);
  if (!r.value) return {std::nullopt, std::move(r.error)};
  Envelope e = std::move(r.value->meta);
  e.body_json = r.value->body.dump();
  return {std::move(e), {}};
}

}  // namespace smartstore::sync
