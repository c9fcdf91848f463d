#pragma once
// Internal: building Paho clients and connect options from BrokerOptions.
#include <mqtt/async_client.h>

#include <memory>

#include "smartstore/common/result.h"
#include "smartstore/sync/broker_options.h"

namespace smartstore::sync::detail {

// No Paho persistence: the outbox and the staging directory are ours.
std::unique_ptr<mqtt::async_client> make_client(const BrokerOptions& b, const std::string& client_id,
                                                int mqtt_version);
// persistent: keep the broker session (clean session/start off) so QoS 1
// messages sent while offline are delivered on reconnect.
mqtt::connect_options connect_options_for(const BrokerOptions& b, bool persistent, int mqtt_version);

// The CN of a PEM certificate: the broker's ACL username for its holder.
// Errors name the file.
Result<std::string> certificate_cn(const std::filesystem::path& pem);

}  // namespace smartstore::sync::detail
