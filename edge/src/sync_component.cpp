// The store agent as a daemon component: KioskConfig.broker/sync mapped onto
// AgentOptions; offline mode (log only) when the broker is disabled.
#include "smartstore/edge/sync_component.h"

#include <spdlog/spdlog.h>
#include <boost/asio/steady_timer.hpp>
#include <utility>  // before Asio: g++ 12 + Boost 1.74 need std::exchange declared

#include <exception>

#include "smartstore/common/utc_time.h"
#include "smartstore/common/sqlite/database.h"
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
  o.allow_plaintext = c.broker.allow_plaintext;
  o.store_id = c.kiosk.store_id;
  o.batch_size = c.broker.uplink_batch_size > 0 ? static_cast<std::size_t>(c.broker.uplink_batch_size) : 200;
  o.uplink_interval = c.broker.uplink_interval;
  o.reconnect_min = c.broker.reconnect_min;
  o.reconnect_max = c.broker.reconnect_max;
  o.nightly_hour = c.sync.nightly_hour;
  o.staging_dir = c.kiosk.data_dir / "sync-staging";
  // The key that verifies HQ's app coupons also verifies everything HQ sends down.
  if (!c.kiosk.hq_public_key_file.empty()) o.hq_public_key_files.push_back(c.kiosk.hq_public_key_file);
  return o;
}

class SyncComponent final : public DaemonComponent {
 public:
  SyncComponent(boost::asio::io_context& io, const KioskConfig& config, sync::OutboxPort& outbox,
                sync::DownlinkPort& downlink)
      : config_(config), outbox_(outbox), downlink_(downlink), storage_check_(io) {}
  std::string name() const override { return "sync"; }
  void start() override {
    if (!config_.broker.enabled) {
      spdlog::info("sync: broker disabled, running offline (outbox keeps growing until enabled)");
      return;
    }
    // The agent stages snapshots in data_dir/sync-staging and marks events
    // sent: on storage read-only at start it could do neither (its staging
    // set-up throws). The kiosk serves without it meanwhile, and the agent
    // starts once the storage is writable again (a failing SD card remounted,
    // replaced), as the kiosk's own writes resume.
    if (auto access = sqlite::storage_access(db_file()); !access.writable) {
      spdlog::warn(
          "sync: not started: the data directory is read-only ({}); events stay in the outbox, "
          "checked again every {} ms (broker.reconnect_max_ms)",
          access.why, config_.broker.reconnect_max.count());
      wait_for_writable_storage();
      return;
    }
    start_agent();
  }
  void stop() override {
    stopped_ = true;
    storage_check_.cancel();
    if (agent_) agent_->stop();
  }
  void close_day() override {
    if (!agent_) return;
    // The business day is the store's local date, as in the outbox rows.
    agent_->close_day(local_date(std::chrono::system_clock::now()));
  }
  void reload(const KioskConfig& config) override {
    // Broker settings need a new session; they take effect on the next start.
    if (config.broker.uri != config_.broker.uri || config.broker.enabled != config_.broker.enabled)
      spdlog::warn("sync: broker settings changed; restart smartstored to apply them");
  }

 private:
  [[nodiscard]] std::filesystem::path db_file() const { return config_.kiosk.data_dir / "kiosk.db"; }

  void start_agent() {
    agent_ = std::make_unique<sync::StoreAgent>(agent_options_for(config_), outbox_, downlink_);
    agent_->start();
  }

  // A cheap access(2) check on the daemon's io thread (stop() runs there too);
  // at the agent's longest reconnect wait, as it would retry an unreachable broker.
  void wait_for_writable_storage() {
    storage_check_.expires_after(config_.broker.reconnect_max);
    storage_check_.async_wait([this](const boost::system::error_code& ec) {
      // ec first: cancelled when stop() ran, and `this` may be gone by now;
      // stopped_: expired just before stop() cancelled it.
      if (ec || stopped_) return;
      if (!sqlite::storage_access(db_file()).writable) return wait_for_writable_storage();
      try {
        start_agent();
        spdlog::info("sync: the data directory is writable again; agent started");
      } catch (const std::exception& e) {
        // Read-only again between the check and the staging set-up: an
        // exception here would end io_context::run, and with it the kiosk.
        agent_.reset();
        spdlog::warn("sync: agent not started, trying again: {}", e.what());
        wait_for_writable_storage();
      }
    });
  }

  KioskConfig config_;
  sync::OutboxPort& outbox_;
  sync::DownlinkPort& downlink_;
  boost::asio::steady_timer storage_check_;
  bool stopped_ = false;
  std::unique_ptr<sync::StoreAgent> agent_;
};

}  // namespace

std::unique_ptr<DaemonComponent> make_sync_component(boost::asio::io_context& io, const KioskConfig& config,
                                                     sync::OutboxPort& outbox, sync::DownlinkPort& downlink) {
  return std::make_unique<SyncComponent>(io, config, outbox, downlink);
}

}  // namespace smartstore::edge
