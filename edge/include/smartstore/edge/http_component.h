#pragma once
// The staff/entrance HTTP(S) API as a daemon component (edge/src/http/).
#include <memory>

#include "smartstore/edge/daemon_component.h"
#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge {

// Serves /api/v1 and the static pages on config.http; `kiosk` outlives it.
std::unique_ptr<DaemonComponent> make_http_component(boost::asio::io_context& io, const KioskConfig& config,
                                                     KioskService& kiosk);

}  // namespace smartstore::edge
