// Generic (customer, date, amount) files for fitting CLV models on any data.
#include <unordered_map>

#include "table_reader.h"

namespace smartstore::models {

CsvRead<TransactionFile> read_transactions(const std::string& path, const TransactionColumns& columns,
                                           bool skip_bad_rows) {
  using namespace csv;
  CsvRead<TransactionFile> out;
  ReadOptions options;
  options.skip_bad_rows = skip_bad_rows;
  options.map.columns = {{"customer", columns.customer}, {"date", columns.date}, {"amount", columns.amount}};
  std::unordered_map<std::string, std::uint32_t> ids;
  const std::vector<ColumnSpec> specs{{"customer", true}, {"date", true}, {"amount", true}};
  out.report = read_table(path, options, specs,
                          [&](const auto& f, const BoundColumns& c, std::size_t) -> std::optional<FieldProblem> {
                            std::string_view cust = trim(field(f, c, 0));
                            if (cust.empty()) return FieldProblem{0, "a customer id", cust};
                            const auto day = parse_date(trim(field(f, c, 1)));
                            if (!day) return FieldProblem{1, "a date YYYYMMDD or YYYY-MM-DD", field(f, c, 1)};
                            double amount = 0;
                            if (!parse_double(field(f, c, 2), amount)) return FieldProblem{2, "a number", field(f, c, 2)};
                            auto [it, added] = ids.try_emplace(std::string(cust),
                                                               static_cast<std::uint32_t>(out.data.customers.size()));
                            if (added) out.data.customers.names.push_back(it->first);
                            out.data.rows.push_back({it->second, *day, amount});
                            return std::nullopt;
                          });
  return out;
}

}  // namespace smartstore::models
