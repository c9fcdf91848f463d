#pragma once
// The configured scanner sources ([[scanner.source]]) feeding the kiosk:
// serial and keyboard-wedge scanners, a folder of camera frames / images, and
// stdin lines. Every decoded text goes through one de-bouncer and then to
// KioskService::on_scan on the daemon's io_context.
#include <memory>

#include "smartstore/edge/daemon_component.h"
#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge {

std::unique_ptr<DaemonComponent> make_scanner_component(boost::asio::io_context& io, const KioskConfig& config,
                                                        KioskService& kiosk);

}  // namespace smartstore::edge
