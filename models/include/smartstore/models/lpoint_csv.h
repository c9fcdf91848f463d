#pragma once
// Readers for the L.Point CSV schema (report 004, docs/architecture.md).
// Columns are found by header name, so order and extra columns do not matter;
// a ColumnMap renames them for files with another schema (mi_online_sales.csv).
// Errors are values naming file, line, column and what was expected.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/civil_date.h"
#include "smartstore/common/error.h"
#include "smartstore/models/rfm.h"

namespace smartstore::models {

// Days since 1970-01-01 (negative before), the common day number: every date
// in the analytics is one, read and written by the common date functions.
using Day = DayNumber;
using smartstore::days_from_civil;
using smartstore::format_date;
using smartstore::parse_date;

// Interned strings: rows hold 32-bit ids so 10M purchases fit in ~0.5 GB.
struct Dictionary {
  std::vector<std::string> names;
  [[nodiscard]] const std::string& name(std::uint32_t id) const { return names[id]; }
  [[nodiscard]] std::size_t size() const { return names.size(); }
};

struct Customer {
  std::string cust;      // raw member number: turn into a member key before writing anything
  std::string gender;    // "F", "M" or "" (ma_fem_dv normalized: 여성/여/F/2 -> F, 남성/남/M/1 -> M)
  std::string age_band;  // "20s", "30s", ... or "" (ages normalized: "20대", "20", "20s" -> "20s")
  std::string zone;      // zon_hlv as given
};

struct Purchase {
  std::uint32_t customer = 0;   // PurchaseTable::customers
  std::uint32_t receipt = 0;    // PurchaseTable::receipts (rct_no)
  std::uint32_t product = 0;    // PurchaseTable::products (pd_c)
  std::uint32_t channel = 0;    // PurchaseTable::labels (chnl_dv)
  std::uint32_t affiliate = 0;  // PurchaseTable::labels (cop_c)
  std::uint32_t store = 0;      // PurchaseTable::labels (br_c)
  Day day = 0;                  // de_dt
  std::int32_t quantity = 0;    // buy_ct
  std::int64_t amount_krw = 0;  // buy_am: the line's amount (not the unit price)
  std::int8_t hour = -1;        // de_hr 0..23, -1 when the file has none
};

struct PurchaseTable {
  std::vector<Purchase> rows;
  Dictionary customers;  // cust
  Dictionary receipts;   // rct_no
  Dictionary products;   // pd_c
  Dictionary labels;     // chnl_dv, cop_c, br_c share one small dictionary
};

struct Product {
  std::string pd_c;
  std::string name;         // pd_nm
  std::string subcategory;  // clac_mcls_nm
  std::string category;     // clac_hlv_nm (the category of every analytic)
};

struct Session {
  std::string cust;
  std::string session_id;      // sess_id
  Day day = 0;                 // sess_dt
  double page_views = 0;       // tot_pag_view_ct
  double session_seconds = 0;  // tot_sess_hr_v
  double searches = 0;         // search_cnt
};

// A located CSV problem as the house error: invalid_input with the message
// "file:line: column buy_am: expected an integer amount in KRW, found \"12.5x\""
// (no line when 0, no column when empty, no found part when empty) and the
// same as one field {"file:line: buy_am", "expected ..., found ..."}.
[[nodiscard]] Error csv_error(std::string_view file, std::size_t line, std::string_view column,
                              std::string_view expected, std::string_view found);

// How a file's headers map onto L.Point column names. `columns` maps an
// L.Point name to the file's header; an empty header means "not in this file":
// the reader then uses the column's default (rct_no: the line number, chnl_dv /
// cop_c / br_c: "", de_hr: -1, buy_ct: 1). Unmapped names are looked up as is.
struct ColumnMap {
  std::map<std::string, std::string> columns;
  // Amounts may be decimals (e.g. USD); they are multiplied by this and rounded to whole KRW.
  double amount_scale = 1.0;
  // When the amount column holds a unit price, amount_krw = price × quantity.
  bool amount_is_unit_price = false;
};

struct ReadOptions {
  ColumnMap map;
  bool skip_bad_rows = false;           // else the first malformed row stops reading
  std::size_t max_listed_errors = 100;  // skipped rows beyond this are only counted
};

// Outcome of one read. `error` set = reading stopped there (rows read so far kept).
struct ReadReport {
  std::optional<Error> error;
  std::size_t rows = 0;
  std::size_t skipped = 0;          // malformed rows skipped (skip_bad_rows)
  std::vector<Error> skipped_rows;  // the first max_listed_errors of them
  [[nodiscard]] bool ok() const { return !error.has_value(); }
};

template <class T>
struct CsvRead {
  T data;
  ReadReport report;
  [[nodiscard]] bool ok() const { return report.ok(); }
};

[[nodiscard]] CsvRead<std::vector<Customer>> read_customers(const std::string& path,
                                                            const ReadOptions& options = {});
[[nodiscard]] CsvRead<PurchaseTable> read_purchases(const std::string& path, const ReadOptions& options = {});
// Duplicate pd_c rows keep the first, so a sales file can double as the product list.
[[nodiscard]] CsvRead<std::vector<Product>> read_products(const std::string& path,
                                                          const ReadOptions& options = {});
[[nodiscard]] CsvRead<std::vector<Session>> read_sessions(const std::string& path,
                                                          const ReadOptions& options = {});

// Any transaction file for the CLV fit (fit-clv): customer, date and amount
// columns by header name; amounts may be decimals (kept as is, no rounding).
struct TransactionColumns {
  std::string customer, date, amount;
};
struct TransactionFile {
  std::vector<Transaction> rows;  // Transaction::customer indexes `customers`
  Dictionary customers;
};
[[nodiscard]] CsvRead<TransactionFile> read_transactions(const std::string& path,
                                                         const TransactionColumns& columns,
                                                         bool skip_bad_rows = false);

// The documented mapping of the marketing-insights data set report 001 used:
//   mi_online_sales.csv: cust <- CustomerID, rct_no <- Transaction_ID,
//     de_dt <- Transaction_Date (YYYYMMDD), pd_c <- Product_SKU, buy_ct <- Quantity,
//     buy_am <- Avg_Price (a unit price in USD: × Quantity × 1,166 KRW/USD, the 2019 mean rate),
//     chnl_dv/cop_c/br_c/de_hr absent; products: pd_c <- Product_SKU,
//     pd_nm <- Product_Description, clac_mcls_nm and clac_hlv_nm <- Product_Category;
//   mi_customers.csv: cust <- CustomerID, ma_fem_dv <- Gender, zon_hlv <- Location, ages absent.
[[nodiscard]] ReadOptions mi_sales_purchase_options();
[[nodiscard]] ReadOptions mi_sales_product_options();
[[nodiscard]] ReadOptions mi_customer_options();

}  // namespace smartstore::models
