// The four L.Point readers and the marketing-insights column mapping.
#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <unordered_set>

#include "interner.h"
#include "table_reader.h"

namespace smartstore::models {

Error csv_error(std::string_view file, std::size_t line, std::string_view column, std::string_view expected,
                std::string_view found) {
  std::string what = "expected " + std::string(expected);
  if (!found.empty()) what += ", found \"" + std::string(found) + "\"";
  std::string message(file);
  if (line > 0) message.append(":").append(std::to_string(line));
  message += ": ";
  if (!column.empty()) message += "column " + std::string(column) + ": ";
  message += what;
  return Error(ErrorKind::invalid_input, std::move(message), "csv")
      .with_fields({problem_at(file, static_cast<std::int64_t>(line), column, std::move(what))});
}

namespace {
using namespace csv;

// One column's view of an Interner that remembers its last value: sorted
// files repeat the customer, receipt, store and channel on consecutive rows.
class ColumnInterner {
 public:
  explicit ColumnInterner(Interner& interner) : interner_(interner) {}
  std::uint32_t id(std::string_view s) {
    if (has_last_ && s == last_) return last_id_;
    last_id_ = interner_.id(s);
    last_.assign(s);
    has_last_ = true;
    return last_id_;
  }

 private:
  Interner& interner_;
  std::string last_;
  std::uint32_t last_id_ = 0;
  bool has_last_ = false;
};

std::string normalize_gender(std::string_view g) {
  g = trim(g);
  if (g == "F" || g == "f" || g == "여" || g == "여성" || g == "2" || g == "W" || g == "Female" ||
      g == "female")
    return "F";
  if (g == "M" || g == "m" || g == "남" || g == "남성" || g == "1" || g == "Male" || g == "male") return "M";
  return "";
}

std::string normalize_age(std::string_view a) {
  a = trim(a);
  int n = 0;
  auto [ptr, ec] = std::from_chars(a.data(), a.data() + a.size(), n);
  if (ec != std::errc() || n < 0 || n > 150) return "";
  (void)ptr;
  return std::to_string(n / 10 * 10) + "s";
}

// Money: integer KRW, or a decimal scaled by amount_scale and rounded.
bool parse_money(std::string_view s, double scale, std::int64_t& out) {
  std::int64_t whole = 0;
  if (scale == 1.0 && parse_int(s, whole)) {
    out = whole;
    return true;
  }
  double d = 0;
  if (!parse_double(s, d)) return false;
  out = std::llround(d * scale);
  return true;
}
}  // namespace

CsvRead<std::vector<Customer>> read_customers(const std::string& path, const ReadOptions& options) {
  CsvRead<std::vector<Customer>> out;
  const std::vector<ColumnSpec> specs{
      {"cust", true}, {"ma_fem_dv", false}, {"ages", false}, {"zon_hlv", false}};
  out.report =
      read_table(path, options, specs,
                 [&](const auto& f, const BoundColumns& c, std::size_t) -> std::optional<FieldProblem> {
                   std::string_view cust = trim(field(f, c, 0));
                   if (cust.empty()) return FieldProblem{0, "a customer number", cust};
                   out.data.push_back({std::string(cust), normalize_gender(field(f, c, 1)),
                                       normalize_age(field(f, c, 2)), std::string(trim(field(f, c, 3)))});
                   return std::nullopt;
                 });
  return out;
}

CsvRead<PurchaseTable> read_purchases(const std::string& path, const ReadOptions& options) {
  CsvRead<PurchaseTable> out;
  PurchaseTable& t = out.data;
  // About 60 bytes a line in L.Point exports: reserve once instead of
  // regrowing 10M rows; most lines are their own receipt.
  std::error_code size_error;
  const auto bytes = std::filesystem::file_size(path, size_error);
  const std::size_t expected_rows = size_error ? 0 : static_cast<std::size_t>(bytes / 60);
  t.rows.reserve(expected_rows);
  Interner customer_ids(t.customers.names, expected_rows / 8), receipt_ids(t.receipts.names, expected_rows),
      product_ids(t.products.names), label_ids(t.labels.names);
  label_ids.id("");  // label 0 is "absent"
  ColumnInterner customers(customer_ids), receipts(receipt_ids), products(product_ids), channels(label_ids),
      affiliates(label_ids), stores(label_ids);
  enum { kCust, kRct, kChnl, kCop, kBr, kPd, kDt, kHr, kAm, kCt };
  const std::vector<ColumnSpec> specs{{"cust", true},   {"rct_no", true}, {"chnl_dv", true}, {"cop_c", true},
                                      {"br_c", true},   {"pd_c", true},   {"de_dt", true},   {"de_hr", true},
                                      {"buy_am", true}, {"buy_ct", true}};
  const double scale = options.map.amount_scale;
  const bool unit_price = options.map.amount_is_unit_price;
  out.report =
      read_table(path, options, specs,
                 [&](const auto& f, const BoundColumns& c, std::size_t line) -> std::optional<FieldProblem> {
                   Purchase p;
                   std::string_view cust = trim(field(f, c, kCust));
                   if (cust.empty()) return FieldProblem{kCust, "a customer number", cust};
                   const auto day = parse_date(trim(field(f, c, kDt)));
                   if (!day) return FieldProblem{kDt, "a date YYYYMMDD or YYYY-MM-DD", field(f, c, kDt)};
                   p.day = *day;
                   if (c.index[kHr] >= 0) {
                     int hour = 0;
                     if (!parse_int(field(f, c, kHr), hour) || hour < 0 || hour > 23)
                       return FieldProblem{kHr, "an hour 0-23", field(f, c, kHr)};
                     p.hour = static_cast<std::int8_t>(hour);
                   }
                   p.quantity = 1;
                   if (c.index[kCt] >= 0 && !parse_int(field(f, c, kCt), p.quantity))
                     return FieldProblem{kCt, "an integer quantity", field(f, c, kCt)};
                   if (!parse_money(field(f, c, kAm), scale, p.amount_krw))
                     return FieldProblem{kAm, scale == 1.0 ? "an integer amount in KRW" : "a number (amount)",
                                         field(f, c, kAm)};
                   if (unit_price) p.amount_krw *= p.quantity;
                   std::string_view pd = trim(field(f, c, kPd));
                   if (pd.empty()) return FieldProblem{kPd, "a product code", pd};
                   p.customer = customers.id(cust);
                   p.product = products.id(pd);
                   p.receipt = c.index[kRct] >= 0 ? receipts.id(trim(field(f, c, kRct)))
                                                  : receipts.id(std::to_string(line));
                   p.channel = channels.id(trim(field(f, c, kChnl)));
                   p.affiliate = affiliates.id(trim(field(f, c, kCop)));
                   p.store = stores.id(trim(field(f, c, kBr)));
                   t.rows.push_back(p);
                   return std::nullopt;
                 });
  return out;
}

CsvRead<std::vector<Product>> read_products(const std::string& path, const ReadOptions& options) {
  CsvRead<std::vector<Product>> out;
  std::unordered_set<std::string> seen;
  const std::vector<ColumnSpec> specs{
      {"pd_c", true}, {"pd_nm", false}, {"clac_mcls_nm", false}, {"clac_hlv_nm", true}};
  out.report =
      read_table(path, options, specs,
                 [&](const auto& f, const BoundColumns& c, std::size_t) -> std::optional<FieldProblem> {
                   std::string code(trim(field(f, c, 0)));
                   if (code.empty()) return FieldProblem{0, "a product code", code};
                   if (!seen.insert(code).second) return std::nullopt;
                   out.data.push_back({std::move(code), std::string(trim(field(f, c, 1))),
                                       std::string(trim(field(f, c, 2))), std::string(trim(field(f, c, 3)))});
                   return std::nullopt;
                 });
  return out;
}

CsvRead<std::vector<Session>> read_sessions(const std::string& path, const ReadOptions& options) {
  CsvRead<std::vector<Session>> out;
  const std::vector<ColumnSpec> specs{{"cust", true},          {"sess_id", true},
                                      {"sess_dt", true},       {"tot_pag_view_ct", true},
                                      {"tot_sess_hr_v", true}, {"search_cnt", false}};
  out.report =
      read_table(path, options, specs,
                 [&](const auto& f, const BoundColumns& c, std::size_t) -> std::optional<FieldProblem> {
                   Session s;
                   s.cust = std::string(trim(field(f, c, 0)));
                   if (s.cust.empty()) return FieldProblem{0, "a customer number", s.cust};
                   s.session_id = std::string(trim(field(f, c, 1)));
                   const auto day = parse_date(trim(field(f, c, 2)));
                   if (!day) return FieldProblem{2, "a date YYYYMMDD or YYYY-MM-DD", field(f, c, 2)};
                   s.day = *day;
                   // Empty counts are common in the session export: read as 0.
                   auto number = [&](std::size_t col, double& v) {
                     std::string_view t = trim(field(f, c, col));
                     return t.empty() || parse_double(t, v);
                   };
                   if (!number(3, s.page_views))
                     return FieldProblem{3, "a number of page views", field(f, c, 3)};
                   if (!number(4, s.session_seconds))
                     return FieldProblem{4, "a session time in seconds", field(f, c, 4)};
                   if (c.index[5] >= 0 && !number(5, s.searches))
                     return FieldProblem{5, "a number of searches", field(f, c, 5)};
                   out.data.push_back(std::move(s));
                   return std::nullopt;
                 });
  return out;
}

ReadOptions mi_sales_purchase_options() {
  ReadOptions o;
  o.map.columns = {{"cust", "CustomerID"},
                   {"rct_no", "Transaction_ID"},
                   {"de_dt", "Transaction_Date"},
                   {"pd_c", "Product_SKU"},
                   {"buy_ct", "Quantity"},
                   {"buy_am", "Avg_Price"},
                   {"chnl_dv", ""},
                   {"cop_c", ""},
                   {"br_c", ""},
                   {"de_hr", ""}};
  o.map.amount_scale = 1166.0;
  o.map.amount_is_unit_price = true;
  return o;
}

ReadOptions mi_sales_product_options() {
  ReadOptions o;
  o.map.columns = {{"pd_c", "Product_SKU"},
                   {"pd_nm", "Product_Description"},
                   {"clac_mcls_nm", "Product_Category"},
                   {"clac_hlv_nm", "Product_Category"}};
  return o;
}

ReadOptions mi_customer_options() {
  ReadOptions o;
  o.map.columns = {{"cust", "CustomerID"}, {"ma_fem_dv", "Gender"}, {"zon_hlv", "Location"}, {"ages", ""}};
  return o;
}

}  // namespace smartstore::models
