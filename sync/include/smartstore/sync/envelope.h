#pragma once
// The versioned envelope around every MQTT payload (docs/sync-protocol.md).
// Decoding never throws: a bad message is an Error naming what was wrong, so
// the agent can log it, count it and leave the cache untouched.
#include <cstddef>
#include <string>
#include <string_view>

#include "smartstore/common/result.h"

namespace smartstore::sync {

inline constexpr int kEnvelopeMajor = 1;
inline constexpr int kEnvelopeMinor = 0;

// Content types; each travels on the topic kind of the same name
// (smartstore/v1/stores/{store}/{down|up}/{content type}).
namespace content {
inline constexpr std::string_view snapshot_manifest = "snapshot-manifest";
inline constexpr std::string_view snapshot_chunk = "snapshot-chunk";
inline constexpr std::string_view delta = "delta";
inline constexpr std::string_view campaigns = "campaigns";
inline constexpr std::string_view catalog = "catalog";
inline constexpr std::string_view coupon_key = "coupon-key";
inline constexpr std::string_view revocations = "revocations";
inline constexpr std::string_view aliases = "aliases";
inline constexpr std::string_view erasures = "erasures";
inline constexpr std::string_view consent_withdrawals = "consent-withdrawals";
inline constexpr std::string_view event_acks = "event-acks";
inline constexpr std::string_view day_close_answer = "day-close-answer";
inline constexpr std::string_view events = "events";
inline constexpr std::string_view snapshot_ack = "snapshot-ack";
inline constexpr std::string_view chunk_request = "chunk-request";
inline constexpr std::string_view day_close = "day-close";
}  // namespace content

// Bounds on what a decoder accepts, so one hostile or broken message cannot
// exhaust a kiosk's memory.
struct EnvelopeLimits {
  std::size_t max_message_bytes = 16u << 20;
  std::size_t max_chunk_bytes = 8u << 20;  // snapshot-chunk "data"
  std::size_t max_list_items = 200'000;    // ids in acks, erasures, batches
};

// A chunk-request names at most this many chunks (HQ serves the first this
// many distinct indices of a longer one); the store asks again for the rest.
inline constexpr std::size_t kMaxChunkRequestIndices = 64;

struct Envelope {
  int major = kEnvelopeMajor;
  int minor = kEnvelopeMinor;
  std::string message_id;  // unique per message (random 128-bit hex)
  std::string store_id;
  std::string created_at;    // ISO 8601 UTC
  std::string content_type;  // one of content::*
  std::string body_json;     // the body, a JSON value
};

[[nodiscard]] std::string encode_envelope(const Envelope& e);
// expected_store: the store this receiver serves ("" accepts any, for HQ).
// Errors: invalid_input (what is wrong, naming the field), unsupported (a
// major version this build does not read).
[[nodiscard]] Result<Envelope> decode_envelope(std::string_view bytes, std::string_view expected_store,
                                               const EnvelopeLimits& limits = {});

// A fresh message id (the envelope's time is smartstore::utc_now_iso8601()).
[[nodiscard]] std::string new_message_id();

}  // namespace smartstore::sync
