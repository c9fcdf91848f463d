#pragma once
// A long-lived piece of smartstored (profile cache, HTTP API, sync agent, scanner
// sources). The daemon starts them in order on one io_context, hands them a new
// config on SIGHUP and stops them in reverse order on SIGTERM.
#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>
#include <vector>

#include "smartstore/edge/kiosk_config.h"

namespace smartstore::edge {

class DaemonComponent {
 public:
  virtual ~DaemonComponent() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  virtual void start() = 0;
  // Stop accepting work and finish what is in flight; called once.
  virtual void stop() = 0;
  // A validated new config; components apply what they can change live.
  virtual void reload(const KioskConfig& /*config*/) {}
  // SIGUSR1: close the business day now instead of at the nightly hour
  // (a technician after an outage, the demo).
  virtual void close_day() {}
};

// Builds the components for one config (edge/src/daemon_components.cpp).
std::vector<std::unique_ptr<DaemonComponent>> make_daemon_components(boost::asio::io_context& io,
                                                                     const KioskConfig& config);

}  // namespace smartstore::edge
