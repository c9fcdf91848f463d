// The store agent as a daemon component: KioskConfig.broker/sync mapped onto
// AgentOptions; offline mode (log only) when the broker is disabled.
#include <ctime>
#include <spdlog/spdlog.h>

#include "smartstore/edge/sync_component.h"
#include "smartstore/sync/agent.h"

namespace smartstore::edge {
namespace {

sync::AgentOptions agent_options_for(const KioskConfig& c) {
  sync::AgentOptions o;
  o.broker.uri = c.broker.uri;
  // Fixed per kiosk: the broker keeps this client's session across restarts.
  o.broker.client_id = c.kiosk.store_id + "-" + c.kiosk.kiosk_id;
  o.broker.ca_file = c.broker.ca_file;
  o.broker.cert_file = c.broker.cert_file;
  o.broker.key_file = c.broker.key_file;
  o.store_id = c.kiosk.store_id;
  o.batch_size = c.broker.uplink_batch_size > 0 ? static_cast<std::size_t>(c.broker.uplink_batch_size) : 200;
  o.uplink_interval = c.broker.uplink_interval;
  o.reconnect_min = c.broker.reconnect_min;
  o.reconnect_max = c.broker.reconnect_max;
  o.nightly_hour = c.sync.nightly_hour;
  o.staging_dir = c.kiosk.data_dir / "sync-staging";
  return o;
}

class SyncComponent final : public DaemonComponent {
 public:
  SyncComponent(const KioskConfig& config, sync::OutboxPort& outbox, sync::DownlinkPort& downlink)
      : config_(config), outbox_(outbox), downlink_(downlink) {}
  std::string name() const override { return "sync"; }
  void start() override {
    if (!config_.broker.enabled) {
      spdlog::info("sync: broker disabled, running offline (outbox keeps growing until enabled)");
      return;
    }
    agent_ = std::make_unique<sync::StoreAgent>(agent_options_for(config_), outbox_, downlink_);
    agent_->start();
  }
  void stop() override {
    if (agent_) agent_->stop();
  }
  void close_day() override {
    if (!agent_) return;
    // The business day is the store's local date, as in the outbox rows.
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char day[16];
    std::strftime(day, sizeof day, "%Y-%m-%d", &local);
    agent_->close_day(day);
  }
  void reload(const KioskConfig& config) override {
    // Broker settings need a new session; they take effect on the next start.
    if (config.broker.uri != config_.broker.uri || config.broker.enabled != config_.broker.enabled)
      spdlog::warn("sync: broker settings changed; restart smartstored to apply them");
  }

 private:
  KioskConfig config_;
  sync::OutboxPort& outbox_;
  sync::DownlinkPort& downlink_;
  std::unique_ptr<sync::StoreAgent> agent_;
};

}  // namespace

std::unique_ptr<DaemonComponent> make_sync_component(boost::asio::io_context& /*io*/, const KioskConfig& config,
                                                     sync::OutboxPort& outbox, sync::DownlinkPort& downlink) {
  return std::make_unique<SyncComponent>(config, outbox, downlink);
}

}  // namespace smartstore::edge
