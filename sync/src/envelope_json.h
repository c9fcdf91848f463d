#pragma once
// Internal: envelope decoding that keeps the body as parsed JSON, so large
// bodies (snapshot chunks) are parsed once. Not a public header.
#include <nlohmann/json.hpp>

#include "smartstore/sync/envelope.h"

namespace smartstore::sync::detail {

struct ParsedEnvelope {
  Envelope meta;  // body_json left empty
  nlohmann::json body;
  nlohmann::json signature;  // null when the envelope carries none
};

class DownlinkSigner;

Result<ParsedEnvelope> parse_envelope(std::string_view bytes, std::string_view expected_store,
                                      const EnvelopeLimits& limits);
// signer: HQ's downlink key; null for uplink (stores do not sign).
std::string make_envelope(std::string_view store_id, std::string_view content_type,
                          const nlohmann::json& body, const DownlinkSigner* signer = nullptr);

// Body checks shared by agent and HQ: invalid_input naming the field.
Status check_string_list(const nlohmann::json& body, const char* key, std::size_t max_items);

}  // namespace smartstore::sync::detail
