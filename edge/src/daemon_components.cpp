#include <spdlog/spdlog.h>

#include <stdexcept>

#include "smartstore/common/sqlite/database.h"
#include "smartstore/edge/daemon_component.h"
#include "smartstore/edge/http_component.h"
#include "smartstore/edge/kiosk/key_files.h"
#include "smartstore/edge/kiosk/kiosk.h"
#include "smartstore/edge/scanner_component.h"
#include "smartstore/edge/store/kiosk_store.h"
#include "smartstore/edge/store/migrations.h"
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
  StorageComponent(std::shared_ptr<Core> core, boost::asio::io_context& /*io*/, RetentionSection retention)
      : core_(std::move(core)), retention_(retention) {}
  [[nodiscard]] std::string name() const override { return "profile cache"; }
  void start() override {
    spdlog::info("profile cache: snapshot version {}, outbox depth {}",
                 core_->store->downlink().snapshot_version(), core_->store->outbox().depth());
    if (retention_.enabled) {
      // Off the start itself: the first run a minute in, then every interval.
      schedule_ = std::make_unique<store::RetentionSchedule>(
          *core_->store, std::chrono::minutes(retention_.interval_minutes), std::chrono::minutes(1),
          log_retention);
      return;
    }
    try {
      auto pruned = core_->store->outbox().prune(std::chrono::system_clock::now());
      if (pruned > 0) spdlog::info("profile cache: pruned {} acknowledged outbox rows", pruned);
    } catch (const sqlite::StorageError& e) {
      // Read-only or full storage: pruning waits for the next start; lookups go on.
      spdlog::warn("profile cache: outbox not pruned: {}", e.what());
    }
  }
  void stop() override { schedule_.reset(); }
  void reload(const KioskConfig& config) override { core_->kiosk->reload(config); }

 private:
  static void log_retention(const Result<store::RetentionReport>& run) {
    if (!run) {
      // Read-only or full storage: the next run goes on from what is left.
      spdlog::warn("retention: {}", run.error().message());
    } else if (run->total() > 0) {
      std::string rows;
      for (const auto& [table, n] : run->pruned)
        rows += (rows.empty() ? "" : ", ") + table + " " + std::to_string(n);
      spdlog::info("retention: pruned {} in {:.2f} s ({} transactions, longest {:.1f} ms)", rows,
                   run->seconds, run->transactions, run->longest_transaction_ms);
    }
  }

  std::shared_ptr<Core> core_;
  RetentionSection retention_;
  std::unique_ptr<store::RetentionSchedule> schedule_;
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

// On read-only storage nothing can be migrated: an older schema is refused
// here with a message that says so, instead of a failed BEGIN deep inside.
void check_read_only_schema(const std::filesystem::path& file) {
  auto access = sqlite::storage_access(file);
  std::error_code ec;
  if (access.writable || !std::filesystem::exists(file, ec)) return;
  const int version = sqlite::peek_user_version(file).value_or(-1);
  if (version >= 0 && version < store::latest_schema_version())
    throw std::runtime_error(file.string() + " is read-only (" + access.why + ") and has schema version " +
                             std::to_string(version) + "; this smartstored needs " +
                             std::to_string(store::latest_schema_version()) +
                             " and cannot migrate it until the storage is writable");
}

// Key id 1 comes from the key file; written only the first time, so a restart
// on read-only storage needs no write. A key file that differs from the
// stored key 1 is refused: ids are never reused (coupons signed under the
// stored key would stop verifying), and HQ opens its sealed keys with it.
void store_file_coupon_key(store::KioskStore& store, const std::vector<unsigned char>& key,
                           const std::filesystem::path& file) {
  auto keys = store.keys().coupon_keys();
  auto it = keys.find(1);
  if (it != keys.end() && it->second.secret == key) return;
  if (it != keys.end())
    throw std::runtime_error("kiosk.coupon_key_file: " + file.string() +
                             " differs from the coupon key id 1 this kiosk already holds; a key id is never "
                             "reused: restore the original file (HQ rotates keys under new ids)");
  if (auto added = store.keys().add(1, key, std::chrono::system_clock::now()); !added)
    throw std::runtime_error("kiosk.coupon_key_file: " + added.error().message());
}

std::shared_ptr<Core> open_core(const KioskConfig& config) {
  // Both secrets are required: a kiosk that made up its own coupon key would
  // issue coupons no other kiosk of the store could redeem.
  auto deployment = kiosk::read_secret_key(config.kiosk.deployment_key_file, 16);
  if (!deployment) throw std::runtime_error("kiosk.deployment_key_file: " + deployment.error().message());
  auto coupon_key = kiosk::read_secret_key(config.kiosk.coupon_key_file, 32);
  if (!coupon_key) throw std::runtime_error("kiosk.coupon_key_file: " + coupon_key.error().message());
  for (const auto* k : {&*deployment, &*coupon_key})
    if (!k->warning.empty()) spdlog::warn("{}", k->warning);

  kiosk::KioskOptions options;
  options.store_id = config.kiosk.store_id;
  options.deployment_key = std::move(deployment->bytes);
  options.policy = config.policy;
  options.member_card = config.scanner.member_card;
  if (!config.kiosk.hq_public_key_file.empty()) {
    auto hq = kiosk::read_ed25519_public_key(config.kiosk.hq_public_key_file);
    if (hq) {
      options.hq_public_key = *hq;
    } else {
      spdlog::warn("{}; app coupons (MC1.) will be rejected", hq.error().message());
    }
  }

  store::StoreOptions store_options;
  store_options.store_id = config.kiosk.store_id;
  store_options.outbox_max_rows = config.sync.outbox_max_rows;
  store_options.retention_days = config.sync.retention_days;
  store_options.retention = config.retention.keep;
  auto core = std::make_shared<Core>();
  const auto db_file = config.kiosk.data_dir / "kiosk.db";
  check_read_only_schema(db_file);
  core->store = std::make_unique<store::KioskStore>(db_file, store_options);
  // Key id 1 is the provisioned file, stored once (a changed file stops the
  // daemon); HQ adds higher ids through sync.
  store_file_coupon_key(*core->store, coupon_key->bytes, config.kiosk.coupon_key_file);
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
  components.push_back(std::make_unique<StorageComponent>(core, io, config.retention));
  // On storage read-only at start the sync component waits for it to turn
  // writable; storage that turns read-only later refuses the outbox marks,
  // and the agent pauses its uplink on that refusal.
  components.push_back(std::make_unique<UsingCore>(
      make_sync_component(io, config, core->store->outbox(), core->store->downlink()), core));
  components.push_back(std::make_unique<UsingCore>(make_scanner_component(io, config, *core->kiosk), core));
  components.push_back(std::make_unique<UsingCore>(make_http_component(io, config, *core->kiosk), core));
  return components;
}

}  // namespace smartstore::edge
