#include <spdlog/spdlog.h>

#include <stdexcept>

#include "smartstore/edge/daemon_component.h"
#include "smartstore/edge/http_component.h"
#include "smartstore/edge/kiosk/key_files.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/scanner_component.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/edge/sync_component.h"

namespace smartstore::edge {
namespace {

// The storage and the kiosk service, shared with the components that use them
// so they outlive every one of those however the component list is destroyed.
struct Core {
  std::unique_ptr<store::KioskStore> store;
  std::unique_ptr<kiosk::Kiosk> kiosk;
};

class StorageComponent final : public DaemonComponent {
 public:
  StorageComponent(std::shared_ptr<Core> core, boost::asio::io_context& /*io*/) : core_(std::move(core)) {}
  [[nodiscard]] std::string name() const override { return "profile cache"; }
  void start() override {
    spdlog::info("profile cache: snapshot version {}, outbox depth {}", core_->store->snapshot_version(),
                 core_->store->depth());
    auto pruned = core_->store->prune(std::chrono::system_clock::now());
    if (pruned > 0) spdlog::info("profile cache: pruned {} acknowledged outbox rows", pruned);
  }
  void stop() override {}
  void reload(const KioskConfig& config) override { core_->kiosk->reload(config); }

 private:
  std::shared_ptr<Core> core_;
};

// Holds the core alive until the wrapped component is gone.
class UsingCore final : public DaemonComponent {
 public:
  UsingCore(std::unique_ptr<DaemonComponent> inner, std::shared_ptr<Core> core)
      : core_(std::move(core)), inner_(std::move(inner)) {}
  ~UsingCore() override { inner_.reset(); }
  [[nodiscard]] std::string name() const override { return inner_->name(); }
  void start() override { inner_->start(); }
  void stop() override { inner_->stop(); }
  void reload(const KioskConfig& config) override { inner_->reload(config); }
  void close_day() override { inner_->close_day(); }

 private:
  std::shared_ptr<Core> core_;  // declared first: destroyed after inner_
  std::unique_ptr<DaemonComponent> inner_;
};

std::shared_ptr<Core> open_core(const KioskConfig& config) {
  // Both secrets are required: a kiosk that made up its own coupon key would
  // issue coupons no other kiosk of the store could redeem.
  auto deployment = kiosk::read_secret_key(config.kiosk.deployment_key_file, 16);
  if (!deployment.error.empty()) throw std::runtime_error("kiosk.deployment_key_file: " + deployment.error);
  auto coupon_key = kiosk::read_secret_key(config.kiosk.coupon_key_file, 32);
  if (!coupon_key.error.empty()) throw std::runtime_error("kiosk.coupon_key_file: " + coupon_key.error);
  for (const auto* k : {&deployment, &coupon_key})
    if (!k->warning.empty()) spdlog::warn("{}", k->warning);

  kiosk::KioskOptions options;
  options.store_id = config.kiosk.store_id;
  options.deployment_key = std::move(deployment.bytes);
  options.policy = config.policy;
  options.member_card = config.scanner.member_card;
  if (!config.kiosk.hq_public_key_file.empty()) {
    auto hq = kiosk::read_ed25519_public_key(config.kiosk.hq_public_key_file);
    if (hq.key) {
      options.hq_public_key = hq.key;
    } else {
      spdlog::warn("{}; app coupons (MC1.) will be rejected", hq.error);
    }
  }

  store::StoreOptions store_options;
  store_options.store_id = config.kiosk.store_id;
  store_options.outbox_max_rows = config.sync.outbox_max_rows;
  store_options.retention_days = config.sync.retention_days;
  auto core = std::make_shared<Core>();
  core->store = std::make_unique<store::KioskStore>(config.kiosk.data_dir / "kiosk.db", store_options);
  // The file is authoritative for key id 1; HQ rotations add higher ids through sync.
  core->store->add_coupon_key(1, coupon_key.bytes, std::chrono::system_clock::now());
  core->kiosk = std::make_unique<kiosk::Kiosk>(*core->store, std::move(options));
  return core;
}

}  // namespace

// The one place that decides what runs inside smartstored and in which order:
// storage first, then what feeds it (sync, scanners), then what serves it (HTTP).
std::vector<std::unique_ptr<DaemonComponent>> make_daemon_components(boost::asio::io_context& io,
                                                                     const KioskConfig& config) {
  std::vector<std::unique_ptr<DaemonComponent>> components;
  auto core = open_core(config);
  components.push_back(std::make_unique<StorageComponent>(core, io));
  components.push_back(
      std::make_unique<UsingCore>(make_sync_component(io, config, *core->store, *core->store), core));
  components.push_back(std::make_unique<UsingCore>(make_scanner_component(io, config, *core->kiosk), core));
  components.push_back(std::make_unique<UsingCore>(make_http_component(io, config, *core->kiosk), core));
  return components;
}

}  // namespace smartstore::edge
