#pragma once
// The batch's inputs for report 001's data set (mi_customers.csv +
// mi_online_sales.csv through the documented column mapping), two stores.
// Callers add the key and the clustering sizes their build can afford.
#include <filesystem>

#include "smartstore/models/lpoint_csv.h"
#include "smartstore/models/profile_batch.h"
#include "support/test_paths.h"

namespace smartstore::testing {

inline models::BatchOptions mi_batch_inputs(const std::filesystem::path& dir) {
  write_file(dir / "stores.csv", "br_c,zon_hlv\nS001,California\nS002,Chicago\n");
  models::BatchOptions o;
  o.inputs.customers = data_path("analytics/mi_customers.csv").string();
  o.inputs.purchases = data_path("analytics/mi_online_sales.csv").string();
  o.inputs.products = data_path("analytics/mi_online_sales.csv").string();
  o.inputs.customer_options = models::mi_customer_options();
  o.inputs.purchase_options = models::mi_sales_purchase_options();
  o.inputs.product_options = models::mi_sales_product_options();
  o.inputs.store_zones = (dir / "stores.csv").string();
  o.stores = {"S001", "S002"};
  o.out_dir = dir / "out";
  return o;
}

}  // namespace smartstore::testing
