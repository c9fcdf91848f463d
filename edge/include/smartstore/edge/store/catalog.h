#pragma once
// The store's product catalog as HQ sent it (DownlinkApplier replaces it),
// looked up by what a scanner reads. Each call is one step under the store's lock.
#include <optional>
#include <string>

#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge::store {

class StoreDatabase;

class Catalog final {
 public:
  explicit Catalog(StoreDatabase& db) : db_(db) {}
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // By GTIN in any of its lengths (a GTIN match wins), else by product code.
  [[nodiscard]] std::optional<CatalogItem> find(const std::string& gtin_or_code);

 private:
  StoreDatabase& db_;
};

}  // namespace smartstore::edge::store
