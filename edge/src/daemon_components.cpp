#include "smartstore/edge/daemon_component.h"

namespace smartstore::edge {

// The one place that decides what runs inside smartstored and in which order:
// storage first, then what feeds it (sync, scanners), then what serves it (HTTP).
std::vector<std::unique_ptr<DaemonComponent>> make_daemon_components(boost::asio::io_context& /*io*/,
                                                                     const KioskConfig& /*config*/) {
  std::vector<std::unique_ptr<DaemonComponent>> components;
  return components;
}

}  // namespace smartstore::edge
