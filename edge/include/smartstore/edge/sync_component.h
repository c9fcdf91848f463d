#pragma once
// The MQTT store agent (smartstore_sync) as a daemon component: maps the
// kiosk config onto the agent's options and runs it over the storage ports.
#include <memory>

#include "smartstore/edge/daemon_component.h"
#include "smartstore/sync/store_ports.h"

namespace smartstore::edge {

// nullptr-free: when config.broker.enabled is false the component only logs
// that the kiosk runs offline. On a data directory read-only at start it
// checks the storage every broker.reconnect_max on `io` and starts the agent
// once it is writable. The ports outlive the component.
std::unique_ptr<DaemonComponent> make_sync_component(boost::asio::io_context& io, const KioskConfig& config,
                                                     sync::OutboxPort& outbox, sync::DownlinkPort& downlink);

}  // namespace smartstore::edge
