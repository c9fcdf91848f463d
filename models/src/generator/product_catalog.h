#pragma once
// The demo's product catalog as HQ publishes it to kiosks (the catalog
// downlink, docs/edge-storage.md): each product of products.csv with a GTIN,
// its store (offline) price, its online price and an app link, so a kiosk's
// product scan can show both prices.
#include <filesystem>

#include "customer_draw.h"

namespace smartstore::models::gen {

// GTIN-13 of product i: GS1 Korea's 880, 9 digits from 123456789 + i, and
// the check digit (product 0 is 8801234567893, the demo's shelf QR code).
[[nodiscard]] std::string demo_gtin(std::size_t index);

// catalog.json: {"items":[{gtin, product_code, name, category, offline_price_krw,
// online_price_krw, app_link}]}. The demo chain sells at one price online and
// in store, so a scan shows the same price as the app (same_price).
bool write_catalog_json(const std::filesystem::path& file, const Catalog& catalog);

}  // namespace smartstore::models::gen
