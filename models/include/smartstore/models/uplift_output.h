#pragma once
// The uplift report for tools (JSON), for a terminal (a table) and for the
// marketer (an HTML section with each interval drawn against zero).
#include <string>

#include "smartstore/models/uplift_report.h"

namespace smartstore::models {

// Headline figures are CUPED-adjusted; the raw Welch figures sit beside them.
[[nodiscard]] std::string uplift_report_json(const UpliftReport& report);
[[nodiscard]] std::string uplift_report_table(const UpliftReport& report);
// A <section> for the batch report (html_report.h's ReportData::uplift_section).
[[nodiscard]] std::string uplift_html_section(const UpliftReport& report);
// A page of its own around the section.
[[nodiscard]] std::string uplift_html_page(const UpliftReport& report);

}  // namespace smartstore::models
