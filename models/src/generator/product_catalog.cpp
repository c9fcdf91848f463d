#include "product_catalog.h"

#include <nlohmann/json.hpp>

#include "demo_catalog.h"
#include "smartstore/common/check_digit.h"
#include "smartstore/common/private_file.h"

namespace smartstore::models::gen {

std::string demo_gtin(std::size_t index) {
  const std::string body = "880" + std::to_string(123456789 + index).substr(0, 9);
  return body + smartstore::gs1_mod10_digit(body);
}

bool write_catalog_json(const std::filesystem::path& file, const Catalog& catalog) {
  const auto cats = demo_categories();
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < catalog.products.size(); ++i) {
    const auto& p = catalog.products[i];
    const auto& c = cats[static_cast<std::size_t>(p.category)];
    char code[24];
    std::snprintf(code, sizeof code, "P%05zu", i);
    const std::string mid(c.mids[static_cast<std::size_t>(p.mid)]);
    items.push_back({{"gtin", demo_gtin(i)},
                     {"product_code", code},
                     {"name", mid + " " + std::to_string(p.price) + "원"},
                     {"category", std::string(c.name)},
                     {"offline_price_krw", p.price},
                     {"online_price_krw", p.price},
                     {"app_link", std::string("https://www.lotteon.example/p/product/") + code}});
  }
  return static_cast<bool>(write_private_file(file, nlohmann::json{{"items", items}}.dump() + "\n"));
}

}  // namespace smartstore::models::gen
