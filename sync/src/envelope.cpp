#include <openssl/rand.h>

#include "downlink_signature.h"
#include "envelope_json.h"
#include "smartstore/common/utc_time.h"
#include "smartstore/sync/day_close.h"

namespace smartstore::sync {
namespace {

using nlohmann::json;

bool known_content_type(std::string_view t) {
  for (std::string_view k :
       {content::snapshot_manifest, content::snapshot_chunk, content::delta, content::campaigns,
        content::catalog, content::coupon_key, content::revocations, content::aliases, content::erasures,
        content::consent_withdrawals, content::event_acks, content::day_close_answer, content::events,
        content::snapshot_ack, content::chunk_request, content::day_close})
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

namespace detail {

std::string make_envelope(std::string_view store_id, std::string_view content_type, const json& body,
                          const DownlinkSigner* signer) {
  Envelope meta;
  meta.message_id = new_message_id();
  meta.store_id = store_id;
  meta.created_at = utc_now_iso8601();
  meta.content_type = content_type;
  json j = {{"schema", std::to_string(meta.major) + "." + std::to_string(meta.minor)},
            {"message_id", meta.message_id},
            {"store_id", meta.store_id},
            {"created_at", meta.created_at},
            {"content_type", meta.content_type},
            {"body", body}};
  if (signer != nullptr) j["signature"] = signer->sign(meta, body);
  return j.dump();
}

namespace {

Failure invalid(std::string message) {
  return fail(ErrorKind::invalid_input, std::move(message), "envelope");
}

// Checks of the body that depend on its content type.
Status check_body(const std::string& content_type, const json& body, const EnvelopeLimits& limits) {
  if (content_type == content::snapshot_chunk) {
    auto data = body.find("data");
    if (data == body.end() || !data->is_string()) return invalid("body.data: missing or not a string");
    if (data->get_ref<const std::string&>().size() > limits.max_chunk_bytes)
      return invalid("body.data: chunk of " + std::to_string(data->get_ref<const std::string&>().size()) +
                     " bytes exceeds the limit of " + std::to_string(limits.max_chunk_bytes));
  }
  if (content_type == content::day_close || content_type == content::day_close_answer) {
    // Optional (peers from before close ids send none), but when present it
    // decides which send an answer closes, so it is checked here like the rest.
    auto id = body.find("close_id");
    if (id != body.end() && (!id->is_string() || !valid_close_id(id->get_ref<const std::string&>())))
      return invalid("body.close_id: expected a string of 1.." + std::to_string(kMaxCloseIdChars) +
                     " letters, digits, '-' or '_'");
  }
  return ok();
}

// schema, message_id, store_id, created_at, content_type.
Status read_meta(const json& j, std::string_view expected_store, Envelope& meta) {
  const json* schema = string_field(j, "schema");
  if (!schema) return invalid("schema: missing or not a string");
  if (!parse_schema(schema->get<std::string>(), meta.major, meta.minor))
    return invalid("schema: expected MAJOR.MINOR, got '" + schema->get<std::string>() + "'");
  // Minor versions only add fields, which readers ignore; a new major may
  // change meaning, so it is refused rather than guessed at.
  if (meta.major != kEnvelopeMajor)
    return fail(ErrorKind::unsupported,
                "schema: unsupported major version " + std::to_string(meta.major) + " (this build reads " +
                    std::to_string(kEnvelopeMajor) + ".x)",
                "envelope");
  for (const char* key : {"message_id", "store_id", "created_at", "content_type"})
    if (!string_field(j, key)) return invalid(std::string(key) + ": missing or not a string");
  meta.message_id = j["message_id"].get<std::string>();
  meta.store_id = j["store_id"].get<std::string>();
  meta.created_at = j["created_at"].get<std::string>();
  meta.content_type = j["content_type"].get<std::string>();
  if (meta.message_id.empty() || meta.message_id.size() > 64)
    return invalid("message_id: expected 1..64 characters");
  if (!expected_store.empty() && meta.store_id != expected_store)
    return invalid("store_id: '" + meta.store_id + "' is not this store ('" + std::string(expected_store) +
                   "')");
  if (!known_content_type(meta.content_type))
    return invalid("content_type: unknown '" + meta.content_type + "'");
  return ok();
}

}  // namespace

Result<ParsedEnvelope> parse_envelope(std::string_view bytes, std::string_view expected_store,
                                      const EnvelopeLimits& limits) {
  if (bytes.size() > limits.max_message_bytes)
    return invalid("message of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                   std::to_string(limits.max_message_bytes));
  json j = json::parse(bytes, nullptr, false);
  if (j.is_discarded()) return invalid("invalid JSON");
  if (!j.is_object()) return invalid("envelope is not a JSON object");
  ParsedEnvelope p;
  if (auto meta = read_meta(j, expected_store, p.meta); !meta) return meta.error();
  auto body = j.find("body");
  if (body == j.end() || !body->is_object()) return invalid("body: missing or not an object");
  if (auto checked = check_body(p.meta.content_type, *body, limits); !checked) return checked.error();
  p.body = std::move(*body);
  if (auto sig = j.find("signature"); sig != j.end()) p.signature = std::move(*sig);
  return p;
}

Status check_string_list(const json& body, const char* key, std::size_t max_items) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_array())
    return invalid(std::string("body.") + key + ": missing or not an array");
  if (it->size() > max_items)
    return invalid(std::string("body.") + key + ": more than " + std::to_string(max_items) + " items");
  for (const auto& v : *it)
    if (!v.is_string()) return invalid(std::string("body.") + key + ": items must be strings");
  return ok();
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

Result<Envelope> decode_envelope(std::string_view bytes, std::string_view expected_store,
                                 const EnvelopeLimits& limits) {
  auto r = detail::parse_envelope(bytes, expected_store, limits);
  if (!r) return std::move(r).error();
  Envelope e = std::move(r->meta);
  e.body_json = r->body.dump();
  return e;
}

}  // namespace smartstore::sync
