#include "smartstore/edge/store/catalog.h"

#include "smartstore/edge/store/gtin.h"
#include "store_database.h"

namespace smartstore::edge::store {

std::optional<CatalogItem> Catalog::find(const std::string& code) {
  auto guard = db_.lock();
  sqlite::StatementScope s(db_.db().prepared(
      "SELECT gtin, product_code, name, category, offline_price_krw, online_price_krw, app_link, gtin14 "
      "FROM catalog WHERE (?1 != '' AND gtin14 = ?1) OR (?2 != '' AND (product_code = ?2 OR gtin = ?2)) "
      "ORDER BY gtin14 = ?1 DESC LIMIT 1"));
  // A GTIN match wins over a pd_c that happens to be the same digits.
  s->bind(1, gtin14_of(code).value_or("")).bind(2, code);
  if (!s->step()) return std::nullopt;
  CatalogItem item;
  item.gtin = s->column_text(0);
  item.product_code = s->column_text(1);
  item.name = s->column_text(2);
  item.category = s->column_text(3);
  item.offline_price_krw = s->column_int(4);
  item.online_price_krw = s->column_int(5);
  item.app_link = s->column_text(6);
  item.gtin14 = s->column_text(7);
  return item;
}

}  // namespace smartstore::edge::store
