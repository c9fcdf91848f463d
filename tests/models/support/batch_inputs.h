#pragma once
// The batch's inputs as the batch tests use them: report 001's data set
// (mi_customers.csv + mi_online_sales.csv through the documented column
// mapping, two stores) or generated demo data, and the small clustering
// sizes debug and sanitizer builds can afford. Callers add the key.
#include <cstddef>
#include <filesystem>
#include <string>

#include "smartstore/common/result.h"
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

// The three files every batch reads, from a directory `generate` wrote.
inline models::BatchOptions demo_batch_inputs(const std::filesystem::path& in_dir,
                                              const std::filesystem::path& out_dir) {
  models::BatchOptions o;
  o.inputs.customers = (in_dir / "customers.csv").string();
  o.inputs.purchases = (in_dir / "purchases.csv").string();
  o.inputs.products = (in_dir / "products.csv").string();
  o.out_dir = out_dir;
  return o;
}

// Debug and sanitizer builds run Eigen unoptimized: k-means with k up to 3
// on a small sample.
inline void small_clustering(models::BatchOptions& o, int restarts, std::size_t cluster_sample,
                             std::size_t silhouette_samples) {
  o.k_max = 3;
  o.kmeans_restarts = restarts;
  o.cluster_sample = cluster_sample;
  o.silhouette_samples = silhouette_samples;
}

// The error's message, empty on success: for REQUIRE_MESSAGE.
template <class T>
std::string error_text(const Result<T>& r) {
  return r ? std::string() : r.error().message();
}

}  // namespace smartstore::testing
